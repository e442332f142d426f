import GRDB
import GRDBSQLite
import OutpostCore

/// A statement's parameters bound one by one through SQLite's C API, from the values as they
/// are held: a bootstrap writes every row of a state, so no array of `DatabaseValue`s (and no
/// `Data` per blob) is built for each (`docs/ARCHITECTURE.md`, "Measured hot paths").
struct StatementParameters {
    private let statement: SQLiteStatement
    /// Only for an error's text: GRDB builds a statement's `sql` anew on each read.
    private let owner: Statement
    /// Parameters bound so far; the next one is `count + 1`.
    private(set) var count: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
        owner = statement
    }

    mutating func append(_ value: Value) throws {
        switch value {
        case .null: try check(sqlite3_bind_null(statement, count + 1))
        case .integer(let integer): try append(integer)
        case .real(let real): try check(sqlite3_bind_double(statement, count + 1, real))
        case .text(let text): try append(text)
        case .blob(let bytes): try append(bytes: bytes)
        }
    }

    mutating func append(_ integer: Int64) throws {
        try check(sqlite3_bind_int64(statement, count + 1, integer))
    }

    mutating func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { utf8 in
            try check(sqlite3_bind_text(statement, count + 1, utf8.baseAddress, Int32(utf8.count), transientBytes))
        }
    }

    mutating func append(bytes: [UInt8]) throws {
        // An empty blob binds as the applier's `Data` binds it (no address: NULL), so a row
        // reads the same whichever path wrote it.
        guard !bytes.isEmpty else { return try check(sqlite3_bind_blob(statement, count + 1, nil, 0, transientBytes)) }
        try bytes.withUnsafeBytes { buffer in
            try check(sqlite3_bind_blob(statement, count + 1, buffer.baseAddress, Int32(buffer.count), transientBytes))
        }
    }

    private mutating func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding argument \(count + 1)", sql: owner.sql)
        }
        count += 1
    }
}

/// SQLite copies the bound bytes before the bind call returns.
private let transientBytes = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
