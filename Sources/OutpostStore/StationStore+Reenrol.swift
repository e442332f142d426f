import Foundation
import GRDB
package import OutpostCore

/// What `reenrol` did.
package struct Reenrolment: Hashable, Sendable {
    /// The database's new identity.
    package var station: LocalStation
    /// The identity it had, which stays in the log as another station's.
    package var previous: LocalStation
    /// Unsent changes issued again under the new identity.
    package var reissued: Int
    /// Case numbers given anew, old → new (a copy may have issued the same ones).
    package var renumbered: [String: String]
}

extension StationStore {
    /// Gives a copied or restored database a new incarnation (`docs/ARCHITECTURE.md`,
    /// "Copied and restored databases"): a new random station id and code, under which every
    /// unsent change is issued again, in order.
    ///
    /// The changes the relay acknowledged stay as they are, now another station's: the copy that
    /// kept the old identity may go on using it. The unsent ones, which the relay refused because
    /// the other copy used their ids first, become the new station's changes #2, #3, … after its
    /// own `stations` row (#1). They keep their clocks, so they still rank by when they were made:
    /// an edit made last week does not overwrite one made elsewhere since. Rows they created get
    /// new ids, references to those rows and the versions they overwrote are renamed to match, and
    /// the case numbers they issued are issued again under the new code. Nothing is dropped: the merge state is rebuilt from the rewritten
    /// log, and the next sync pulls the whole log again, so the other copy's changes arrive like
    /// anyone else's.
    ///
    /// - Parameter settings: settings written in the same transaction (the new token, and a pull
    ///   cursor back at the log's start), so an interrupted re-enrolment leaves nothing half done.
    package func reenrol(code: String, settings: [String: String?] = [:], generator: inout some RandomNumberGenerator) throws -> Reenrolment {
        guard StationCode.isValid(code) else {
            throw StoreError(
                .invalidValue, "invalid station code '\(code)': expected 2–8 upper-case letters or digits starting with a letter, such as SZ01B")
        }
        let newID = StationID.random(using: &generator)
        return try transaction { db in
            guard let previous = try LocalStation.fetch(db) else {
                throw StoreError(.notInitialised, "this database has no station yet: run `outpost init --station CODE` first")
            }
            guard code != previous.code, try String.fetchOne(db, sql: "SELECT code FROM outpost_stations WHERE code = ?", arguments: [code]) == nil
            else {
                throw StoreError(.duplicateStationCode, "station code \(code) is already in use here: ask the relay operator for an unused one")
            }
            let pushed = UInt64(try Int64.fetchOne(db, sql: "SELECT pushed_sequence FROM outpost_local") ?? 0)
            let logged = try Self.loggedChanges(db)
            let isUnsent = { (change: Change) in change.id.station == previous.id && change.id.sequence > pushed }
            let kept = logged.filter { !isUnsent($0) }
            let unsent = logged.filter(isUnsent).sorted { $0.id < $1.id }

            var clock = HybridClock(last: max(logged.map(\.version.clock).max() ?? .zero, previous.clockFloor))
            let stationName = try String.fetchOne(
                db, sql: "SELECT name FROM stations WHERE id = ?",
                arguments: [RowText.make(code: previous.code, sequence: 1)])
            var fresh = [Change]()
            func issue(_ table: String, row: RowID?, _ operation: Change.Operation, at stamp: Timestamp, pred: [Version], author: String) -> Change {
                let id = ChangeID(station: newID, sequence: UInt64(fresh.count + 1))
                let change = Change(
                    id: id, table: table, row: row ?? RowID(id), operation: operation,
                    version: Version(clock: stamp, station: newID), pred: pred, author: author, schema: schema.version
                )
                fresh.append(change)
                return change
            }
            // The station's row comes first, just before the first change it re-issues (a station's
            // clocks rise with its sequence), or now when there is none.
            let first = unsent.first.map { Timestamp(rawValue: max(1, $0.version.clock.rawValue) - 1) } ?? clock.tick(wallMilliseconds: wallClock())
            _ = issue(
                "stations", row: nil, .create([Field("code", .text(code)), Field("name", stationName.map(Value.text) ?? .null)]),
                at: first, pred: [], author: unsent.first?.author ?? "reenrol")

            var versions = [Version: Version]()
            var rows = [RowID: RowID]()
            var rowTexts = [String: String]()
            var renumbered = [String: String]()
            for change in unsent {
                // The old identity's own `stations` row (its #1, unsent when nothing was ever
                // acknowledged) is the other copy's as well, byte for byte: it comes back by pull.
                // Issued again under the new id it would name the new station with the old code.
                if change.table == "stations", change.isCreation, change.row == RowID(station: previous.id, sequence: 1) { continue }
                let row = change.isCreation ? nil : rows[change.row] ?? change.row
                var operation = change.operation
                switch operation {
                case .create(let fields):
                    var fields = fields
                    for index in fields.indices {
                        fields[index].value = try renamed(
                            fields[index], in: change.table, rowTexts: rowTexts, renumbered: &renumbered, code: code, db)
                    }
                    operation = .create(fields)
                case .set(let column, let value):
                    operation = .set(
                        column: column,
                        value: try renamed(Field(column, value), in: change.table, rowTexts: rowTexts, renumbered: &renumbered, code: code, db))
                case .add, .remove:
                    break
                }
                let reissued = issue(
                    change.table, row: row, operation, at: change.version.clock, pred: change.pred.map { versions[$0] ?? $0 }, author: change.author)
                versions[change.version] = reissued.version
                if change.isCreation {
                    rows[change.row] = reissued.row
                    rowTexts[RowText.make(code: previous.code, sequence: change.row.sequence)] = RowText.make(
                        code: code, sequence: reissued.row.sequence)
                }
            }

            try db.execute(
                sql: "UPDATE outpost_local SET station = ?, code = ?, pushed_sequence = 0, clock = ?",
                arguments: [Data(newID.bytes), code, Int64(bitPattern: clock.last.rawValue)])
            try rebuild(from: kept + fresh, db)
            try Self.write(settings: settings, db)
            var station = previous
            station.id = newID
            station.code = code
            station.clockFloor = clock.last
            return Reenrolment(station: station, previous: previous, reissued: fresh.count - 1, renumbered: renumbered)
        }
    }

    /// A field's value with references to re-issued rows renamed, and a case number issued again
    /// under the new code.
    private func renamed(
        _ field: Field, in tableName: String, rowTexts: [String: String], renumbered: inout [String: String], code: String, _ db: Database
    ) throws -> Value {
        guard case .text(let text) = field.value, let column = schema.table(tableName)?.column(field.column) else { return field.value }
        switch column.rule {
        case .reference, .optionalReference:
            return .text(rowTexts[text] ?? text)
        default:
            guard tableName == "cases", field.column == "number" else { return field.value }
            if let again = renumbered[text] { return .text(again) }
            // SZ01-20261122-0007: the day stays, the code and the day's sequence are new.
            let parts = text.split(separator: "-")
            guard parts.count == 3 else { return field.value }
            let day = String(parts[1])
            let last =
                try Int.fetchOne(
                    db,
                    sql: """
                        INSERT INTO outpost_case_numbers (day, last) VALUES (?, 1)
                        ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last
                        """, arguments: [day]) ?? 1
            let number = "\(code)-\(day)-\(String(format: "%04d", last))"
            renumbered[text] = number
            return .text(number)
        }
    }
}
