import Foundation
import Logging
package import OutpostRelayStore
package import PostgresNIO

/// The PostgreSQL server the tests may use: `$OUTPOST_TEST_POSTGRES`, a URL whose user may create
/// databases (`.ci/run` starts a throwaway cluster and sets it). Each test gets a database of
/// its own, so tests run in parallel without seeing each other's logs.
///
/// Without the variable the PostgreSQL cases are skipped with a printed line; under CI
/// (`CI=true`) they fail instead, so a missing server can never pass unnoticed.
package enum TestPostgres {
    package static let variable = "OUTPOST_TEST_POSTGRES"

    /// The server's URL, or nil (after saying so) when the tests must run without it.
    package static func server(for test: String) throws -> PostgresLocation? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment[variable], !url.isEmpty else {
            if environment["CI"] == "true" {
                throw TestPostgresUnavailable(message: "CI=true but \(variable) is not set: PostgreSQL must be available in CI")
            }
            print("skipped (PostgreSQL): \(test): set \(variable)=postgres://USER@127.0.0.1:PORT/postgres to run it against PostgreSQL")
            return nil
        }
        return try PostgresLocation(url)
    }

    /// A new, empty database on the test server, named after the test.
    package static func freshDatabase(for test: String) async throws -> PostgresLocation? {
        guard let server = try server(for: test) else { return nil }
        let name =
            "outpost_" + test.lowercased().filter { $0.isLetter || $0.isNumber }.prefix(30) + "_"
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return try await server.creatingDatabase(named: name)
    }
}

package struct TestPostgresUnavailable: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

extension TestPostgres {
    /// Runs one statement on `location` through a client of its own, and returns its rows.
    @discardableResult
    package static func query(_ location: PostgresLocation, _ query: PostgresQuery) async throws -> [PostgresRow] {
        var logger = Logger(label: "outpost.test-postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await client.query(query, logger: logger).collect()
        }
    }

    /// How many sessions of `location`'s database wait for an advisory lock right now.
    package static func advisoryLockWaiters(_ location: PostgresLocation) async throws -> Int {
        let rows = try await query(location, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
}
