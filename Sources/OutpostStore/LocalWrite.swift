import Foundation
import GRDB
package import OutpostCore

/// The edits of one local transaction (see `StationStore.write`).
///
/// Each edit is validated, stamped with a fresh hybrid-clock version and the next sequence
/// number, takes the field's current heads as its pred (so it settles any open conflict on that
/// field), and is merged through the same applier as remote changes.
package final class LocalWrite {
    private let db: Database
    private let schema: Schema
    private let applier: BatchApplier
    private let stationHandle: Int64
    private var clock: HybridClock
    private let wallClock: @Sendable () -> UInt64
    package let author: String
    package let station: LocalStation
    /// The changes made so far, in order.
    package private(set) var changes: [Change] = []

    private let context: WriteContext

    init(_ db: Database, schema: Schema, author: String, wallClock: @escaping @Sendable () -> UInt64, context: WriteContext) throws {
        let loaded = try context.load(db)
        guard let station = try loaded.local ?? LocalStation.fetch(db) else {
            throw StoreError(.notInitialised, "this database has no station yet: run `outpost init --station CODE` first")
        }
        self.db = db
        self.schema = schema
        self.author = author
        self.station = station
        self.wallClock = wallClock
        self.context = context
        applier = BatchApplier(db, schema: schema, context: loaded)
        stationHandle = try applier.stations.handle(for: station.id, db)
        // The highest reading issued or observed: every applied change's clock counts.
        clock = HybridClock(last: max(station.clockFloor, Timestamp(rawValue: loaded.stations.highestAppliedClock)))
    }

    /// Now, by the wall clock, in milliseconds since 1970.
    package var now: UInt64 { wallClock() }

    // MARK: - Edits

    /// Creates a row with its initial fields; a set column may be given several times.
    @discardableResult
    package func create(_ tableName: String, _ fields: [Field]) throws -> RowID {
        let table = try self.table(tableName)
        var normalised = [Field]()
        for field in fields {
            guard let column = table.column(field.column) else { throw unknownColumn(table, field.column) }
            let value = try validate(field.value, for: column, in: table)
            // A set element given twice (the same phone typed two ways) is listed once.
            if column.isSet, normalised.contains(Field(field.column, value)) { continue }
            normalised.append(Field(field.column, value))
        }
        for column in table.columns where column.rule.isRequired && !normalised.contains(where: { $0.column == column.name }) {
            throw StoreError(.invalidValue, "missing \(column.name) for \(table.name): expected \(column.rule.expectation)")
        }
        let change = try stamp(table, row: nil, .create(normalised), pred: [])
        return change.row
    }

    /// Writes one field of an existing row, over all its current heads.
    package func set(_ tableName: String, _ row: RowID, _ columnName: String, _ value: Value) throws {
        let (table, column, state) = try target(tableName, row, columnName, set: false)
        if table.name == "stations", column.name == "code" {
            throw StoreError(.readOnly, "a station's code never changes: it names every row the station made")
        }
        let value = try validate(value, for: column, in: table)
        try stamp(table, row: row, .set(column: column.name, value: value), pred: state.heads(table.columnIndex[column.name]!))
    }

    /// Settles a conflict: writes `value` over the field's heads, but only if they are still
    /// exactly `expected` (the heads the person saw); checked inside this transaction, so a sync
    /// that lands meanwhile cannot be overwritten unseen.
    package func settle(_ tableName: String, _ row: RowID, _ columnName: String, to value: Value, expecting expected: [Version]) throws {
        let (table, column, state) = try target(tableName, row, columnName, set: false)
        guard state.heads(table.columnIndex[column.name]!) == expected.sorted() else {
            throw StoreError(
                .headsChanged, "heads changed, list again: \(table.name).\(column.name) of \(text(of: row) ?? row.description) has other values now")
        }
        try set(tableName, row, columnName, value)
    }

    /// Adds an element to a set column (phones, emails, tags); the text is normalised first.
    package func add(_ tableName: String, _ row: RowID, _ columnName: String, _ element: String) throws {
        let (table, column, state) = try target(tableName, row, columnName, set: true)
        let value = try validate(.text(element), for: column, in: table)
        try stamp(table, row: row, .add(column: column.name, element: value), pred: state.heads(table.columnIndex[column.name]!, element: value))
    }

    /// Removes an element from a set column: the heads seen are named, so a concurrent add survives.
    package func remove(_ tableName: String, _ row: RowID, _ columnName: String, _ element: String) throws {
        let (table, column, state) = try target(tableName, row, columnName, set: true)
        let value = try validate(.text(element), for: column, in: table)
        try stamp(table, row: row, .remove(column: column.name, element: value), pred: state.heads(table.columnIndex[column.name]!, element: value))
    }

    // MARK: - Reads inside the transaction

    /// The value a row shows for a column, including this transaction's edits.
    package func shown(_ tableName: String, _ row: RowID, _ columnName: String) throws -> Value {
        let (table, column, _) = try target(tableName, row, columnName, set: nil)
        return try applier.shownValue(of: row, in: table, position: table.columnIndex[column.name]!)
    }

    /// Writes a field's shown value again over only the head that shows it, leaving concurrent
    /// heads (and so any open conflict) in place.
    ///
    /// `docs/ARCHITECTURE.md`, "Merge policies" (`openWins`): every workflow event on an open case touches `status` this way, so a
    /// close made concurrently at another station sees the work and the case stays open; a note
    /// must not settle a status conflict as a side effect.
    package func touch(_ tableName: String, _ row: RowID, _ columnName: String) throws {
        let (table, column, state) = try target(tableName, row, columnName, set: false)
        let position = table.columnIndex[column.name]!
        guard let winner = column.policy.winner(of: state.fields[position].heads) else { return }
        let value = try applier.shownValue(of: row, in: table, position: position)
        try stamp(table, row: row, .set(column: column.name, value: value), pred: [winner.version])
    }

    /// The id of a row given as text (`SZ01.17`), if this replica knows the station.
    package func rowID(_ text: String) -> RowID? {
        guard let (code, sequence) = RowText.parse(text), let handle = applier.stations.handle(forCode: code),
            let station = applier.stations[handle]?.station
        else { return nil }
        return RowID(station: station, sequence: sequence)
    }

    /// The text form of a row id (`SZ01.17`).
    package func text(of row: RowID) -> String? {
        applier.stations.existingHandle(for: row.station).flatMap { applier.stations[$0]?.code }
            .map { RowText.make(code: $0, sequence: row.sequence) }
    }

    /// The next case number of today, in the station's time zone: `SZ01-20261122-0007`.
    package func nextCaseNumber() throws -> String {
        let zone = TimeZone(identifier: station.timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(now) / 1000))
        let day = String(format: "%04d%02d%02d", parts.year!, parts.month!, parts.day!)
        let last = try Int.fetchOne(
            db,
            sql: """
                INSERT INTO outpost_case_numbers (day, last) VALUES (?, 1)
                ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last
                """, arguments: [day])!
        return "\(station.code)-\(day)-\(String(format: "%04d", last))"
    }

    // MARK: - Internals

    private func table(_ name: String) throws -> TableSchema {
        guard let table = schema.table(name) else {
            throw StoreError(.unknownTable, "unknown table '\(name)': expected one of " + schema.tables.map(\.name).joined(separator: ", "))
        }
        return table
    }

    private func unknownColumn(_ table: TableSchema, _ name: String) -> StoreError {
        StoreError(.unknownColumn, "unknown field '\(name)' for \(table.name): expected one of " + table.columns.map(\.name).joined(separator: ", "))
    }

    /// The table, column and current state of a row that must exist.
    private func target(_ tableName: String, _ row: RowID, _ columnName: String, set: Bool?) throws -> (TableSchema, ColumnSchema, RowState) {
        let table = try self.table(tableName)
        guard let column = table.column(columnName) else { throw unknownColumn(table, columnName) }
        if table.appendOnly { throw StoreError(.readOnly, "\(table.name) rows are never changed: append a new one instead") }
        if let set, column.isSet != set {
            throw StoreError(
                .invalidValue, set ? "\(column.name) is a single value: set it instead" : "\(column.name) is a set: add or remove elements instead")
        }
        guard let state = try applier.state(of: row, in: table.name), state.isCreated else {
            throw StoreError(.unknownRow, "no \(table.name) row \(text(of: row) ?? row.description)")
        }
        return (table, column, state)
    }

    /// Checks a value against its column's rule (and, for references, that the row exists);
    /// returns the value to store (set elements normalised).
    private func validate(_ value: Value, for column: ColumnSchema, in table: TableSchema) throws -> Value {
        var value = value
        if case .element(let kind) = column.rule, let text = value.text, let normalised = kind.normalise(text) {
            value = .text(normalised)
        }
        guard column.rule.accepts(value) else {
            throw StoreError.invalid(table.name, column.name, value, expected: column.rule.expectation)
        }
        switch (column.rule, value) {
        case (.reference(let target), .text(let text)), (.optionalReference(let target), .text(let text)):
            guard let id = rowID(text), try applier.isCreated(id, in: target) else {
                throw StoreError(.unknownRow, "no \(target) row \(text) for \(table.name).\(column.name)")
            }
        default:
            break
        }
        return value
    }

    @discardableResult
    private func stamp(_ table: TableSchema, row: RowID?, _ operation: Change.Operation, pred: [Version]) throws -> Change {
        let sequence = applier.stations[stationHandle]!.appliedSequence + 1
        let version = Version(clock: clock.tick(wallMilliseconds: now), station: station.id)
        let id = ChangeID(station: station.id, sequence: sequence)
        let change = Change(
            id: id, table: table.name, row: row ?? RowID(id), operation: operation, version: version,
            pred: pred, author: author, schema: schema.version
        )
        // The relay refuses a change over the size limits; refusing it here keeps it out of the
        // outbox, where it would block every later push.
        if let problem = change.sizeProblem {
            throw StoreError(.invalidValue, "\(table.name): \(problem); shorten the text")
        }
        try applier.applyInOrder(change, station: stationHandle, madeHere: true)
        changes.append(change)
        return change
    }

    /// Writes everything; called once, at the end of the transaction. The clock needs no write of
    /// its own: only stamps tick it, and every stamp is an applied change (see `LocalStation.fetch`).
    func finish() throws {
        try applier.flush()
        context.keep(applier.context(local: station))
    }
}
