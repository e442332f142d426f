import Foundation
import GRDB
import OutpostCore

extension StationStore {
    /// After an upgrade, applies the changes an older schema kept pending (`docs/ARCHITECTURE.md`,
    /// "Pending changes").
    ///
    /// A pending change was logged and counted as received, but kept outside the heads. When this
    /// schema can apply at least one of them, the replica is rebuilt from its log: every change is
    /// merged afresh in each station's order, so the result is exactly what a station that always
    /// ran this schema holds. Nothing is sent again; it costs one replay of the log, once.
    func applyPendingChangesNowUnderstood() throws {
        let schema = schema
        let understood = try read { db in
            // Without the whole history the replica cannot be rebuilt: the changes stay pending.
            if try Self.lacksHistory(db) { return false }
            let cursor = try Data.fetchCursor(db, sql: "SELECT change FROM outpost_pending")
            while let data = try cursor.next() {
                for change in try ChangeBatch.decode(Array(data)) where BatchApplier.pendingReason(change, under: schema) == nil {
                    return true
                }
            }
            return false
        }
        guard understood else { return }
        try transaction { db in try rebuild(from: try Self.loggedChanges(db), db) }
    }
}
