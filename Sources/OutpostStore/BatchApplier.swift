import Foundation
import GRDB
package import OutpostCore

/// What applying a batch did.
package struct ApplyReport: Hashable, Sendable {
    /// Changes merged into the heads.
    package var applied = 0
    /// Changes already received before (same content).
    package var duplicates = 0
    /// Changes held until an earlier change of their station arrives.
    package var waiting = 0
    /// Changes kept pending: this schema version cannot apply them yet.
    package var pending = 0
    /// Conflicts that opened in this batch.
    package var newConflicts: Set<ConflictID> = []
    /// Conflicts that this batch settled.
    package var settledConflicts: Set<ConflictID> = []

    package init() {}
}

/// Applies changes, local or remote, inside one write transaction, then writes each touched
/// row's bookkeeping and domain row once (`docs/ARCHITECTURE.md`, "B-tree writes per change").
///
/// Changes are merged in each station's sequence order: a change that arrives ahead of an
/// earlier one of its station waits in `outpost_waiting` until the gap closes. That is what makes
/// the registers' tombstones exact, and the result independent of arrival order.
final class BatchApplier {
    private let db: Database
    let schema: Schema
    var stations: StationDirectory
    private var rows: [Int64: LoadedRow] = [:]
    private var rowOrder: [Int64] = []
    /// Changes received in this batch, per station handle, in sequence order.
    private var logged: [Int64: [Change]] = [:]
    private var loggedOrder: [Int64] = []
    private var waitingStations: Set<Int64>
    private(set) var report = ApplyReport()
    /// Domain-row statements by shape (table, and for updates the columns written); see
    /// `domainStatement`.
    private var domainStatements: [Int: Statement] = [:]

    private struct LoadedRow {
        var table: TableSchema
        var id: RowID
        var stored: StoredRow
        let wasCreated: Bool
        /// Made by this transaction under an id never used before, so not looked up (see
        /// `applyInOrder`'s `madeHere`): writing it must not replace anything.
        var isNew = false
        var dirty = ColumnSet()
        /// Columns this batch writes to; of those, the conflicts open before it wrote (most
        /// have none, so most rows allocate nothing for this).
        var written = ColumnSet()
        var conflictsBefore: [Int: ConflictID] = [:]
        var stations: Set<Int64> = []
    }

    /// Row handles pack (station handle, sequence, table) into one integer, which is also the
    /// domain row's rowid: no index is needed to find either.
    static func handle(station: Int64, sequence: UInt64, table: Int) -> Int64 {
        station << 44 | Int64(sequence) << 4 | Int64(table)
    }

    static let maximumSequence = Change.maximumSequence

    /// The table number a row handle packs (see `handle(station:sequence:table:)`).
    static func tableNumber(of handle: Int64) -> Int { Int(handle & 0xF) }

    /// Log row ids pack (station handle, first sequence): a station's log rows are one id range,
    /// in sequence order, found without an index.
    static func logID(station: Int64, sequence: UInt64) -> Int64 {
        station << 40 | Int64(sequence & maximumSequence)
    }

    /// Every log id a station's rows can have.
    static func logIDs(of station: Int64) -> ClosedRange<Int64> {
        logID(station: station, sequence: 0)...logID(station: station, sequence: maximumSequence)
    }

    /// - Parameter context: the station directory and waiting stations as the transaction found
    ///   them (see `WriteContext`).
    init(_ db: Database, schema: Schema, context: WriteContext.Loaded) {
        self.db = db
        self.schema = schema
        stations = context.stations
        waitingStations = context.waiting
    }

    /// The context as this batch leaves it, for the next transaction.
    func context(local: LocalStation?) -> WriteContext.Loaded {
        WriteContext.Loaded(local: local, stations: stations, waiting: waitingStations)
    }

    // MARK: - Receiving

    /// Takes one change from any station: applies it, or recognises it as a duplicate, or holds it
    /// until its station's earlier changes arrive.
    func receive(_ change: Change) throws {
        let station = try stations.handle(for: change.id.station, db)
        let applied = stations[station]!.appliedSequence
        if change.id.sequence <= applied {
            try verifyDuplicate(change, station: station)
            report.duplicates += 1
        } else if change.id.sequence > applied + 1 {
            try hold(change, station: station)
        } else {
            try applyInOrder(change, station: station)
            try drainWaiting(station)
        }
    }

