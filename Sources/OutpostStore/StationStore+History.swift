import Foundation
import GRDB
package import OutpostCore

extension StationStore {
    /// Logs the history a heads-only bootstrap left out (`docs/ARCHITECTURE.md`, "Bootstrap"),
    /// with `settings` (the download's progress), in one transaction.
    ///
    /// Only changes at or below a station's state progress and not logged here yet are taken;
    /// they are logged and each row they touched names their log row, exactly as if they had been
    /// applied here, but nothing is merged again: the state holds their effect already. Once a
    /// station's history is whole from its first change, its state progress is dropped, and once
    /// no station's remains, the log is the whole history again (explain, settled conflicts,
    /// rebuilds). Changes arrive in log order, so each station's in sequence order; any other
    /// order is refused.
    package func addHistory(_ changes: [Change], settings: [String: String?] = [:]) throws {
        try transaction { db in
            let directory = try StationDirectory(db)
            let floors = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT station, sequence FROM outpost_state_floor").map {
                    ($0[0] as Int64, UInt64(bitPattern: $0[1] as Int64))
                })
            var byStation = [Int64: [Change]]()
            for change in changes {
                guard let handle = directory.existingHandle(for: change.id.station), let floor = floors[handle], change.id.sequence <= floor else {
                    continue
                }
                byStation[handle, default: []].append(change)
            }
            var rowLogs = [Int64: (columns: Int, ids: [Int64])]()
            for (handle, received) in byStation.sorted(by: { $0.key < $1.key }) {
                let logged = try Self.loggedThrough(handle, floor: floors[handle]!, db)
                let fresh = received.sorted { $0.id < $1.id }.filter { $0.id.sequence > logged }
                guard let first = fresh.first else { continue }
                for (offset, change) in fresh.enumerated() where change.id.sequence != logged + 1 + UInt64(offset) {
                    throw StoreError(.malformedChange, "history of station \(change.id.station) skips to change \(change.id): nothing was added")
                }
                let id = BatchApplier.logID(station: handle, sequence: first.id.sequence)
                try db.execute(
                    sql: "INSERT INTO outpost_log (id, last_sequence, last_clock, changes) VALUES (?, ?, ?, ?)",
                    arguments: [
                        id, Int64(fresh.last!.id.sequence), Int64(bitPattern: fresh.last!.version.clock.rawValue), Data(ChangeBatch.encode(fresh)),
                    ])
                // A pending change was logged but merged into no row ("Pending changes").
                for change in fresh where BatchApplier.pendingReason(change, under: schema) == nil {
                    guard let number = schema.tableNumber(change.table), let station = directory.existingHandle(for: change.row.station) else {
                        continue
                    }
                    let row = BatchApplier.handle(station: station, sequence: change.row.sequence, table: number)
                    rowLogs[row, default: (schema.tables[number].columns.count, [])].ids.append(id)
                }
            }
            for (row, log) in rowLogs {
                guard let data = try Data.fetchOne(db, sql: "SELECT state FROM outpost_rows WHERE handle = ?", arguments: [row]) else { continue }
                var stored = try directory.unpack(data, columnCount: log.columns)
                stored.log = Array(Set(stored.log + log.ids)).sorted()
                let packed = try stored.pack { station in
                    guard let handle = directory.existingHandle(for: station) else {
                        throw StoreError(.malformedChange, "bookkeeping names unknown station \(station)")
                    }
                    return handle
                }
                try db.execute(sql: "UPDATE outpost_rows SET state = ? WHERE handle = ?", arguments: [Data(packed), row])
            }
            for (handle, floor) in floors where try Self.loggedThrough(handle, floor: floor, db) >= floor {
                try db.execute(sql: "DELETE FROM outpost_state_floor WHERE station = ?", arguments: [handle])
            }
            try Self.write(settings: settings, db)
        }
    }

    /// The highest n such that a station's changes 1...n (at most `floor`) are all logged here.
    static func loggedThrough(_ station: Int64, floor: UInt64, _ db: Database) throws -> UInt64 {
        var through: UInt64 = 0
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, last_sequence FROM outpost_log WHERE id BETWEEN ? AND ? ORDER BY id",
            arguments: [BatchApplier.logID(station: station, sequence: 0), BatchApplier.logID(station: station, sequence: floor)])
        while let row = try rows.next() {
            let first = UInt64(bitPattern: row[0] as Int64) & BatchApplier.maximumSequence
            guard first == through + 1 else { break }
            through = UInt64(bitPattern: row[1] as Int64)
        }
        return min(through, floor)
    }
}
