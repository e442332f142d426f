import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a station database with the system SQLite library, independently of the code under
/// test, so "nothing was written" is checked on the file itself. The library is loaded at run
/// time (it is installed with `libsqlite3-dev`, which the store needs anyway), because this test
/// target links nothing but the test support.
enum SQLiteDump {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private typealias Open = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<OpaquePointer?>, Int32, UnsafePointer<CChar>?) -> Int32
    private typealias Prepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafeMutablePointer<OpaquePointer?>, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32
    private typealias Statement = @convention(c) (OpaquePointer?) -> Int32
    private typealias ColumnText = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<UInt8>?

    private static let readOnly: Int32 = 0x1
    private static let row: Int32 = 100
    private static let done: Int32 = 101

    static func dump(_ path: String, tables: [String]) throws -> String {
        let names: [String] = ["libsqlite3.so.0", "libsqlite3.so", "libsqlite3.dylib"]
        guard let library = names.lazy.compactMap({ (name: String) in dlopen(name, RTLD_NOW) }).first else {
            throw Failure(description: "cannot load the SQLite library: install libsqlite3-dev")
        }
        defer { dlclose(library) }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(library, name) else { throw Failure(description: "SQLite has no \(name)") }
            return unsafeBitCast(pointer, to: type)
        }
        let open = try symbol("sqlite3_open_v2", as: Open.self)
        let prepare = try symbol("sqlite3_prepare_v2", as: Prepare.self)
        let step = try symbol("sqlite3_step", as: Statement.self)
        let columnCount = try symbol("sqlite3_column_count", as: Statement.self)
        let columnText = try symbol("sqlite3_column_text", as: ColumnText.self)
        let finalize = try symbol("sqlite3_finalize", as: Statement.self)
        let close = try symbol("sqlite3_close", as: Statement.self)

        var db: OpaquePointer?
        guard open(path, &db, readOnly, nil) == 0 else { throw Failure(description: "cannot open \(path)") }
        defer { _ = close(db) }
        var out = ""
        for table in tables {
            out += "## \(table)\n"
            var statement: OpaquePointer?
            guard prepare(db, "SELECT * FROM \(table) ORDER BY id", -1, &statement, nil) == 0 else {
                throw Failure(description: "cannot read \(table)")
            }
            defer { _ = finalize(statement) }
            while true {
                let result = step(statement)
                if result == done { break }
                guard result == row else { throw Failure(description: "reading \(table) failed (\(result))") }
                let values = (0..<columnCount(statement)).map { column in
                    columnText(statement, column).map { String(cString: $0) } ?? "∅"
                }
                out += values.joined(separator: "|") + "\n"
            }
        }
        return out
    }
}
