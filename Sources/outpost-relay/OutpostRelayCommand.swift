import ArgumentParser
import Foundation
import Logging
import OutpostBoard
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

/// `outpost-relay`: the relay operators' command line.
@main
struct OutpostRelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost-relay",
        abstract: "Run the Outpost relay and manage the stations that sync through it.",
        discussion: """
            Example:
              outpost-relay station add SZ01 --name "深圳福田店" --db relay.db
              outpost-relay serve --db relay.db --host 127.0.0.1 --port 8080

            Several relays sharing one log in PostgreSQL:
              outpost-relay serve --postgres postgres://outpost@127.0.0.1:5432/outpost --port 8080
            """,
        version: OutpostVersion.text,
        subcommands: [
            Serve.self, StationCommand.self, SupervisorCommand.self, RelayConflicts.self, RelayStats.self, RelayReport.self, RelayMigrate.self,
        ]
    )
}

/// Options shared by every relay command.
struct RelayOptions: ParsableArguments {
    @Option(help: "The relay's log database (default: $OUTPOST_RELAY_DB, or ./relay.db).")
    var db: String?

    @Option(
        help: """
            Keep the log in PostgreSQL instead, shared by every relay given the same URL: \
            postgres://USER@HOST:PORT/DATABASE (default: $OUTPOST_RELAY_POSTGRES unless --db is given).
            """)
    var postgres: String?

    @Option(name: .customLong("lang"), help: "Language of messages and labels: en or zh (default: from LANG, else en).")
    var lang: String?

    /// An unknown language is a usage error (exit 2), found before the command runs.
    func validate() throws {
        if let lang, Language(option: lang) == nil { throw ValidationError("unknown language '\(lang)': expected en or zh") }
    }

    /// The operator's language: `--lang`, else a Chinese `LANG`, else English.
    var language: Language { lang.flatMap(Language.init(option:)) ?? Language.preferred(by: ProcessInfo.processInfo.environment) }

    /// A text in the operator's language.
    func say(_ english: String, _ chinese: String) -> String { language == .chinese ? chinese : english }

    var path: String { db ?? ProcessInfo.processInfo.environment["OUTPOST_RELAY_DB"] ?? "relay.db" }

    /// The PostgreSQL log's URL, when the log is there.
    var postgresURL: String? {
        if let postgres { return postgres }
        guard db == nil, let url = ProcessInfo.processInfo.environment["OUTPOST_RELAY_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }

    /// Where the log is, for messages.
    var logName: String {
        guard let url = postgresURL else { return path }
        return (try? PostgresLocation(url))?.description ?? "PostgreSQL"
    }

    /// The merged replica's default file: beside the SQLite log, or in the current folder.
    var defaultReplica: String {
        if postgresURL != nil { return "relay-replica.db" }
        return path.hasSuffix(".db") ? String(path.dropLast(3)) + "-replica.db" : path + "-replica"
    }

    func openLog() async throws -> any RelayLog & RelaySupervisors {
        if let url = postgresURL { return try await PostgresRelayLog(try PostgresLocation(url)) }
        return try SQLiteRelayLog(path: path)
    }
}

/// Prints a one-line error in the operator's language and exits non-zero; no stack traces for
/// operator mistakes.
func failing<T>(_ language: Language, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RelayLogError {
        FileHandle.standardError.write(Data("outpost-relay: \(error.message(chinese: language == .chinese))\n".utf8))
        throw ExitCode(error.code == .unknownStation ? 3 : 1)
    } catch let error as StoreError {
        FileHandle.standardError.write(Data("outpost-relay: \(error.message)\n".utf8))
        throw ExitCode.failure
    } catch let error as DomainError {
        FileHandle.standardError.write(Data("outpost-relay: \(error.message(in: language))\n".utf8))
        throw ExitCode(error.code == .notFound ? 3 : 1)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve push, pull and snapshots over HTTP, and the supervisors' board at /board.",
        discussion: """
            The board is a read-only web view for supervisors (stations, deadlines, conflicts, \
            reports, search), signed in with a token from `outpost-relay supervisor add`.

            Example:
              outpost-relay serve --db relay.db --host 127.0.0.1 --port 8080
            """
    )

    @OptionGroup var options: RelayOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(
        help: """
            The merged replica's database (default: the log's path with -replica before .db, or ./relay-replica.db \
            with --postgres). Rebuildable: delete it to rebuild from the log.
            """)
    var replica: String?

    @Option(help: "Minutes a change may be stamped ahead of the relay's clock.")
    var futureBoundMinutes: UInt64 = 5

    @Option(help: "Rows per chunk of the state a new station bootstraps from (at most about 4 MiB each).")
    var stateChunkRows = 10_000

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "outpost.relay")
        try await failing(options.language) {
            let log = try await options.openLog()
            let replicaPath = replica ?? options.defaultReplica
            let merged = try MergedReplica(path: replicaPath, log: log, logger: logger)
            await merged.catchUp()
            var configuration = RelayConfiguration()
            configuration.futureBoundMilliseconds = futureBoundMinutes * 60_000
            configuration.stateChunkRows = max(1, stateChunkRows)
            let relay = Relay(log: log, replica: merged, configuration: configuration, logger: logger)
            let board = try Board(relay: relay, supervisors: log, logger: logger)
            try await board.serve(host: host, port: port) { bound in
                logger.info(
                    "outpost-relay listening",
                    metadata: [
                        "address": "http://\(host):\(bound)", "board": "http://\(host):\(bound)/board", "log": "\(options.logName)",
                        "replica": "\(replicaPath)",
                    ])
                // The slow reads are prepared once the server answers, so starting is not delayed.
                Task { await board.warm() }
            }
        }
    }
}

struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Enrol, list and revoke stations.",
        discussion: """
            Examples:
              outpost-relay station add SZ01 --name "深圳福田店" --db relay.db
              outpost-relay station list --db relay.db
              outpost-relay station revoke SZ01 --db relay.db
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a station and print its one-time secret token.",
            discussion: "Example:\n  outpost-relay station add SZ01 --name \"深圳福田店\""
        )

        @OptionGroup var options: RelayOptions

        @Argument(help: "The station code, such as SZ01.")
        var code: String

        @Option(help: "The branch's name.")
        var name: String?

        func run() async throws {
            try await failing(options.language) {
                guard StationCode.isValid(code) else {
                    throw RelayLogError(
                        .malformed, "invalid station code '\(code)': expected 2–8 upper-case letters or digits starting with a letter, such as SZ01",
                        chinese: "站点代码「\(code)」无效：应为 2–8 个大写字母或数字，以字母开头，例如 SZ01")
                }
                let token = StationToken.generate()
                try await options.openLog().enrol(code: code, name: name, tokenHash: StationToken.hash(token), now: StationStore.systemMilliseconds())
                print(
                    options.say(
                        """
                        Station \(code) enrolled. Its secret token (shown only now; the relay keeps only a hash):

                          \(token)

                        At the station:
                          outpost relay set --url http://HOST:PORT --token \(token)
                        """,
                        """
                        站点 \(code) 已登记。它的密钥令牌（只显示这一次；中继只保存其哈希）：

                          \(token)

                        在站点上：
                          outpost relay set --url http://HOST:PORT --token \(token)
                        """))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List enrolled stations: state, last request, changes pushed and pull cursor.",
            discussion: "Example:\n  outpost-relay station list --db relay.db"
        )

        @OptionGroup var options: RelayOptions

        func run() async throws {
            try await failing(options.language) {
                let stations = try await options.openLog().stations()
                let rows = stations.map { station in
                    [
                        station.code, station.name ?? "", station.revoked ? options.say("revoked", "已吊销") : options.say("active", "有效"),
                        station.lastSeen.map { Timestamp(milliseconds: $0, counter: 0).isoText } ?? options.say("never", "从未"),
                        String(station.pushedCount), String(station.cursor),
                    ]
                }
                let header =
                    options.language == .chinese
                    ? ["代码", "名称", "状态", "最近联系", "已推送", "游标"] : ["code", "name", "state", "last seen", "pushed", "cursor"]
                printTable(header, rows)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a station's token from working, at once (also for a relay already running).",
            discussion: "Example:\n  outpost-relay station revoke SZ01"
        )

        @OptionGroup var options: RelayOptions

        @Argument(help: "The station code.")
        var code: String

        func run() async throws {
            try await failing(options.language) {
                try await options.openLog().revoke(code: code)
                print(options.say("Station \(code)'s token is revoked; it can no longer push or pull.", "站点 \(code) 的令牌已吊销，它不能再推送或拉取。"))
            }
        }
    }
}

/// A plain aligned table, measured by the desk's display widths (`DisplayWidth`: CJK two columns),
/// so names line up here as they do in `outpost`'s tables.
func printTable(_ header: [String], _ rows: [[String]]) {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].displayWidth }.max() ?? 0 }
    for row in all {
        print(row.indices.map { row[$0].padded(toWidth: widths[$0]) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
}
