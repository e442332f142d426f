import Foundation
import GRDB
package import OutpostCore

extension StationStore {
    /// Applies one part of the relay's state (`docs/ARCHITECTURE.md`, "Bootstrap"), with
    /// `settings` (the download's progress), in one transaction; a part that does not fit this
    /// schema or names what this station holds already is refused whole.
    ///
    /// Each row arrives with its full merge state, so it is written as the replica that sent it
    /// holds it: heads, tombstones and set elements, never the superseded changes. The first
    /// part records each station's progress at the state's position; from then on a change of
    /// those stations at or below it counts as applied, exactly as on a station that replayed
    /// them, so a late write naming a superseded version leaves no head.
    package func applyState(_ part: StatePart, settings: [String: String?] = [:]) throws {
        try transaction { db in
            // A state writes each page about once: the replica's page cache would only end up
            // holding the whole new database in memory (`docs/ARCHITECTURE.md`, "Bootstrap").
            try db.execute(sql: "PRAGMA cache_size = \(-Self.stateCacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(-DatabasePool.replicaCacheKiB)") }
            var directory = try StationDirectory(db)
            func refuse(_ why: String) -> StoreError { StoreError(.malformedChange, "the relay's state is malformed: \(why); nothing was applied") }
            for progress in part.progress {
                let handle = try directory.handle(for: progress.station, db)
                guard directory[handle]!.appliedSequence == 0 else {
                    throw refuse("it names station \(progress.station), whose changes this station holds already")
                }
                guard (1...Change.maximumSequence).contains(progress.sequence) else {
                    throw refuse("station \(progress.station)'s sequence \(progress.sequence) is out of range")
                }
                try db.cachedStatement(sql: "INSERT INTO outpost_state_floor (station, sequence, clock) VALUES (?, ?, ?)").execute(arguments: [
                    handle, Int64(progress.sequence), Int64(bitPattern: progress.clock.rawValue),
                ])
                directory.markApplied(handle, sequence: progress.sequence, clock: progress.clock.rawValue)
                if !progress.code.isEmpty {
                    guard StationCode.isValid(progress.code) else { throw refuse("station code '\(progress.code)' is not a station code") }
                    try directory.setCode(progress.code, for: handle)
                }
            }
            try directory.writeCodes(db)
            var inserts = [Int: Statement]()
            for row in part.rows {
                try insertStateRow(row, stationIDs: part.stationIDs, &directory, &inserts, refuse, db)
            }
            for change in part.held.sorted(by: { $0.id < $1.id }) {
                let handle = try directory.handle(for: change.id.station, db)
                let bytes = Data(ChangeBatch.encode([change]))
                if change.id.sequence <= directory[handle]!.appliedSequence {
                    guard let reason = BatchApplier.pendingReason(change, under: schema) else {
                        throw refuse("change \(change.id) is held pending, but this schema applies it")
                    }
                    try db.execute(
                        sql: "INSERT INTO outpost_pending (station, sequence, reason, change) VALUES (?, ?, ?, ?)",
                        arguments: [handle, Int64(change.id.sequence), reason, bytes])
                } else {
                    try db.execute(
                        sql: "INSERT INTO outpost_waiting (station, sequence, change) VALUES (?, ?, ?)",
                        arguments: [handle, Int64(change.id.sequence), bytes])
                }
            }
            try Self.write(settings: settings, db)
        }
    }

    /// The page cache, in KiB, while a part of a state is written: enough for the pages the
    /// indexes touch out of order.
    static let stateCacheKiB = 8_192

    /// Writes one row as the state gives it: bookkeeping, domain row and open conflicts. Its
    /// shown values must be what its heads give, so a row that does not fit the schema, or whose
    /// values disagree with its merge state, is refused.
    private func insertStateRow(
        _ row: StateRow, stationIDs: [StationID], _ directory: inout StationDirectory, _ inserts: inout [Int: Statement],
        _ refuse: (String) -> StoreError, _ db: Database
    ) throws {
        guard schema.tables.indices.contains(row.table) else { throw refuse("row \(row.row) names table \(row.table), which this schema lacks") }
        let table = schema.tables[row.table]
        guard (1...Change.maximumSequence).contains(row.row.sequence) else { throw refuse("row \(row.row)'s sequence is out of range") }
        let stationHandle = try directory.handle(for: row.row.station, db)
        let handle = BatchApplier.handle(station: stationHandle, sequence: row.row.sequence, table: row.table)
        var stored: StoredRow
        do {
            stored = try StoredRow(unpacking: row.state, columnCount: table.columns.count) { index in
                guard index >= 0, index < stationIDs.count else {
                    throw refuse("row \(row.row)'s merge state names station \(index) of \(stationIDs.count)")
                }
                return stationIDs[Int(index)]
            }
        } catch let error as DecodingError {
            throw refuse("row \(row.row)'s merge state: \(error)")
        }
        guard stored.log.isEmpty else { throw refuse("row \(row.row)'s merge state names history, which is local") }
        if let created = stored.state.created {
            guard row.values.count == table.columns.count else {
                throw refuse("row \(row.row) of \(table.name) has \(row.values.count) values for \(table.columns.count) columns")
            }
            for position in table.columns.indices where stored.state.elided.contains(position) {
                stored.state.fields[position].setPayload(row.values[position], at: 0)
            }
            // A field still holding only its creation's write shows the value just filled in:
            // only the others are checked against their heads.
            let filled = stored.state.elided
            stored.state.elided = []
            for position in table.columns.indices {
                if filled.contains(position), !table.columns[position].isSet, stored.state.fields[position].heads.count == 1 { continue }
                guard stored.state.shown(position, in: table) == row.values[position] else {
                    throw refuse("row \(row.row) of \(table.name) shows a \(table.columns[position].name) its heads do not give")
                }
            }
            let code = directory[stationHandle]?.code ?? "~" + String(row.row.station.description.prefix(8))
            if inserts[row.table] == nil {
                let columns = (["rowid", "id"] + table.columns.map { "\"\($0.name)\"" } + ["created", "updated"]).joined(separator: ", ")
                inserts[row.table] = try db.makeStatement(
                    sql: "INSERT INTO \(table.name) (\(columns)) VALUES (\(databaseQuestionMarks(count: table.columns.count + 4)))")
            }
            do {
                try inserts[row.table]!.execute { parameters in
                    try parameters.append(handle)
                    try parameters.append(RowText.make(code: code, sequence: row.row.sequence))
                    for value in row.values { try parameters.append(value) }
                    try parameters.append(created.clock.isoText)
                    try parameters.append((stored.state.latest ?? created).clock.isoText)
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw refuse("row \(row.row) of \(table.name) is here already")
            }
            for position in table.columns.indices {
                guard let conflict = stored.state.conflict(position, in: table, row: row.row) else { continue }
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO outpost_conflicts (id, table_name, row_handle, column_name) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [conflict.description, table.name, handle, table.columns[position].name])
            }
        } else {
            guard row.values.isEmpty else { throw refuse("row \(row.row) has values but no creation") }
        }
        let packed = try stored.pack { try directory.handle(for: $0, db) }
        do {
            try db.cachedStatement(sql: "INSERT INTO outpost_rows (handle, state) VALUES (?, ?)").execute { parameters in
                try parameters.append(handle)
                try parameters.append(bytes: packed)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw refuse("row \(row.row) of \(table.name) is here already")
        }
    }

    /// Whether this station was bootstrapped from the relay's state and its log lacks the
    /// history before it.
    package func lacksHistory() throws -> Bool {
        try read { db in try Self.lacksHistory(db) }
    }

    static func lacksHistory(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outpost_state_floor)") ?? false
    }
}
