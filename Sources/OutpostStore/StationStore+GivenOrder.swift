import Foundation
import GRDB
package import OutpostCore

extension StationStore {
    /// The present elements of a set column for some rows, first given first
    /// (`RowState.elementsInGivenOrder`), by row id text (`SZ01.17`); rows this replica does not
    /// hold are left out.
    ///
    /// Read from each row's merge state, with one log read for a row whose creation gave several
    /// present elements (to learn the order it lists them in). Derived on every read, like the
    /// rest of the domain row (`docs/ARCHITECTURE.md`, "Derived values"): nothing is stored or synced.
    package func elementsInGivenOrder(_ column: String, of table: String, rows: [String]) throws -> [String: [Value]] {
        guard let number = schema.tableNumber(table) else { throw StoreError(.unknownTable, "unknown table '\(table)'") }
        let tableSchema = schema.tables[number]
        guard let position = tableSchema.columnIndex[column], tableSchema.columns[position].isSet else {
            throw StoreError(.unknownColumn, "\(table) has no set column '\(column)'")
        }
        return try read { db in
            let directory = try StationDirectory(db)
            var out = [String: [Value]]()
            for text in rows {
                guard let (code, sequence) = RowText.parse(text), let station = directory.handle(forCode: code), let entry = directory[station] else {
                    continue
                }
                let handle = BatchApplier.handle(station: station, sequence: sequence & BatchApplier.maximumSequence, table: number)
                guard let data = try Data.fetchOne(db, sql: "SELECT state FROM outpost_rows WHERE handle = ?", arguments: [handle]) else { continue }
                let stored = try directory.unpack(data, columnCount: tableSchema.columns.count)
                out[text] = try stored.state.elementsInGivenOrder(position) {
                    try Self.creationListing(
                        of: ChangeID(station: entry.station, sequence: sequence), stationHandle: station, table: table, column: column, db)
                }
            }
            return out
        }
    }

    /// The values a row's creation lists for one column, in its order; empty if the log lacks it.
    ///
    /// A row's id is its creation's id, so the creation sits in the creating station's log row
    /// with the highest first sequence not above it: one seek, one batch decoded.
    private static func creationListing(
        of creation: ChangeID, stationHandle: Int64, table: String, column: String, _ db: Database
    ) throws -> [Value] {
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT changes FROM outpost_log WHERE id BETWEEN ? AND ? ORDER BY id DESC LIMIT 1",
                arguments: [
                    BatchApplier.logIDs(of: stationHandle).lowerBound, BatchApplier.logID(station: stationHandle, sequence: creation.sequence),
                ])
        else { return [] }
        for change in try ChangeBatch.decode(Array(data)) where change.id == creation && change.table == table {
            guard case .create(let fields) = change.operation else { return [] }
            return fields.filter { $0.column == column }.map(\.value)
        }
        return []
    }
}
