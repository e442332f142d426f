import Foundation
import OutpostRelayStore
import OutpostTestSupport
import Testing

/// `outpost-relay migrate` and `--postgres` as an operator types them, in English and Chinese.
@Suite struct RelayMigrateCommandTests {
    @Test func migrateMovesTheLogAndTheRelayCommandsReadItFromPostgreSQL() async throws {
        guard let location = try await TestPostgres.freshDatabase(for: #function) else { return }
        let relay = try OutpostBinary(executable: "outpost-relay")
        let database = relay.directory.appendingPathComponent("relay.db").path
        _ = try enrol("SZ01", relay: relay, database: database)
        _ = try enrol("GZ02", relay: relay, database: database)
        #expect(try relay("station", "revoke", "GZ02", "--db", database, database: false).status == 0)

        let url = location.description
        let moved = try relay("migrate", "--db", database, "--to", url, database: false)
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.standardOutput.contains("2 station(s) with their tokens"), "\(moved)")
        let listed = try relay("station", "list", "--postgres", url, database: false)
        #expect(listed.lines.contains { $0.hasPrefix("SZ01") && $0.contains("active") }, "\(listed)")
        #expect(listed.lines.contains { $0.hasPrefix("GZ02") && $0.contains("revoked") }, "\(listed)")
        // The URL may come from the environment too.
        let fromEnvironment = try relay("station", "list", environment: ["OUTPOST_RELAY_POSTGRES": url], database: false)
        #expect(fromEnvironment.standardOutput == listed.standardOutput)

        // Into a log that is no longer empty: refused, in the reader's language, nothing changed.
        let again = try relay("migrate", "--db", database, "--to", url, database: false)
        #expect(again.status == 1)
        #expect(again.standardError.contains("already holds 2 station(s)"), "\(again)")
        let chinese = try relay("migrate", "--db", database, "--to", url, "--lang", "zh", database: false)
        #expect(chinese.status == 1)
        #expect(chinese.standardError.contains("已有 2 个站点"), "\(chinese)")
        #expect(try relay("station", "list", "--postgres", url, database: false).standardOutput == listed.standardOutput)
    }

    @Test func aBadOrUnreachablePostgreSQLURLIsAClearError() throws {
        let relay = try OutpostBinary(executable: "outpost-relay")
        let bad = try relay("station", "list", "--postgres", "mysql://x@127.0.0.1/db", database: false)
        #expect(bad.status == 1)
        #expect(bad.standardError.contains("is not a PostgreSQL URL"), "\(bad)")
        let port = try relay("station", "list", "--postgres", "postgres://x@127.0.0.1:70000/db", database: false)
        #expect(port.status == 1)
        #expect(port.standardError.contains("out of range") || port.standardError.contains("not a PostgreSQL URL"), "\(port)")
        let chinese = try relay(
            "station", "list", "--postgres", "mysql://x@127.0.0.1/db", environment: ["LANG": "zh_CN.UTF-8"], database: false)
        #expect(chinese.standardError.contains("不是 PostgreSQL 地址"), "\(chinese)")
    }
}
