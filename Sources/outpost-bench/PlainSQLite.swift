import CSQLiteSession
import Foundation
import GRDB
import OutpostCore
import OutpostStore

/// The baseline: the same domain tables (created by the station's own migrations, indexes and
/// search triggers included) written with plain `INSERT`s and `UPDATE`s through GRDB, with the
/// connection settings a station uses. Rows are found by their primary key, as an application
/// would; a set gains an element with `json_insert`.
struct PlainSQLite {
    let path: String
    let pool: DatabasePool
    private let codes: [StationID: String]

    /// Creates an empty plain database at `path` with the station's domain tables.
    static func create(at path: String, codes: [StationID: String]) throws -> PlainSQLite {
        _ = try StationStore(path: path)
        return try PlainSQLite(path: path, codes: codes)
    }

    /// Opens an existing plain database (a copy made with `copy(to:)`).
    init(path: String, codes: [StationID: String]) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        self.path = path
        self.codes = codes
        pool = try DatabasePool(path: path, configuration: configuration)
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
                return .commit
            }
        }
    }

    /// The plain statement for one change.
    func write(_ change: Change, _ db: Database) throws {
        let id = RowText.make(code: codes[change.row.station] ?? "?", sequence: change.row.sequence)
        let time = change.version.clock.isoText
        switch change.operation {
        case .create(let fields):
            var columns = [String]()
            var values = [DatabaseValue]()
            var sets = [String: [String]]()
            for field in fields {
                if change.table != "case_events", ["phones", "emails", "tags"].contains(field.column) {
                    sets[field.column, default: []].append(field.value.text ?? "")
                } else {
                    columns.append(field.column)
                    values.append(field.value.databaseValue)
                }
            }
            for (column, elements) in sets.sorted(by: { $0.key < $1.key }) {
                columns.append(column)
                values.append(JSONText.array(elements.map(Value.text)).databaseValue)
            }
            let sql = "INSERT INTO \(change.table) (id, \(columns.map { "\"\($0)\"" }.joined(separator: ", ")), created, updated) VALUES (?\(String(repeating: ", ?", count: columns.count + 2)))"
            try db.cachedStatement(sql: sql).execute(values: [id.databaseValue] + values + [time.databaseValue, time.databaseValue])
        case .set(let column, let value):
            try db.cachedStatement(sql: "UPDATE \(change.table) SET \"\(column)\" = ?, updated = ? WHERE id = ?")
                .execute(values: [value.databaseValue, time.databaseValue, id.databaseValue])
        case .add(let column, let element):
            try db.cachedStatement(sql: "UPDATE \(change.table) SET \"\(column)\" = json_insert(coalesce(\"\(column)\", '[]'), '$[#]', ?), updated = ? WHERE id = ?")
                .execute(values: [element.databaseValue, time.databaseValue, id.databaseValue])
        case .remove:
            throw BenchError("the workload removes no set elements")
        }
    }

    // MARK: - SQLite sessions

    /// Records `batches` as written by `replay` in an SQLite session; returns the changeset.
    func changeset(of batches: [ArraySlice<Change>]) throws -> [UInt8] {
        try pool.writeWithoutTransaction { db in
            var rc: Int32 = 0
            let tables = ["customers", "cases", "case_events"]
            let names = tables.map { strdup($0) }
            defer { names.forEach { free($0) } }
            let pointers = names.map { UnsafePointer($0) }
            guard let session = outpost_session_start(db.sqliteConnection, pointers, Int32(tables.count), &rc) else {
                throw BenchError("sqlite3session_create failed (\(rc))")
            }
            defer { outpost_session_end(session) }
            for batch in batches {
                try db.inTransaction(.immediate) {
                    for change in batch { try write(change, db) }
                    return .commit
                }
            }
            var size: Int32 = 0
            var bytes: UnsafeMutableRawPointer?
            rc = outpost_session_changeset(session, &size, &bytes)
            guard rc == 0, let bytes else { throw BenchError("sqlite3session_changeset failed (\(rc))") }
            defer { outpost_session_free(bytes) }
            return Array(UnsafeRawBufferPointer(start: bytes, count: Int(size)))
        }
    }

    /// Applies a changeset with `sqlite3changeset_apply` (one transaction); returns seconds.
    func apply(changeset: [UInt8]) throws -> Double {
        try pool.writeWithoutTransaction { db in
            var bytes = changeset
            return try measure {
                let rc = bytes.withUnsafeMutableBytes { outpost_changeset_apply(db.sqliteConnection, Int32($0.count), $0.baseAddress) }
                guard rc == 0 else { throw BenchError("sqlite3changeset_apply failed (\(rc))") }
            }
        }
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

extension Value {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let integer): integer.databaseValue
        case .real(let real): real.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        }
    }
}
