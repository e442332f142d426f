package import Logging
import OutpostCore
package import OutpostRelayStore
package import OutpostStore

/// The relay's private merged replica: the station store's own code, tailing the log of record.
/// Rebuildable at any time by deleting its file; it serves the supervisors' view (open conflicts,
/// stats) and never holds anything the log does not.
package actor MergedReplica {
    package nonisolated let store: StationStore
    private let log: any RelayLog
    private let logger: Logger
    /// Where in the log the replica has caught up to, stored in the replica itself.
    static let positionKey = "relay.position"
    /// Frozen copies serving the state at a position (`MergedReplica+State`), newest last.
    var stateCopies: [StateCopy] = []

    package init(path: String, log: any RelayLog, logger: Logger) throws {
        store = try StationStore(path: path)
        self.log = log
        self.logger = logger
    }

    /// The log position the replica has applied up to.
    package func position() throws -> UInt64 {
        try store.setting(Self.positionKey).flatMap(UInt64.init) ?? 0
    }

    /// Applies everything the log has beyond the replica's position, batch by batch; each batch
    /// and the new position are committed together.
    package func catchUp() async {
        do {
            var position = try self.position()
            while true {
                let slice = try await log.read(after: position, excluding: nil, limits: ReadLimits(maxChanges: 20_000, maxBytes: 16 << 20), upTo: nil)
                guard slice.next > position else { return }
                try store.apply(slice.changes, settings: [Self.positionKey: String(slice.next)])
                position = slice.next
                if !slice.more { return }
            }
        } catch {
            logger.error("merged replica could not catch up with the log", metadata: ["error": "\(error)"])
        }
    }
}
