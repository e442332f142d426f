import ArgumentParser
import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostSync

/// `outpost verify`: does this station's replica hold what the relay's holds?
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that this station's merged state agrees with the relay's for the same changes.",
        discussion: """
            Syncs first (unless --no-sync), so that both sides hold the same changes, then compares \
            a fingerprint of every table and row (values shown and merge state) with the relay's \
            merged replica. A disagreement names the first differing table and row.

            Exit codes: 0 they agree; 4 they disagree; 1 they could not be compared (different \
            changes or schema versions, relay unreachable); 3 no relay configured.

            Example:
              outpost verify
              outpost verify --no-sync --json
            """
    )

    @OptionGroup var options: StationOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Compare without syncing first; reports it when the relay holds other changes than this station.")
    var noSync = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let console = Console(language: output.languageOrEnglish)
        try await reportingAsync(in: console.language) {
            let store = try options.openStore()
            guard let station = try store.localStation() else { throw CommandFailure.noStation }
            let line = ProgressLine(console.language)
            defer { line.clear() }
            let report = try await SyncClient(store: store).verify(syncFirst: !noSync) { line.report($0) }
            if json {
                try JSONOutput.print(VerifyJSON(report, station: station.code))
            } else {
                describe(report, station: station.code, console)
            }
            if let failure = failure(report, station: station.code) { throw failure }
        }
    }

    private func describe(_ report: VerifyReport, station: String, _ console: Console) {
        if let synced = report.synced {
            print(synced.line(in: console.language))
        }
        let (count, stations) = (report.vector.changes, report.vector.entries.count)
        let changes = console.say(
            "\(count) change\(count == 1 ? "" : "s") from \(stations) station\(stations == 1 ? "" : "s")", "来自 \(stations) 个站点的 \(count) 个变更")
        let mine = Fingerprint.text(report.fingerprint)
        switch report.outcome {
        case .agree:
            print(
                console.say(
                    "\(station) agrees with the relay: the same \(changes) give the same fingerprint, \(mine).",
                    "\(station) 与中继一致：相同的\(changes)得到相同的指纹 \(mine)。"))
            printTables(report, console)
        case .disagree:
            let relay = report.relayFingerprint.map(Fingerprint.text) ?? "?"
            print(
                console.say(
                    "\(station) and the relay hold the same \(changes), but their fingerprints differ: \(mine) here, \(relay) at the relay.",
                    "\(station) 与中继持有相同的\(changes)，但指纹不同：本站 \(mine)，中继 \(relay)。"))
            printTables(report, console)
        case .differentChanges, .differentSchema:
            print(console.say("\(station) holds \(changes); its fingerprint is \(mine).", "\(station) 持有\(changes)；指纹为 \(mine)。"))
        }
    }

    private func printTables(_ report: VerifyReport, _ console: Console) {
        var table = TextTable([
            .init(title: console.say("table", "表"), maxWidth: 24), .init(title: console.say("rows here", "本站行数"), maxWidth: 12, alignRight: true),
            .init(title: console.say("at relay", "中继行数"), maxWidth: 12, alignRight: true), .init(title: console.say("compared", "比较"), maxWidth: 9),
        ])
        for row in report.tables {
            table.append([
                .init(row.table), .init(row.mine.map { String($0.rows) } ?? "-"), .init(row.relay.map { String($0.rows) } ?? "-"),
                .init(row.agrees ? console.say("same", "相同") : console.say("DIFFERENT", "不同")),
            ])
        }
        for line in table.render(on: console) { print("  " + line) }
    }

    /// The outcome as a failure with its exit code, or nil when the replicas agree.
    private func failure(_ report: VerifyReport, station: String) -> CommandFailure? {
        switch report.outcome {
        case .agree:
            return nil
        case .disagree(let first):
            let place =
                first.map { "first at \($0.table) row \($0.label): \(Self.explain($0.difference))" }
                ?? "in table \(report.tables.first { !$0.agrees }?.table ?? "?") (no single row could be named)"
            let placeChinese = first.map { "首先在 \($0.table) 表的 \($0.label) 行" } ?? "在 \(report.tables.first { !$0.agrees }?.table ?? "?") 表"
            return CommandFailure(
                .refused,
                """
                \(station)'s replica and the relay's disagree for the same changes, \(place). \
                Run `outpost verify` at another station: if it agrees with the relay, this station's database \
                is damaged (keep a copy of it and report it; do not settle conflicts on that record meanwhile); \
                if other stations disagree too, ask the relay operator to rebuild the relay's merged replica \
                (stop `outpost-relay serve`, delete the replica file its start-up line names, by default the log's \
                path with -replica before .db, and start it again)
                """,
                """
                对相同的变更，\(station) 的副本与中继的不一致，\(placeChinese)。请在另一个站点运行 `outpost verify`：\
                若它与中继一致，则本站数据库已损坏（请保留副本并上报，期间不要处理该记录上的冲突）；若其他站点也不一致，\
                请中继管理员重建中继的合并副本（停止 `outpost-relay serve`，删除其启动日志所示的副本文件，再重新启动）
                """)
        case .differentChanges(let relayOnly, let stationOnly):
            var parts = [String]()
            var chinese = [String]()
            if relayOnly > 0 {
                parts.append("the relay holds \(relayOnly) change\(relayOnly == 1 ? "" : "s") this station has not pulled")
                chinese.append("中继有 \(relayOnly) 个变更本站尚未拉取")
            }
            if stationOnly > 0 {
                parts.append("this station holds \(stationOnly) change\(stationOnly == 1 ? "" : "s") the relay does not have")
                chinese.append("本站有 \(stationOnly) 个变更中继没有")
            }
            let advice =
                noSync
                ? "run `outpost sync`, then verify again (plain `outpost verify` syncs first)"
                : "other stations kept syncing while this one verified (\(report.attempts) attempts); run `outpost verify` again in a quieter moment"
            let adviceChinese =
                noSync
                ? "请运行 `outpost sync` 后再核对（不带参数的 `outpost verify` 会先同步）"
                : "核对期间其他站点仍在同步（尝试 \(report.attempts) 次）；请稍后再运行 `outpost verify`"
            return CommandFailure(
                .userError, "cannot compare yet: " + parts.joined(separator: " and ") + "; " + advice,
                "暂时无法比较：" + chinese.joined(separator: "，") + "；" + adviceChinese)
        case .differentSchema(let mine, let relay):
            return CommandFailure(
                .userError,
                """
                cannot compare: this station knows schema \(mine) and the relay schema \(relay), and replicas of \
                different schemas apply different changes; upgrade the older side's software, then verify again
                """, "无法比较：本站使用数据结构版本 \(mine)，中继为 \(relay)，不同版本应用的变更不同；请升级较旧一方的软件后再核对")
        }
    }

    static func explain(_ difference: RowComparison.Difference) -> String {
        switch difference {
        case .values: "the values shown differ while the merge state is the same (was the table changed outside Outpost?)"
        case .state: "the merge state (heads, versions, tombstones) differs while the values shown are the same"
        case .valuesAndState: "both the values shown and the merge state differ"
        case .missingThere: "this station has the row and the relay does not"
        case .missingHere: "the relay has the row and this station does not"
        }
    }
}

