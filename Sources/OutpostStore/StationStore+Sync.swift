import Foundation
import GRDB
import OutpostCore

/// Where this station stands with its relay.
package struct SyncState: Hashable, Sendable {
    /// The last sequence this station has issued.
    package var localSequence: UInt64
    /// The last sequence the relay has acknowledged as durable.
    package var pushedSequence: UInt64
    /// Changes not yet acknowledged by the relay (the outbox).
    package var unsent: UInt64 { localSequence - min(localSequence, pushedSequence) }
}

extension StationStore {
    package func syncState() throws -> SyncState {
        try read { db in
            guard let local = try LocalStation.fetch(db) else {
                throw StoreError(.notInitialised, "this database has no station yet: run `outpost init --station CODE` first")
            }
            let pushed = try Int64.fetchOne(db, sql: "SELECT pushed_sequence FROM outpost_local")!
            return SyncState(localSequence: try Self.issuedSequence(local, db), pushedSequence: UInt64(pushed))
        }
    }

    /// Records the relay's acknowledgement: changes up to `sequence` are durable there.
    ///
    /// The relay's word is taken even when lower than before (a relay restored from a backup
    /// asks for the rest again), but never above what this station has issued.
    package func markPushed(through sequence: UInt64) throws {
        try transaction { db in
            guard let local = try LocalStation.fetch(db) else { return }
            let issued = try Self.issuedSequence(local, db)
            try db.execute(sql: "UPDATE outpost_local SET pushed_sequence = ?", arguments: [Int64(min(sequence, issued))])
        }
    }

    /// The last sequence this station has issued: that of its last log row.
    static func issuedSequence(_ local: LocalStation, _ db: Database) throws -> UInt64 {
        let directory = try StationDirectory(db)
        return directory.existingHandle(for: local.id).flatMap { directory[$0]?.appliedSequence } ?? 0
    }

    /// Re-stamps this station's unsent changes that ran ahead, with fresh clock readings, in order,
    /// after the machine's clock was fixed (`docs/ARCHITECTURE.md`, "Clock ahead"). Safe: no other
    /// replica has seen them. Returns how many changes were re-stamped.
    ///
    /// Only the changes from the first one stamped beyond the relay's bound (five minutes past
    /// this machine's clock) are re-stamped: those before it keep their versions, so a change the
    /// relay took before its answer was lost is still recognised there as the same change, not as
    /// another with the same id. The clock restarts from max(wall clock, the highest clock any kept
    /// change carries); the merge state is rebuilt from the log.
    @discardableResult
    package func repairClock(futureBoundMilliseconds: UInt64 = 5 * 60 * 1000) throws -> Int {
        try transaction { db in
            guard let local = try LocalStation.fetch(db) else {
                throw StoreError(.notInitialised, "this database has no station yet: run `outpost init --station CODE` first")
            }
            let pushed = UInt64(try Int64.fetchOne(db, sql: "SELECT pushed_sequence FROM outpost_local") ?? 0)
            let logged = try Self.loggedChanges(db)
            let bound = wallClock() + futureBoundMilliseconds
            let firstAhead = logged.lazy
                .filter { $0.id.station == local.id && $0.id.sequence > pushed && $0.version.clock.milliseconds > bound }
                .map(\.id.sequence).min()
            guard let firstAhead else { return 0 }
            let restamped = { (change: Change) in change.id.station == local.id && change.id.sequence >= firstAhead }
            let kept = logged.filter { !restamped($0) }.map(\.version.clock).max() ?? .zero
            var clock = HybridClock(last: max(kept, Timestamp(milliseconds: wallClock(), counter: 0)))
            var renamed = [Version: Version]()
            var repaired = 0
            let rewritten = logged.map { change -> Change in
                var change = change
                change.pred = change.pred.map { renamed[$0] ?? $0 }
                guard restamped(change) else { return change }
                let fresh = Version(clock: clock.tick(wallMilliseconds: wallClock()), station: local.id)
                renamed[change.version] = fresh
                change.version = fresh
                repaired += 1
                return change
            }
            try rebuild(from: rewritten, db)
            try db.execute(sql: "UPDATE outpost_local SET clock = ?", arguments: [Int64(bitPattern: clock.last.rawValue)])
            return repaired
        }
    }

    /// Rebuilds every domain row and all merge bookkeeping by applying `changes` afresh, in order.
    /// The log is replaced by `changes`.
    func rebuild(from changes: [Change], _ db: Database) throws {
        // A replica bootstrapped from the relay's state lacks the history before it: replaying
        // its log would drop that state (`docs/ARCHITECTURE.md`, "Bootstrap").
        guard try !Self.lacksHistory(db) else {
            throw StoreError(
                .historyAbsent,
                "this station was bootstrapped from the relay's state and does not hold the history before it, so its log cannot be replayed")
        }
        // The customer search index is external content with no delete trigger: emptied here and
        // rebuilt from the replayed rows below, so no stale posting survives a rebuild.
        try db.execute(sql: "INSERT INTO outpost_customer_search(outpost_customer_search) VALUES('delete-all')")
        for table in schema.tables { try db.execute(sql: "DELETE FROM \(table.name)") }
        try db.execute(
            sql: """
                DELETE FROM outpost_rows; DELETE FROM outpost_log; DELETE FROM outpost_conflicts; DELETE FROM outpost_pending;
                UPDATE outpost_stations SET code = NULL;
                """)
        let applier = BatchApplier(db, schema: schema, context: try WriteContext.Loaded(db))
        for change in changes { try applier.receive(change) }
        try applier.flush()
        // The rebuild indexes every row: nothing is left for the end of the transaction.
        try db.execute(
            sql: "INSERT INTO outpost_customer_search(outpost_customer_search) VALUES('rebuild'); DELETE FROM outpost_customer_search_stale")
    }
}
