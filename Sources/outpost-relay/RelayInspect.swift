import ArgumentParser
import Foundation
import Logging
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

/// The relay's merged replica, caught up with the log first.
func caughtUpReplica(_ options: RelayOptions, replica: String?) async throws -> (any RelayLog, StationStore) {
    let log = try await options.openLog()
    let path = replica ?? options.defaultReplica
    var logger = Logger(label: "outpost.relay")
    logger.logLevel = .critical
    let merged = try MergedReplica(path: path, log: log, logger: logger)
    await merged.catchUp()
    return (log, merged.store)
}

/// One open conflict as `--json` has always reported it: a `ConflictEntry` without the
/// stations' extra keys, so scripts reading the relay keep their shape.
struct RelayConflict: Encodable {
    struct Head: Encodable {
        var value: String
        var station: String
        var staff: String
        var edited: String
    }

    var id: String
    var table: String
    var row: String
    var field: String
    var values: [Head]
    var shown: String

    init(_ entry: ConflictEntry) {
        id = entry.id
        table = entry.table
        row = entry.row
        field = entry.field
        values = entry.values.map { Head(value: $0.value, station: $0.station, staff: $0.staff, edited: $0.edited) }
        shown = entry.shown
    }
}

/// `outpost-relay conflicts`: the open conflicts across all stations.
struct RelayConflicts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the open conflicts across all stations, from the relay's merged replica.",
        discussion: "Example:\n  outpost-relay conflicts --db relay.db\n  outpost-relay conflicts --db relay.db --station SZ01 --json"
    )

    @OptionGroup var options: RelayOptions

    @Option(help: "The merged replica's database (default: the log's path with -replica before .db).")
    var replica: String?

    @Option(help: "Only conflicts with a value from this station.")
    var station: String?

    @Flag(help: "Print the conflicts as JSON.")
    var json = false

    func run() async throws {
        try await failing(options.language) {
            let (_, store) = try await caughtUpReplica(options, replica: replica)
            // The stations' own listing (`outpost conflicts list`): the same ids, values and order.
            let entries = try ConflictBook(store: store).list().filter { entry in
                station.map { code in entry.values.contains { $0.station == code } } ?? true
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries.map(RelayConflict.init)), as: UTF8.self))
                return
            }
            let language = options.language
            if entries.isEmpty { print(options.say("no open conflicts", "没有未解决的冲突")) }
            for conflict in entries {
                let field = FieldNames.label(conflict.field).text(in: language)
                let shown = FieldNames.value(conflict.shown, of: conflict.field, in: conflict.table).text(in: language)
                print("\(conflict.id)  \(conflict.table) \(conflict.row) \(conflict.label) · \(field)  " + options.say("shown: ", "当前显示：") + shown)
                for (index, head) in conflict.values.enumerated() {
                    let value = FieldNames.value(head.value, of: conflict.field, in: conflict.table).text(in: language)
                    print("  \(index + 1). \(value)  — \(head.station), \(head.staff), \(head.edited)")
                }
            }
        }
    }

}

/// `outpost-relay stats`: stations, changes, conflicts, pending changes, log size.
struct RelayStats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show stations, changes in the log, open conflicts, pending changes and the log's size.",
        discussion: "Example:\n  outpost-relay stats --db relay.db"
    )

    @OptionGroup var options: RelayOptions

    @Option(help: "The merged replica's database (default: the log's path with -replica before .db).")
    var replica: String?

    func run() async throws {
        try await failing(options.language) {
            let (log, store) = try await caughtUpReplica(options, replica: replica)
            let stations = try await log.stations()
            // The log is its file and its write-ahead log: recent pushes may still be in the WAL.
            let size = ["", "-wal"].reduce(0) { total, suffix in
                total + ((try? FileManager.default.attributesOfItem(atPath: options.path + suffix)[.size] as? Int) ?? 0)
            }
            let revoked = stations.filter(\.revoked).count
            let head = try await log.head()
            let conflicts = try store.openConflicts().count
            let pending = try store.pendingChanges().count
            print(options.say("stations:        \(stations.count) (\(revoked) revoked)", "站点：      \(stations.count)（\(revoked) 个已吊销）"))
            print(options.say("changes in log:  \(head)", "日志中变更：\(head)"))
            print(options.say("open conflicts:  \(conflicts)", "未解决冲突：\(conflicts)"))
            print(options.say("pending changes: \(pending)", "待应用变更：\(pending)"))
            if options.postgresURL != nil {
                print(options.say("log:             \(options.logName)", "日志：      \(options.logName)"))
            } else {
                print(options.say("log size:        \(size) bytes (with its write-ahead log)", "日志大小：  \(size) 字节（含预写日志）"))
            }
        }
    }
}

/// `outpost-relay report`: the weekly or monthly report for all stations, from the merged replica.
struct RelayReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The weekly or monthly report of every station, from the relay's merged replica.",
        discussion: """
            The same report as `outpost report` at a station, over every station's cases. Use \\
            --lang zh for Chinese.

            Example:
              outpost-relay report week --db relay.db
              outpost-relay report month --db relay.db --station SZ01 --csv
            """
    )

    @OptionGroup var options: RelayOptions

    @Option(help: "The merged replica's database (default: the log's path with -replica before .db).")
    var replica: String?

    @Argument(help: "week (the 7 days ending today) or month (this month so far).")
    var period: String

    @Option(help: "The first day, YYYY-MM-DD.")
    var from: String?

    @Option(help: "The last day, YYYY-MM-DD (default: today).")
    var to: String?

    @Option(help: "Only the cases a station opened.")
    var station: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print the report as CSV: section,key,value.")
    var csv = false

    func run() async throws {
        try await failing(options.language) {
            let (_, store) = try await caughtUpReplica(options, replica: replica)
            let cases = CaseBook(store: store)
            let today = try cases.clocks().calendar.time.date(at: StationStore.systemMilliseconds())
            let (first, last) = try CaseReport.period(period, from: from, to: to, today: today)
            let report = try CaseReport.make(cases, from: first, to: last, station: station)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                return print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
            if csv { return print(report.csv, terminator: "") }
            for line in report.lines(in: options.language) { print(line) }
        }
    }
}