/// `outpost verify --json`: field names in the tables' snake case, hashes as 16 hex digits.
struct VerifyJSON: Encodable {
    struct Table: Encodable {
        var table: String
        var rows: Int?
        var fingerprint: String?
        var relayRows: Int?
        var relayFingerprint: String?
        var agree: Bool
    }

    struct Difference: Encodable {
        var table: String
        var row: String
        var caseNumber: String?
        var difference: String
    }

    struct Synced: Encodable {
        var pushed: Int
        var pulled: Int
        var newConflicts: Int
    }

    var result: String
    var station: String
    var changes: UInt64
    var stations: Int
    var fingerprint: String
    var relayFingerprint: String?
    var relayPosition: UInt64
    var tables: [Table]
    var firstDifference: Difference?
    var relayOnlyChanges: UInt64?
    var stationOnlyChanges: UInt64?
    var schema: Int?
    var relaySchema: Int?
    var synced: Synced?
    var attempts: Int

    init(_ report: VerifyReport, station: String) {
        self.station = station
        changes = report.vector.changes
        stations = report.vector.entries.count
        fingerprint = Fingerprint.text(report.fingerprint)
        relayFingerprint = report.relayFingerprint.map(Fingerprint.text)
        relayPosition = report.relayPosition
        tables = report.tables.map {
            Table(
                table: $0.table, rows: $0.mine?.rows, fingerprint: $0.mine.map { Fingerprint.text($0.hash) },
                relayRows: $0.relay?.rows, relayFingerprint: $0.relay.map { Fingerprint.text($0.hash) }, agree: $0.agrees)
        }
        synced = report.synced.map { Synced(pushed: $0.pushed, pulled: $0.pulled, newConflicts: $0.newConflicts) }
        attempts = report.attempts
        switch report.outcome {
        case .agree:
            result = "agree"
        case .disagree(let first):
            result = "disagree"
            firstDifference = first.map {
                Difference(table: $0.table, row: $0.label.id, caseNumber: $0.label.caseNumber, difference: $0.difference.rawValue)
            }
        case .differentChanges(let relayOnly, let stationOnly):
            result = "different-changes"
            relayOnlyChanges = relayOnly
            stationOnlyChanges = stationOnly
        case .differentSchema(let mine, let relay):
            result = "different-schema"
            schema = mine
            relaySchema = relay
        }
    }
}
