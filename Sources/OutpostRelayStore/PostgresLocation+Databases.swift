import Logging
import PostgresNIO

extension PostgresLocation {
    /// Creates a new, empty database on the same server, named `name` (lower-case letters,
    /// digits and underscores), and returns where it is: for the benchmark's and the tests'
    /// relays, each of which needs a log of its own. The URL's user must be allowed to create
    /// databases.
    package func creatingDatabase(named name: String) async throws -> PostgresLocation {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw RelayLogError(
                .malformed, "'\(name)' is not a database name this creates: lower-case letters, digits and _ only, at most 63",
                chinese: "“\(name)”不是可用的数据库名：只能用小写字母、数字和 _，最多 63 个字符")
        }
        var logger = Logger(label: "outpost.relay.postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                // A name cannot be a bound parameter; it was checked above.
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        } catch {
            throw PostgresRelayLog.reason(error, location: self)
        }
        var created = self
        created.database = name
        return created
    }
}
