import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system SQLite library, used the way someone with `sqlite3` would, bypassing Outpost's
/// code: tests read a file to check that nothing was written, and damage a replica on purpose.
/// The library is loaded at run time (installed with `libsqlite3-dev`, which the store needs
/// anyway), so test targets link nothing but the test support.
package enum RawSQLite {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    private typealias Open = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<OpaquePointer?>, Int32, UnsafePointer<CChar>?) -> Int32
    private typealias BusyTimeout = @convention(c) (OpaquePointer?, Int32) -> Int32
    private typealias Exec =
        @convention(c) (OpaquePointer?, UnsafePointer<CChar>, OpaquePointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) ->
        Int32
    private typealias Prepare =
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafeMutablePointer<OpaquePointer?>, UnsafeMutablePointer<UnsafePointer<CChar>?>?
        ) -> Int32
    private typealias Statement = @convention(c) (OpaquePointer?) -> Int32
    private typealias ColumnText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?

    private static let readOnly: Int32 = 0x1
    private static let readWrite: Int32 = 0x2
    private static let row: Int32 = 100
    private static let done: Int32 = 101

    /// Executes `sql` and returns how many rows its last statement changed.
    @discardableResult
    package static func execute(_ path: String, _ sql: String) throws -> Int {
        try withDatabase(path, flags: readWrite) { db, library in
            let busyTimeout = try library.symbol("sqlite3_busy_timeout", BusyTimeout.self)
            let exec = try library.symbol("sqlite3_exec", Exec.self)
            let changes = try library.symbol("sqlite3_changes", Statement.self)
            _ = busyTimeout(db, 10_000)
            guard exec(db, sql, nil, nil, nil) == 0 else { throw Failure(description: "SQL failed on \(path): \(sql)") }
            return Int(changes(db))
        }
    }

    /// Every row of `tables`, `SELECT * … ORDER BY id`, one line per row with `|` between values.
    package static func dump(_ path: String, tables: [String]) throws -> String {
        try tables.map { table in
            "## \(table)\n" + (try rows(path, "SELECT * FROM \(table) ORDER BY id")).map { $0.joined(separator: "|") + "\n" }.joined()
        }.joined()
    }

    /// The rows of a query, each value as text (`∅` for null), read with SQLite directly.
    package static func rows(_ path: String, _ sql: String) throws -> [[String]] {
        try withDatabase(path, flags: readOnly) { db, library in
            // A process killed a moment ago may still hold its locks while it exits, or have left
            // the write-ahead log's index to be rebuilt: wait, as `sqlite3` would be told to.
            _ = try library.symbol("sqlite3_busy_timeout", BusyTimeout.self)(db, 10_000)
            let prepare = try library.symbol("sqlite3_prepare_v2", Prepare.self)
            let step = try library.symbol("sqlite3_step", Statement.self)
            let columnCount = try library.symbol("sqlite3_column_count", Statement.self)
            let columnText = try library.symbol("sqlite3_column_text", ColumnText.self)
            let finalize = try library.symbol("sqlite3_finalize", Statement.self)
            var statement: OpaquePointer?
            let prepared = prepare(db, sql, -1, &statement, nil)
            guard prepared == 0 else { throw Failure(description: "cannot prepare (\(prepared)) \(sql)") }
            defer { _ = finalize(statement) }
            var out = [[String]]()
            while true {
                let result = step(statement)
                if result == done { break }
                guard result == row else { throw Failure(description: "reading failed (\(result)): \(sql)") }
                out.append((0..<columnCount(statement)).map { columnText(statement, $0).map { String(cString: $0) } ?? "∅" })
            }
            return out
        }
    }

    private struct Library {
        let handle: UnsafeMutableRawPointer

        func symbol<T>(_ name: String, _ type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else { throw Failure(description: "SQLite has no \(name)") }
            return unsafeBitCast(pointer, to: type)
        }
    }

    /// Loads the library, opens `path` and hands the connection and the library to `body`.
    private static func withDatabase<T>(_ path: String, flags: Int32, _ body: (OpaquePointer?, Library) throws -> T) throws -> T {
        let names = ["libsqlite3.so.0", "libsqlite3.so", "libsqlite3.dylib"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW) }).first else {
            throw Failure(description: "cannot load the SQLite library: install libsqlite3-dev")
        }
        defer { dlclose(handle) }
        let library = Library(handle: handle)
        let open = try library.symbol("sqlite3_open_v2", Open.self)
        let close = try library.symbol("sqlite3_close", Statement.self)
        var db: OpaquePointer?
        guard open(path, &db, flags, nil) == 0 else { throw Failure(description: "cannot open \(path)") }
        defer { _ = close(db) }
        return try body(db, library)
    }
}
