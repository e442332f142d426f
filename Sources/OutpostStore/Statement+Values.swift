import Foundation
package import GRDB
import GRDBSQLite
package import OutpostCore

/// Positional values bound through SQLite's C API, for the hot statements (a flush's domain and
/// bookkeeping rows, a local edit's bookkeeping lookup, the benchmark's plain baseline).
///
/// Building `StatementArguments` from an array, or fetching one value, runs GRDB's unspecialised
/// generic code, which cost more than the statement itself (measured: `docs/ARCHITECTURE.md`, "Measured hot paths"). GRDB still
/// prepares, caches and executes the statements, so its error reporting applies.
extension Statement {
    /// Runs the statement once.
    package func execute(values: [DatabaseValue]) throws {
        try bind(values)
        // A bound change batch can be megabytes: do not keep it in the cached statement.
        defer { sqlite3_clear_bindings(sqliteStatement) }
        try execute()
    }

    /// Runs the statement once with the parameters `bind` appends, bound as they come
    /// (`StatementParameters`).
    func execute(binding bind: (inout StatementParameters) throws -> Void) throws {
        // Marks the statement as bound (clearing earlier bindings), so GRDB binds nothing itself.
        setUncheckedArguments(StatementArguments())
        defer { sqlite3_clear_bindings(sqliteStatement) }
        var parameters = StatementParameters(self)
        try bind(&parameters)
        guard parameters.count == sqlite3_bind_parameter_count(sqliteStatement) else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(parameters.count) values for \(sqlite3_bind_parameter_count(sqliteStatement)) parameters",
                sql: sql)
        }
        try execute()
    }

    /// The first column of the first row as bytes, or nil when there is no row or it is NULL.
    func fetchFirstBytes(values: [DatabaseValue]) throws -> [UInt8]? {
        try bind(values)
        defer { sqlite3_reset(sqliteStatement) }
        guard try step(), sqlite3_column_type(sqliteStatement, 0) != SQLITE_NULL else { return nil }
        let bytes = sqlite3_column_blob(sqliteStatement, 0)
        let count = Int(sqlite3_column_bytes(sqliteStatement, 0))
        guard count > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The first row's columns as replicated values, read as GRDB reads them, or nil when there
    /// is no row: a state copy reads every domain row so, without building a `Row` (and its
    /// column names) for each.
    func fetchFirstValues(values: [DatabaseValue]) throws -> [Value]? {
        try bind(values)
        defer { sqlite3_reset(sqliteStatement) }
        guard try step() else { return nil }
        return (0..<sqlite3_column_count(sqliteStatement)).map { Value(DatabaseValue(sqliteStatement: sqliteStatement, index: $0)) }
    }

    /// Whether the statement yields a row.
    func hasRow(values: [DatabaseValue]) throws -> Bool {
        try bind(values)
        defer { sqlite3_reset(sqliteStatement) }
        return try step()
    }

    /// Steps once: true on a row, false when done.
    private func step() throws -> Bool {
        switch sqlite3_step(sqliteStatement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
        }
    }

    private func bind(_ values: [DatabaseValue]) throws {
        // Marks the statement as bound (clearing earlier bindings), so GRDB binds nothing itself.
        guard values.count == Int(sqlite3_bind_parameter_count(sqliteStatement)) else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(values.count) values for \(sqlite3_bind_parameter_count(sqliteStatement)) parameters",
                sql: sql)
        }
        setUncheckedArguments(StatementArguments())
        for (index, value) in zip(Int32(1)..., values) {
            let code: Int32 =
                switch value.storage {
                case .null: sqlite3_bind_null(sqliteStatement, index)
                case .int64(let integer): sqlite3_bind_int64(sqliteStatement, index, integer)
                case .double(let real): sqlite3_bind_double(sqliteStatement, index, real)
                case .string(let text): sqlite3_bind_text(sqliteStatement, index, text, Int32(text.utf8.count), transient)
                case .blob(let data):
                    data.withUnsafeBytes { sqlite3_bind_blob(sqliteStatement, index, $0.baseAddress, Int32($0.count), transient) }
                }
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding argument \(index)", sql: sql)
            }
        }
    }
}

/// SQLite copies the bound bytes before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

// A replicated value as SQLite stores it, and back.
extension Value {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(Array(data))
        }
    }
}

extension DatabaseValue {
    package init(_ value: Value) {
        switch value {
        case .null: self = .null
        case .integer(let integer): self = integer.databaseValue
        case .real(let real): self = real.databaseValue
        case .text(let text): self = text.databaseValue
        case .blob(let blob): self = Data(blob).databaseValue
        }
    }
}
