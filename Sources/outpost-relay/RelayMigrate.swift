import ArgumentParser
import Foundation
import OutpostDomain
import OutpostRelayStore

/// `outpost-relay migrate`: moves a relay's SQLite log, with its stations and their tokens, into
/// an empty PostgreSQL database, so that several relays can then share it.
struct RelayMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move this relay's SQLite log and station tokens into PostgreSQL.",
        discussion: """
            Stop the relay first. The PostgreSQL database must be empty of Outpost's tables, or \\
            hold an empty log; the SQLite file is only read. Stations keep their tokens, sequences \\
            and pull cursors: point the relay (or relays) at PostgreSQL and they sync on as before. \\
            Use --lang zh for Chinese.

            Example:
              outpost-relay migrate --db relay.db --to postgres://outpost@127.0.0.1:5432/outpost
              outpost-relay serve --postgres postgres://outpost@127.0.0.1:5432/outpost
            """
    )

    @Option(help: "The SQLite log to move (default: $OUTPOST_RELAY_DB, or ./relay.db).")
    var db: String?

    @Option(help: "The PostgreSQL database to move it into: postgres://USER@HOST:PORT/DATABASE.")
    var to: String

    @Option(help: "en or zh (default: from LANG).")
    var lang: String?

    func run() async throws {
        let language = lang.flatMap(Language.init(option:)) ?? Language.preferred(by: ProcessInfo.processInfo.environment)
        let path = db ?? ProcessInfo.processInfo.environment["OUTPOST_RELAY_DB"] ?? "relay.db"
        do {
            let location = try PostgresLocation(to)
            guard FileManager.default.fileExists(atPath: path) else {
                throw RelayLogError(.unknownStation, "there is no relay log at \(path)", chinese: "\(path) 处没有中继日志")
            }
            let source = try SQLiteRelayLog(path: path)
            let target = try await PostgresRelayLog(location)
            defer { target.close() }
            let moved = try await target.importLog(from: source)
            switch language {
            case .english:
                print(
                    """
                    Moved \(path) into \(location): \(moved.stations) station(s) with their tokens, \(moved.batches) batch(es), \
                    \(moved.head) change(s).
                    Serve from it with:
                      outpost-relay serve --postgres \(location)
                    """)
            case .chinese:
                print(
                    """
                    已将 \(path) 迁移到 \(location)：\(moved.stations) 个站点（含令牌）、\(moved.batches) 个批次、\(moved.head) 条变更。
                    用以下命令从 PostgreSQL 提供服务：
                      outpost-relay serve --postgres \(location)
                    """)
            }
        } catch let error as RelayLogError {
            FileHandle.standardError.write(Data("outpost-relay: \(error.message(chinese: language == .chinese))\n".utf8))
            throw ExitCode.failure
        }
    }
}
