/// A supervisor as the relay knows them.
package struct RelaySupervisor: Hashable, Sendable, Codable {
    package var name: String
    package var revoked: Bool
    /// Milliseconds since 1970.
    package var added: UInt64
    package var lastSeen: UInt64?

    package init(name: String, revoked: Bool, added: UInt64, lastSeen: UInt64?) {
        self.name = name
        self.revoked = revoked
        self.added = added
        self.lastSeen = lastSeen
    }
}
