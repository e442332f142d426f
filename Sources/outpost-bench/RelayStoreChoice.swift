import ArgumentParser
import Foundation
import OutpostRelayStore

/// Where the benchmark's relays keep their logs: a SQLite file each (the default), or a fresh
/// PostgreSQL database each on the server `--postgres` names.
enum RelayStoreChoice: Sendable {
    case sqlite
    case postgres(PostgresLocation)

    /// From `--relay-store` and `--postgres` (or `$OUTPOST_RELAY_POSTGRES`).
    init(store: String, postgres: String?) throws {
        switch store {
        case "sqlite": self = .sqlite
        case "postgres":
            guard let url = postgres ?? ProcessInfo.processInfo.environment["OUTPOST_RELAY_POSTGRES"], !url.isEmpty else {
                throw ValidationError("--relay-store postgres needs --postgres postgres://USER@HOST:PORT/DATABASE (a user that may create databases)")
            }
            self = .postgres(try PostgresLocation(url))
        default: throw ValidationError("--relay-store must be sqlite or postgres, not '\(store)'")
        }
    }

    var name: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// A new, empty log for the relay named `name`, in `directory` or on the server.
    func makeLog(_ name: String, in directory: URL) async throws -> any RelayLog & RelaySupervisors {
        switch self {
        case .sqlite: return try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
        case .postgres(let server):
            let database = "outpost_bench_\(name.filter { $0.isLetter || $0.isNumber }.lowercased())_\(UInt32.random(in: 0...UInt32.max))"
            return try await PostgresRelayLog(try await server.creatingDatabase(named: database))
        }
    }
}
