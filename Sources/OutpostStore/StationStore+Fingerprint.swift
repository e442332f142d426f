import Foundation
import GRDB
package import OutpostCore

/// A replica's applied change set and its rows' digests, read in one transaction
/// (`Protocol/README.md` §12).
package struct StateDigest: Sendable {
    package var vector: AppliedVector
    /// Each table's rows in row order, tables in schema order; for a range, only its rows.
    package var tables: [TableRows]

    package struct TableRows: Sendable {
        package var table: String
        package var rows: [RowDigest]
    }

    /// Each table's digest, in schema order (meaningful for a digest of every row).
    package var tableDigests: [TableDigest] { tables.map { Fingerprint.table($0.table, rows: $0.rows) } }

    package var fingerprint: UInt64 { Fingerprint.total(tableDigests) }

    package func rows(of table: String) -> [RowDigest] { tables.first { $0.table == table }?.rows ?? [] }
}

/// How a person recognises a row: its text id (`SZ01.17`) and, for a case, its number.
package struct RowLabel: Hashable, Sendable, CustomStringConvertible {
    package var id: String
    package var caseNumber: String?

    package var description: String { caseNumber.map { "\(id) (case \($0))" } ?? id }
}

extension StationStore {
    /// The changes this replica has received, as per-station sequences.
    package func appliedVector() throws -> AppliedVector {
        try reading { try $0.appliedVector() }
    }

    /// The digest of every row (or of the rows in `range`) and the applied vector they belong to.
    ///
    /// Rows are hashed from the domain table as stored, so a value changed behind Outpost's back
    /// (`sqlite3 station.db "update cases …"`) shows, and from the merge state without the local
    /// parts (station handles, log references), which legitimately differ between replicas.
    package func stateDigest(range: RowRange? = nil) throws -> StateDigest {
        try reading { try $0.stateDigest(range: range) }
    }

    /// The digest, read inside a read transaction that may read other things with it.
    func stateDigest(range: RowRange?, _ db: Database) throws -> StateDigest {
        let directory = try StationDirectory(db)
        var tables = [StateDigest.TableRows]()
        for (number, table) in schema.tables.enumerated() where range.map({ $0.table == table.name }) ?? true {
            tables.append(StateDigest.TableRows(table: table.name, rows: try digests(of: table, number: number, in: range, directory, db)))
        }
        return StateDigest(vector: Self.appliedVector(directory), tables: tables)
    }

    /// The label of a row of `table`, from this replica's domain row when it has one.
    package func rowLabel(table: String, row: RowID) throws -> RowLabel {
        try read { db in
            let directory = try StationDirectory(db)
            let station = directory.existingHandle(for: row.station)
            let fallback =
                station.flatMap { directory[$0]?.code }.map { RowText.make(code: $0, sequence: row.sequence) }
                ?? "~\(row.station.description.prefix(8)).\(row.sequence)"
            guard let station, let number = schema.tableNumber(table), row.sequence <= BatchApplier.maximumSequence else {
                return RowLabel(id: fallback)
            }
            let handle = BatchApplier.handle(station: station, sequence: row.sequence, table: number)
            let isCase = table == "cases"
            guard let found = try Row.fetchOne(db, sql: "SELECT id\(isCase ? ", number" : "") FROM \(table) WHERE rowid = ?", arguments: [handle])
            else {
                return RowLabel(id: fallback)
            }
            return RowLabel(id: found[0] ?? fallback, caseNumber: isCase ? found[1] : nil)
        }
    }

    static func appliedVector(_ directory: StationDirectory) -> AppliedVector {
        AppliedVector(Dictionary(directory.entries.values.map { ($0.station, $0.appliedSequence) }, uniquingKeysWith: max))
    }

    /// One table's row digests in row order: every row with merge state (created or not), and any
    /// domain row without it (which only a damaged replica has).
    private func digests(of table: TableSchema, number: Int, in range: RowRange?, _ directory: StationDirectory, _ db: Database) throws -> [RowDigest]
    {
        let columns = (["id"] + table.columns.map(\.name) + ["created", "updated"]).map { "d.\"\($0)\"" }.joined(separator: ", ")
        let domainCount = table.columns.count + 3
        var out = [RowDigest]()
        func rowID(_ handle: Int64) -> RowID {
            let stationHandle = handle >> 44
            let sequence = UInt64(handle >> 4) & BatchApplier.maximumSequence
            // A handle naming no known station exists only in a damaged replica: keep it apart.
            let station = directory[stationHandle]?.station ?? StationID(high: 0, low: UInt64(bitPattern: stationHandle))
            return RowID(station: station, sequence: sequence)
        }
        func domain(_ row: Row, from offset: Int) -> [Value] {
            (0..<domainCount).map { Value(row[offset + $0] as DatabaseValue) }
        }

        let kept = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.handle, r.state, d.rowid IS NOT NULL, \(columns)
                FROM outpost_rows r LEFT JOIN \(table.name) d ON d.rowid = r.handle WHERE (r.handle & 15) = ?
                """, arguments: [number])
        while let row = try kept.next() {
            let id = rowID(row[0])
            if let range, !range.contains(id) { continue }
            let values = Fingerprint.valueBytes(table: table.name, row: id, domain: row[2] as Bool ? domain(row, from: 3) : nil)
            let packed: Data = row[1]
            let state: [UInt8]
            if let stored = try? directory.unpack(packed, columnCount: table.columns.count) {
                state = Fingerprint.stateBytes(table: table, row: id, state: stored.state)
            } else {
                // Unreadable bookkeeping (a damaged replica): its own marker, which never matches.
                state = Fingerprint.stateBytes(table: table, row: id, state: nil) + [0xFF] + Array(packed)
            }
            out.append(RowDigest(row: id, values: Fingerprint.hash(values), state: Fingerprint.hash(state)))
        }

        let strays = try Row.fetchCursor(
            db,
            sql: """
                SELECT d.rowid, \(columns) FROM \(table.name) d WHERE d.rowid NOT IN (SELECT handle FROM outpost_rows)
                """)
        while let row = try strays.next() {
            let id = rowID(row[0])
            if let range, !range.contains(id) { continue }
            let values = Fingerprint.valueBytes(table: table.name, row: id, domain: domain(row, from: 1))
            out.append(
                RowDigest(
                    row: id, values: Fingerprint.hash(values), state: Fingerprint.hash(Fingerprint.stateBytes(table: table, row: id, state: nil))))
        }
        out.sort { $0.row < $1.row }
        return out
    }
}
