import Foundation
import GRDB
package import OutpostCore

/// An open conflict as every replica shows it (`docs/ARCHITECTURE.md`, "Conflicts").
package struct OpenConflict: Hashable, Sendable {
    package var id: ConflictID
    package var table: String
    package var row: RowID
    /// The row's text id (`SZ01.17`).
    package var rowText: String
    package var column: String
    /// The competing heads, ascending by version.
    package var heads: [Register<Value>.Head]
    /// The value shown, chosen by the column's policy.
    package var shown: Value
}

/// A change kept pending, and why (`docs/ARCHITECTURE.md`, "Pending changes").
package struct PendingChange: Hashable, Sendable {
    package var change: Change
    package var reason: String
}

extension StationStore {
    /// This station's changes not yet acknowledged by the relay, in local order (the outbox).
    package func unsentChanges(limit: Int = .max) throws -> [Change] {
        try read { db in
            guard let local = try LocalStation.fetch(db), let handle = try StationDirectory(db).existingHandle(for: local.id) else { return [] }
            let pushed = try Int64.fetchOne(db, sql: "SELECT pushed_sequence FROM outpost_local")!
            var out = [Change]()
            // From the log row holding change pushed + 1 to the station's last.
            let range = BatchApplier.logIDs(of: handle)
            let first = try Int64.fetchOne(
                db, sql: "SELECT max(id) FROM outpost_log WHERE id BETWEEN ? AND ?",
                arguments: [range.lowerBound, BatchApplier.logID(station: handle, sequence: UInt64(pushed) + 1)])
            let cursor = try Data.fetchCursor(
                db,
                sql: """
                    SELECT changes FROM outpost_log WHERE id BETWEEN ? AND ? AND last_sequence > ? ORDER BY id
                    """, arguments: [first ?? range.lowerBound, range.upperBound, pushed])
            while out.count < limit, let data = try cursor.next() {
                for change in try ChangeBatch.decode(Array(data)) where change.id.sequence > UInt64(pushed) && out.count < limit {
                    out.append(change)
                }
            }
            return out
        }
    }

    /// Every change this replica has received (applied or pending), by version: a causal order
    /// (a change's clock is above those of every change its writer had seen), the same on every
    /// replica.
    package func loggedChanges() throws -> [Change] {
        try read { db in try Self.loggedChanges(db) }
    }

    static func loggedChanges(_ db: Database) throws -> [Change] {
        var out = [Change]()
        let cursor = try Data.fetchCursor(db, sql: "SELECT changes FROM outpost_log")
        while let data = try cursor.next() { out += try ChangeBatch.decode(Array(data)) }
        return out.sorted { $0.version < $1.version }
    }

    /// Open conflicts, ordered by id.
    package func openConflicts() throws -> [OpenConflict] {
        try read { db in
            let directory = try StationDirectory(db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.table_name, c.row_handle, c.column_name, r.state
                    FROM outpost_conflicts c JOIN outpost_rows r ON r.handle = c.row_handle ORDER BY c.id
                    """)
            return try rows.map { row in
                let tableName: String = row[1]
                let handle: Int64 = row[2]
                let columnName: String = row[3]
                guard let table = schema.table(tableName), let position = table.columnIndex[columnName],
                    let id = ConflictID(row[0] as String)
                else {
                    throw StoreError(.malformedChange, "conflict bookkeeping names unknown \(tableName).\(columnName)")
                }
                let stored = try directory.unpack(row[4], columnCount: table.columns.count)
                let stationHandle = handle >> 44
                let sequence = UInt64(handle >> 4) & BatchApplier.maximumSequence
                let entry = directory[stationHandle]!
                return OpenConflict(
                    id: id, table: tableName, row: RowID(station: entry.station, sequence: sequence),
                    rowText: RowText.make(code: entry.code ?? "~", sequence: sequence), column: columnName,
                    heads: stored.state.fields[position].heads, shown: stored.state.shown(position, in: table)
                )
            }
        }
    }

    /// Every change to one row, by version: the row's field history.
    package func history(of row: RowID, in table: String) throws -> [Change] {
        try read { db in
            let directory = try StationDirectory(db)
            guard let number = schema.tableNumber(table), let station = directory.existingHandle(for: row.station) else { return [] }
            let handle = BatchApplier.handle(station: station, sequence: row.sequence, table: number)
            guard let data = try Data.fetchOne(db, sql: "SELECT state FROM outpost_rows WHERE handle = ?", arguments: [handle]) else { return [] }
            let stored = try directory.unpack(data, columnCount: schema.tables[number].columns.count)
            var out = [Change]()
            for logID in stored.log {
                guard let batch = try Data.fetchOne(db, sql: "SELECT changes FROM outpost_log WHERE id = ?", arguments: [logID]) else { continue }
                out += try ChangeBatch.decode(Array(batch)).filter { $0.row == row && $0.table == table }
            }
            return out.sorted { $0.version < $1.version }
        }
    }

    /// Changes kept pending, in (station, sequence) order.
    package func pendingChanges() throws -> [PendingChange] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT reason, change FROM outpost_pending ORDER BY station, sequence").flatMap { row in
                try ChangeBatch.decode(Array(row[1] as Data)).map { PendingChange(change: $0, reason: row[0]) }
            }
        }
    }

    /// A domain table's rows exactly as `select * from TABLE order by id` returns them.
    package func rows(of table: String) throws -> [[Value]] {
        guard schema.table(table) != nil else { throw StoreError(.unknownTable, "unknown table '\(table)'") }
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id").map { row in
                row.databaseValues.map(Value.init)
            }
        }
    }

    /// The id of a row given as text (`SZ01.17`), if this replica knows its station.
    package func rowID(_ text: String) throws -> RowID? {
        guard let (code, sequence) = RowText.parse(text) else { return nil }
        return try read { db in
            try Data.fetchOne(db, sql: "SELECT station FROM outpost_stations WHERE code = ?", arguments: [code])
                .flatMap { StationID(bytes: Array($0)) }
                .map { RowID(station: $0, sequence: sequence) }
        }
    }
}
