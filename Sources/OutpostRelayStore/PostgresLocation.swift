package import Foundation
package import PostgresNIO

/// Where a relay's PostgreSQL log lives, read from `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`:
/// what `--postgres` and `$OUTPOST_RELAY_POSTGRES` take.
package struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    /// Whether to ask for TLS: `?sslmode=require` asks; anything else (the default, `disable`)
    /// talks plainly, as a relay on the same host or a private network does.
    package var requireTLS: Bool

    package init(_ text: String) throws {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw RelayLogError(
                .malformed, "'\(text)' is not a PostgreSQL URL: expected postgres://USER@HOST:PORT/DATABASE",
                chinese: "“\(text)”不是 PostgreSQL 地址：应为 postgres://用户@主机:端口/数据库")
        }
        guard let host = url.host, !host.isEmpty, let user = url.user, !user.isEmpty else {
            throw RelayLogError(
                .malformed, "the PostgreSQL URL '\(text)' needs a user and a host: postgres://USER@HOST:PORT/DATABASE",
                chinese: "PostgreSQL 地址“\(text)”缺少用户或主机：应为 postgres://用户@主机:端口/数据库")
        }
        let port = url.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw RelayLogError(
                .malformed, "the PostgreSQL port \(port) is out of range: expected 1 to 65535", chinese: "PostgreSQL 端口 \(port) 超出范围：应为 1 到 65535")
        }
        let database = String(url.path.drop { $0 == "/" })
        self.host = host
        self.port = port
        self.user = user
        password = url.password
        self.database = database.isEmpty ? user : database
        requireTLS = url.queryItems?.first { $0.name == "sslmode" }?.value == "require"
    }

    /// The client's configuration: a small pool, as appends queue on one lock anyway.
    package var configuration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The URL without its password, for logs and messages.
    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