    /// Applies the next change of a station (its sequence is exactly one past the applied one).
    ///
    /// - Parameter madeHere: a change `LocalWrite` just made. It has checked it against this
    ///   schema, so it cannot be pending; and a row it creates has an id never used before, so
    ///   there is no bookkeeping to look up. (A third of a clerk's edits are notes, each a new row.)
    func applyInOrder(_ change: Change, station: Int64, madeHere: Bool = false) throws {
        try checkStructure(change, station: station)
        assert(!madeHere || pendingReason(change) == nil, "a local change this schema cannot apply: \(change)")
        if !madeHere, let reason = pendingReason(change) {
            try db.cachedStatement(sql: "INSERT INTO outpost_pending (station, sequence, reason, change) VALUES (?, ?, ?, ?)")
                .execute(arguments: [station, Int64(change.id.sequence), reason, Data(ChangeBatch.encode([change]))])
            report.pending += 1
        } else {
            try merge(change, station: station, isNew: madeHere && change.isCreation)
            report.applied += 1
        }
        stations.markApplied(station, sequence: change.id.sequence, clock: change.version.clock.rawValue)
        if logged[station] == nil { loggedOrder.append(station) }
        logged[station, default: []].append(change)
    }

    /// - Parameter isNew: the row has never been seen: no bookkeeping to look up.
    private func merge(_ change: Change, station: Int64, isNew: Bool) throws {
        let tableNumber = schema.tableNumber(change.table)!
        let table = schema.tables[tableNumber]
        let handle = Self.handle(station: try stations.handle(for: change.row.station, db), sequence: change.row.sequence, table: tableNumber)
        // Taken out of the dictionary while it changes, so its arrays are not copied on write.
        var row = try rows.removeValue(forKey: handle) ?? load(handle, table: table, id: change.row, isNew: isNew)
        defer { rows[handle] = row }
        var positions = ColumnSet()
        switch change.operation {
        case .create(let fields): for field in fields { if let position = table.columnIndex[field.column] { positions.insert(position) } }
        case .set(let column, _), .add(let column, _), .remove(let column, _):
            if let position = table.columnIndex[column] { positions.insert(position) }
        }
        for position in positions.subtracting(row.written) {
            row.conflictsBefore[position] = row.stored.state.conflict(position, in: table, row: row.id)
        }
        row.written.formUnion(positions)
        let touched = try row.stored.state.apply(change, in: table, isApplied: stations.isApplied) { position in
            try self.domainValue(table, column: table.columns[position].name, handle: handle)
        }
        row.dirty.formUnion(touched)
        row.stations.insert(station)

        if change.table == "stations", case .create(let fields) = change.operation, change.row.station == change.id.station,
            let code = fields.first(where: { $0.column == "code" })?.value.text
        {
            try stations.setCode(code, for: station)
        }
    }

    private func load(_ handle: Int64, table: TableSchema, id: RowID, isNew: Bool = false) throws -> LoadedRow {
        if let row = rows[handle] { return row }
        rowOrder.append(handle)
        guard !isNew,
            let data = try db.cachedStatement(sql: "SELECT state FROM outpost_rows WHERE handle = ?").fetchFirstBytes(values: [handle.databaseValue])
        else {
            return LoadedRow(
                table: table, id: id, stored: StoredRow(state: RowState(columnCount: table.columns.count)), wasCreated: false, isNew: isNew)
        }
        let stored = try stations.unpack(data, columnCount: table.columns.count)
        return LoadedRow(table: table, id: id, stored: stored, wasCreated: stored.state.isCreated)
    }

