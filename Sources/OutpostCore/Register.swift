/// A multi-value register: the state of one field, or of one set element (DESIGN §3).
///
/// Its heads are the applied writes that no applied write lists in its pred. Heads depend only on
/// the set of writes applied, never on their order, provided each station's writes arrive in that
/// station's order (the store guarantees it):
/// - a pred naming a write not yet applied leaves a tombstone, so that write never becomes a head
///   when it arrives late (DESIGN §6 "Out-of-order arrival");
/// - a write arrives at most once (the store checks sequence numbers), so its tombstone can be
///   dropped when it does.
package struct Register<Payload: Hashable & Sendable>: Hashable, Sendable {
    package struct Head: Hashable, Sendable {
        package var version: Version
        package var payload: Payload

        @inlinable package init(version: Version, payload: Payload) {
            self.version = version
            self.payload = payload
        }
    }

    /// Current heads, ascending by version.
    package internal(set) var heads: [Head]
    /// Versions named by an applied pred whose writes have not arrived yet.
    package internal(set) var tombstones: [Version]

    /// Heads and tombstones in any order; the stored bookkeeping's are already ascending, so a
    /// single one (the usual case) is not sorted (a sort allocates a new array).
    @inlinable package init(heads: [Head] = [], tombstones: [Version] = []) {
        self.heads = heads.count < 2 ? heads : heads.sorted { $0.version < $1.version }
        self.tombstones = tombstones.count < 2 ? tombstones : tombstones.sorted()
    }

    @inlinable package var isEmpty: Bool { heads.isEmpty && tombstones.isEmpty }

    /// Applies one write.
    ///
    /// - Parameter isApplied: whether a version's write has already been applied to this replica.
    /// - Returns: whether the write became a head.
    @discardableResult
    @inlinable package mutating func apply(
        version: Version, payload: Payload, pred: [Version], isApplied: (Version) -> Bool
    ) -> Bool {
        for superseded in pred {
            if let index = heads.firstIndex(where: { $0.version == superseded }) {
                heads.remove(at: index)
            } else if !isApplied(superseded), !tombstones.contains(superseded) {
                tombstones.insert(superseded, at: tombstones.firstIndex { $0 > superseded } ?? tombstones.endIndex)
            }
        }
        if let index = tombstones.firstIndex(of: version) {
            tombstones.remove(at: index)
            return false
        }
        guard !heads.contains(where: { $0.version == version }) else { return false }
        heads.insert(Head(version: version, payload: payload), at: heads.firstIndex { $0.version > version } ?? heads.endIndex)
        return true
    }

    /// The head with the highest version.
    @inlinable package var latest: Head? { heads.last }

    /// Replaces a head's payload (used by the store to fill in a value it stored elsewhere).
    @inlinable package mutating func setPayload(_ payload: Payload, at index: Int) {
        heads[index].payload = payload
    }

    /// The versions of every head, ascending: what a local write names as its pred.
    @inlinable package var headVersions: [Version] { heads.map(\.version) }
}

// Concrete entry points for the store's hot loops (unpacking and packing bookkeeping): calls of
// the generic members from another module went through runtime generic metadata, a tenth of a
// local edit's time (measured).
extension Register where Payload == Value {
    /// Heads and tombstones already ascending, as stored.
    package init(ascending heads: [Head], tombstones: [Version]) {
        self.heads = heads
        self.tombstones = tombstones
    }

    package static func head(_ version: Version, _ payload: Value) -> Head { Head(version: version, payload: payload) }

    package var isUnused: Bool { heads.isEmpty && tombstones.isEmpty }
}

extension Register where Payload == Bool {
    /// Heads and tombstones already ascending, as stored.
    package init(ascending heads: [Head], tombstones: [Version]) {
        self.heads = heads
        self.tombstones = tombstones
    }

    package static func head(_ version: Version, _ present: Bool) -> Head { Head(version: version, payload: present) }
}
