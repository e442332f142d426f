import CSQLiteSession
import Foundation
import GRDB
import OutpostCore
import OutpostStore

/// The baseline: the same domain tables (created by the station's own migrations, indexes and
/// search triggers included) written with plain `INSERT`s and `UPDATE`s through GRDB, with the
/// connection settings a station uses, and the customer search index brought up to date before
/// each commit as a station does (`docs/ARCHITECTURE.md`, "Customer search"). Rows are found by their primary key, as an application
/// would; a set gains an element with `json_insert`.
struct PlainSQLite {
    let path: String
    let pool: DatabasePool
    private let codes: [StationID: String]
    /// INSERT text by shape, built once: the store builds its own once per shape too.
    private let statements = InsertStatements()

    /// Creates an empty plain database at `path` with the station's domain tables.
    static func create(at path: String, codes: [StationID: String]) throws -> PlainSQLite {
        _ = try StationStore(path: path)
        return try PlainSQLite(path: path, codes: codes)
    }

    /// Opens an existing plain database (a copy made with `copy(to:)`), with a station's
    /// connection settings.
    init(path: String, codes: [StationID: String], durability: Durability = .powerCut) throws {
        self.path = path
        self.codes = codes
        pool = try DatabasePool.outpost(path: path, durability: durability, pageCache: true)
    }

    /// A copy of this database's current content in a new file.
    func copy(to target: String) throws -> PlainSQLite {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return try PlainSQLite(path: target, codes: codes)
    }

    /// Writes each batch in one `BEGIN IMMEDIATE` transaction, as the store does; returns seconds.
    func replay(_ batches: [ArraySlice<Change>]) throws -> Double {
        try measure {
            for batch in batches {
                try transaction { db in for change in batch { try write(change, db) } }
            }
        }
    }