    /// Loads the bookkeeping of many rows with one query per chunk (the hot path of a remote batch).
    func prefetch(_ changes: [Change]) throws {
        var wanted = [Int64: (TableSchema, RowID)]()
        for change in changes {
            guard let number = schema.tableNumber(change.table), let station = stations.existingHandle(for: change.row.station) else { continue }
            let handle = Self.handle(station: station, sequence: change.row.sequence & Self.maximumSequence, table: number)
            if rows[handle] == nil { wanted[handle] = (schema.tables[number], change.row) }
        }
        let handles = Array(wanted.keys)
        for start in stride(from: 0, to: handles.count, by: 500) {
            let chunk = handles[start..<min(start + 500, handles.count)]
            let sql = "SELECT handle, state FROM outpost_rows WHERE handle IN (\(databaseQuestionMarks(count: chunk.count)))"
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(Array(chunk)))
            while let found = try cursor.next() {
                let handle: Int64 = found[0]
                guard let (table, id) = wanted[handle] else { continue }
                let stored = try stations.unpack(found[1], columnCount: table.columns.count)
                rows[handle] = LoadedRow(table: table, id: id, stored: stored, wasCreated: stored.state.isCreated)
                rowOrder.append(handle)
                wanted[handle] = nil
            }
        }
        // Rows not found are new (a batch of creations): known now, so `load` asks no more.
        for (handle, (table, id)) in wanted.sorted(by: { $0.key < $1.key }) {
            rows[handle] = LoadedRow(table: table, id: id, stored: StoredRow(state: RowState(columnCount: table.columns.count)), wasCreated: false)
            rowOrder.append(handle)
        }
    }

    /// The handle and table of a row this replica can name, or nil (unknown table or station).
    private func locate(_ id: RowID, in table: String) -> (handle: Int64, table: TableSchema)? {
        guard let number = schema.tableNumber(table), let station = stations.existingHandle(for: id.station),
            id.sequence <= Self.maximumSequence
        else { return nil }
        return (Self.handle(station: station, sequence: id.sequence, table: number), schema.tables[number])
    }

    /// The current merge state of a row (including this transaction's edits), or nil.
    func state(of id: RowID, in table: String) throws -> RowState? {
        guard let (handle, table) = locate(id, in: table) else { return nil }
        let row = try load(handle, table: table, id: id)
        rows[handle] = row
        return row.stored.state
    }

    /// Whether a row has been created, including by this transaction. Outside this batch a row is
    /// created exactly when its domain row exists (a flush writes no other), which is cheaper to
    /// ask than unpacking its bookkeeping: every note checks its case this way.
    func isCreated(_ id: RowID, in table: String) throws -> Bool {
        guard let (handle, table) = locate(id, in: table) else { return false }
        if let row = rows[handle] { return row.stored.state.isCreated }
        return try db.cachedStatement(sql: "SELECT 1 FROM \(table.name) WHERE rowid = ?").hasRow(values: [handle.databaseValue])
    }

    /// The value a row shows for a column, including this transaction's edits. A single head's
    /// value is elided from the bookkeeping (`docs/ARCHITECTURE.md`, "Bookkeeping rows") and read from the domain row instead.
    func shownValue(of id: RowID, in table: TableSchema, position: Int) throws -> Value {
        guard let state = try state(of: id, in: table.name) else { return .null }
        if state.elided.contains(position), let (handle, _) = locate(id, in: table.name) {
            return try domainValue(table, column: table.columns[position].name, handle: handle)
        }
        return state.shown(position, in: table)
    }

    private func domainValue(_ table: TableSchema, column: String, handle: Int64) throws -> Value {
        let value = try DatabaseValue.fetchOne(
            db.cachedStatement(sql: "SELECT \"\(column)\" FROM \(table.name) WHERE rowid = ?"), arguments: [handle])
        return Value(value ?? .null)
    }

    // MARK: - Order, duplicates, structure

    private func hold(_ change: Change, station: Int64) throws {
        let bytes = ChangeBatch.encode([change])
        if let existing = try Data.fetchOne(
            db, sql: "SELECT change FROM outpost_waiting WHERE station = ? AND sequence = ?", arguments: [station, Int64(change.id.sequence)])
        {
            guard Array(existing) == bytes else { throw Self.reused(change) }
            report.duplicates += 1
            return
        }
        try checkStructure(change, station: station, ordered: false)
        try db.execute(
            sql: "INSERT INTO outpost_waiting (station, sequence, change) VALUES (?, ?, ?)",
            arguments: [station, Int64(change.id.sequence), Data(bytes)])
        waitingStations.insert(station)
        report.waiting += 1
    }

    private func drainWaiting(_ station: Int64) throws {
        guard waitingStations.contains(station) else { return }
        while let next = stations[station].map({ Int64($0.appliedSequence + 1) }),
            let data = try Data.fetchOne(
                db, sql: "SELECT change FROM outpost_waiting WHERE station = ? AND sequence = ?", arguments: [station, next])
        {
            try db.execute(sql: "DELETE FROM outpost_waiting WHERE station = ? AND sequence = ?", arguments: [station, next])
            for change in try ChangeBatch.decode(Array(data)) { try applyInOrder(change, station: station) }
        }
    }

    private func verifyDuplicate(_ change: Change, station: Int64) throws {
        let bytes = ChangeBatch.encode([change])
        if let mine = logged[station]?.first(where: { $0.id == change.id }) {
            guard ChangeBatch.encode([mine]) == bytes else { throw Self.reused(change) }
            return
        }
        let data = try Data.fetchOne(
            db,
            sql: """
                SELECT changes FROM outpost_log WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1
                """, arguments: [Self.logIDs(of: station).lowerBound, Self.logID(station: station, sequence: change.id.sequence)])
        // Changes a heads-only bootstrap counted as applied have no log row here to compare with
        // (`docs/ARCHITECTURE.md`, "Bootstrap"): taken as the duplicates their ids say they are.
        if data == nil, try stations.isBelowStateFloor(station, change.id.sequence, db) { return }
        guard let data, let stored = try ChangeBatch.decode(Array(data)).first(where: { $0.id == change.id }),
            ChangeBatch.encode([stored]) == bytes
        else { throw Self.reused(change) }
    }

    static func reused(_ change: Change) -> StoreError {
        StoreError(.changeIDReused, "change \(change.id) was received before with other content: a restored or copied database")
    }

    /// Structural rules every change must keep; breaking one refuses the whole batch.
    private func checkStructure(_ change: Change, station: Int64, ordered: Bool = true) throws {
        func refuse(_ why: String) -> StoreError { StoreError(.malformedChange, "change \(change.id) is malformed: \(why)") }
        if let problem = change.structuralProblem { throw refuse(problem) }
        if ordered, let entry = stations[station], change.version.clock.rawValue <= entry.appliedClock {
            throw refuse("its clock \(change.version.clock) is not after its station's previous change (\(Timestamp(rawValue: entry.appliedClock)))")
        }
    }

    /// Why this schema version cannot apply a change yet, or nil when it can (`docs/ARCHITECTURE.md`, "Pending changes").
    func pendingReason(_ change: Change) -> String? { Self.pendingReason(change, under: schema) }

    static func pendingReason(_ change: Change, under schema: Schema) -> String? {
        if change.schema > schema.version { return "written under schema \(change.schema); this station knows \(schema.version)" }
        guard let table = schema.table(change.table) else { return "unknown table \(change.table)" }
        if table.appendOnly, !change.isCreation { return "\(table.name) rows never change" }
        func check(_ column: String, _ value: Value, set: Bool) -> String? {
            guard let schema = table.column(column) else { return "unknown column \(table.name).\(column)" }
            guard schema.isSet == set else { return "\(table.name).\(column) is \(schema.isSet ? "a set" : "not a set")" }
            return schema.rule.accepts(value) ? nil : "value '\(value)' not accepted for \(table.name).\(column)"
        }
        switch change.operation {
        case .create(let fields):
            for field in fields {
                let isSet = table.column(field.column)?.isSet ?? false
                if let reason = check(field.column, field.value, set: isSet) { return reason }
            }
            return nil
        case .set(let column, let value): return check(column, value, set: false)
        case .add(let column, let element), .remove(let column, let element): return check(column, element, set: true)
        }
    }

    // MARK: - Writing

    /// Writes the log (which is also each station's progress), every touched row's bookkeeping and
    /// domain row, conflicts, and station codes learned.
    func flush() throws {
        var logIDs = [Int64: Int64]()
        for station in loggedOrder {
            let changes = logged[station]!
            let id = Self.logID(station: station, sequence: changes.first!.id.sequence)
            try db.cachedStatement(sql: "INSERT INTO outpost_log (id, last_sequence, last_clock, changes) VALUES (?, ?, ?, ?)")
                .execute(values: [
                    id.databaseValue, Int64(changes.last!.id.sequence).databaseValue,
                    Int64(bitPattern: changes.last!.version.clock.rawValue).databaseValue, Data(ChangeBatch.encode(changes)).databaseValue,
                ])
            logIDs[station] = id
        }
        for handle in rowOrder {
            guard var row = rows[handle], !row.stations.isEmpty else { continue }
            // Ascending, as `StoredRow` packs them: a station's new id may sort before another's old one.
            row.stored.log = (row.stored.log + row.stations.compactMap { logIDs[$0] }).sorted()
            do {
                try writeDomain(row, handle: handle)
                try writeConflicts(row, handle: handle)
                let packed = try row.stored.pack { try stations.handle(for: $0, db) }
                try db.cachedStatement(
                    sql: row.isNew
                        ? "INSERT INTO outpost_rows (handle, state) VALUES (?, ?)"
                        : "INSERT OR REPLACE INTO outpost_rows (handle, state) VALUES (?, ?)"
                )
                .execute(values: [handle.databaseValue, Data(packed).databaseValue])
            } catch let error as DatabaseError where row.isNew && error.resultCode == .SQLITE_CONSTRAINT {
                // Only a database whose numbers were issued before (restored, or copied to a
                // second machine) gets here; its earlier row is kept, and nothing is written.
                throw StoreError(
                    .changeIDReused, "row \(row.id) exists already, so this station's numbers were used before: a restored or copied database")
            }
        }
        // Progress needs no write: it is each station's last log row (see `StationDirectory`).
        try stations.writeCodes(db)
    }

    private func writeDomain(_ row: LoadedRow, handle: Int64) throws {
        let state = row.stored.state
        guard let created = state.created else { return }
        let table = row.table
        let number = Self.tableNumber(of: handle)
        let updated = state.latest.map { $0.clock.isoText.databaseValue } ?? .null
        var arguments = [DatabaseValue]()
        if !row.wasCreated {
            let code = stations[try stations.handle(for: row.id.station, db)]?.code ?? "~" + String(row.id.station.description.prefix(8))
            arguments.reserveCapacity(table.columns.count + 4)
            arguments += [handle.databaseValue, RowText.make(code: code, sequence: row.id.sequence).databaseValue]
            for position in table.columns.indices { arguments.append(DatabaseValue(state.shown(position, in: table))) }
            arguments += [created.clock.isoText.databaseValue, updated]
            try domainStatement(table, number: number, dirty: nil).execute(values: arguments)
        } else {
            let dirty = row.dirty
            arguments.reserveCapacity(table.columns.count + 2)
            for position in dirty { arguments.append(DatabaseValue(state.shown(position, in: table))) }
            arguments += [updated, handle.databaseValue]
            try domainStatement(table, number: number, dirty: dirty).execute(values: arguments)
        }
    }

    /// The domain row's INSERT (`dirty` nil) or the UPDATE of the `dirty` columns, built once per
    /// shape and batch: building SQL text was a third of a flush's time, and finding the text in
    /// the connection's statement cache hashes all of it.
    private func domainStatement(_ table: TableSchema, number: Int, dirty: ColumnSet?) throws -> Statement {
        var key = number << 58
        if let dirty { key |= 1 << 57 | Int(dirty.bits) }
        if let statement = domainStatements[key] { return statement }
        let sql: String
        if let dirty {
            let assignments = (dirty.map { "\"\(table.columns[$0].name)\" = ?" } + ["updated = ?"]).joined(separator: ", ")
            sql = "UPDATE \(table.name) SET \(assignments) WHERE rowid = ?"
        } else {
            let columns = (["rowid", "id"] + table.columns.map { "\"\($0.name)\"" } + ["created", "updated"]).joined(separator: ", ")
            sql = "INSERT INTO \(table.name) (\(columns)) VALUES (\(databaseQuestionMarks(count: table.columns.count + 4)))"
        }
        let statement = try db.cachedStatement(sql: sql)
        domainStatements[key] = statement
        return statement
    }

    private func writeConflicts(_ row: LoadedRow, handle: Int64) throws {
        for position in row.written {
            let before = row.conflictsBefore[position]
            let after = row.stored.state.conflict(position, in: row.table, row: row.id)
            guard before != after else { continue }
            if let before {
                try db.cachedStatement(sql: "DELETE FROM outpost_conflicts WHERE id = ?").execute(arguments: [before.description])
                if report.newConflicts.remove(before) == nil { report.settledConflicts.insert(before) }
            }
            if let after {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO outpost_conflicts (id, table_name, row_handle, column_name) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [after.description, row.table.name, handle, row.table.columns[position].name])
                if report.settledConflicts.remove(after) == nil { report.newConflicts.insert(after) }
            }
        }
    }
}