    func transaction(_ body: (Database) throws -> Void) throws {
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try body(db)
                try StationStore.catchUpCustomerSearch(db)
                return .commit
            }
        }
    }

    /// The plain statement for one change.
    func write(_ change: Change, _ db: Database) throws {
        guard let code = codes[change.row.station], let number = Schema.outpost.tableNumber(change.table) else {
            throw BenchError("change \(change.id) names a row the plain database cannot name")
        }
        let id = RowText.make(code: code, sequence: change.row.sequence).databaseValue
        let time = change.version.clock.isoText.databaseValue
        let table = Schema.outpost.tables[number]
        switch change.operation {
        case .create(let fields):
            // Values by column position; a set's elements become its JSON array, as the store shows it.
            var values = [DatabaseValue?](repeating: nil, count: table.columns.count)
            var sets = [Int: [Value]]()
            for field in fields {
                guard let position = table.columnIndex[field.column] else {
                    throw BenchError("change \(change.id) writes \(table.name).\(field.column), which the plain database does not have")
                }
                if table.columns[position].isSet {
                    sets[position, default: []].append(field.value)
                } else {
                    values[position] = DatabaseValue(field.value)
                }
            }
            for (position, elements) in sets { values[position] = JSONText.array(elements).databaseValue }
            let written = values.indices.filter { values[$0] != nil }
            try db.cachedStatement(sql: statements.insert(into: table, number: number, columns: written))
                .execute(values: [id] + written.map { values[$0]! } + [time, time])
        case .set(let column, let value):
            try db.cachedStatement(sql: "UPDATE \(change.table) SET \"\(column)\" = ?, updated = ? WHERE id = ?")
                .execute(values: [DatabaseValue(value), time, id])
        case .add(let column, let element):
            try db.cachedStatement(
                sql: "UPDATE \(change.table) SET \"\(column)\" = json_insert(coalesce(\"\(column)\", '[]'), '$[#]', ?), updated = ? WHERE id = ?"
            )
            .execute(values: [DatabaseValue(element), time, id])
        case .remove:
            throw BenchError("the workload removes no set elements")
        }
        guard db.changesCount == 1 else { throw BenchError("change \(change.id) wrote \(db.changesCount) rows of \(change.table), not one") }
    }

    // MARK: - SQLite sessions

    /// Records each of `batches`, written as `replay` writes it, in an SQLite session of its own;
    /// returns one changeset per batch.
    func changesets(of batches: [ArraySlice<Change>]) throws -> [[UInt8]] {
        try pool.writeWithoutTransaction { db in
            try batches.map { batch in
                try recordSession(db) {
                    try db.inTransaction(.immediate) {
                        for change in batch { try write(change, db) }
                        try StationStore.catchUpCustomerSearch(db)
                        return .commit
                    }
                }
            }
        }
    }

    /// The changeset of what `body` writes to the domain tables.
    private func recordSession(_ db: Database, _ body: () throws -> Void) throws -> [UInt8] {
        var rc: Int32 = 0
        let tables = ["customers", "cases", "case_events"]
        let names = tables.map { strdup($0) }
        defer { for name in names { free(name) } }
        let pointers = names.map { UnsafePointer($0) }
        guard let session = outpost_session_start(db.sqliteConnection, pointers, Int32(tables.count), &rc) else {
            throw BenchError("sqlite3session_create failed (\(rc))")
        }
        defer { outpost_session_end(session) }
        try body()
        var size: Int32 = 0
        var bytes: UnsafeMutableRawPointer?
        rc = outpost_session_changeset(session, &size, &bytes)
        guard rc == 0, let bytes else { throw BenchError("sqlite3session_changeset failed (\(rc))") }
        defer { outpost_session_free(bytes) }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
    }

    /// Applies each changeset with `sqlite3changeset_apply` (one transaction each, the search
    /// index brought up to date before it commits), in order; returns seconds.
    func apply(changesets: [[UInt8]]) throws -> Double {
        try pool.writeWithoutTransaction { db in
            try measure {
                for changeset in changesets {
                    try db.inTransaction(.immediate) {
                        let rc = changeset.withUnsafeBytes { outpost_changeset_apply(db.sqliteConnection, Int32($0.count), $0.baseAddress) }
                        guard rc == 0 else { throw BenchError("sqlite3changeset_apply failed (\(rc))") }
                        try StationStore.catchUpCustomerSearch(db)
                        return .commit
                    }
                }
            }
        }
    }

    /// One changeset with the net effect of `changesets` in order, as a single session recording
    /// all of them would have made: a row's repeated updates are merged into one.
    static func combine(_ changesets: [[UInt8]]) throws -> [UInt8] {
        // One buffer holds them all, so every pointer stays valid during the call.
        var joined = Array(changesets.joined())
        var sizes = changesets.map { Int32($0.count) }
        var size: Int32 = 0
        var bytes: UnsafeMutableRawPointer?
        let rc = joined.withUnsafeMutableBytes { buffer in
            var offset = 0
            var pointers = [UnsafeMutableRawPointer?]()
            for changeset in changesets {
                pointers.append(buffer.baseAddress! + offset)
                offset += changeset.count
            }
            return outpost_changesets_combine(Int32(pointers.count), &sizes, &pointers, &size, &bytes)
        }
        guard rc == 0, let bytes else { throw BenchError("sqlite3changegroup failed (\(rc))") }
        defer { outpost_session_free(bytes) }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
    }

    /// How many rows each table holds, to check the baseline wrote what Outpost did.
    func counts() throws -> [String: Int] {
        try pool.read { db in
            var counts = [String: Int]()
            for table in ["customers", "cases", "case_events"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            return counts
        }
    }
}

/// The baseline's INSERT text per (table, columns written).
private final class InsertStatements: @unchecked Sendable {
    private var byShape: [Int: String] = [:]

    func insert(into table: TableSchema, number: Int, columns: [Int]) -> String {
        let key = columns.reduce(number << 58) { $0 | 1 << $1 }
        if let sql = byShape[key] { return sql }
        let names = columns.map { "\"\(table.columns[$0].name)\"" }.joined(separator: ", ")
        let sql = "INSERT INTO \(table.name) (id, \(names), created, updated) VALUES (?\(String(repeating: ", ?", count: columns.count + 2)))"
        byShape[key] = sql
        return sql
    }
}
