import ArgumentParser
import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostSync
import Synchronization

/// `outpost sync`: push the outbox, then pull until caught up.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send this station's changes to the relay and receive everyone else's.",
        discussion: """
            Examples:
              outpost sync
              outpost sync --watch --every 30s
            """
    )

    @OptionGroup var options: StationOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Keep syncing, waiting --every between rounds and backing off while the relay is unreachable.")
    var watch = false

    @Option(help: "How long to wait between rounds with --watch: 30s, 5m, 1h.")
    var every = Interval(seconds: 30)

    func run() async throws {
        let language = output.languageOrEnglish
        try await reportingAsync(in: language) {
            let store = try options.openStore()
            let client = try SyncClient(store: store)
            guard watch else {
                let summary = try await ProgressLine.sync(client, language)
                print(summary.line(in: language))
                return
            }
            var failures = 0
            while true {
                do {
                    let summary = try await ProgressLine.sync(client, language)
                    print("\(Self.clock()) \(summary.line(in: language))")
                    failures = 0
                    try await Task.sleep(for: .seconds(every.seconds))
                } catch let error as SyncError where error.code == .unreachable {
                    // Back off while the relay is unreachable: 1×, 2×, 4× … up to 8× the interval.
                    failures += 1
                    let wait = every.seconds * Double(1 << min(failures - 1, 3))
                    printError(
                        language == .chinese
                            ? "\(error.chinese ?? error.message)（\(Int(wait)) 秒后重试）" : "\(error.message) (retrying in \(Int(wait))s)")
                    try await Task.sleep(for: .seconds(wait))
                }
            }
        }
    }

    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }
}

/// A progress line on standard error, drawn only on a terminal and only once a sync has taken
/// longer than a second; cleared when the sync ends, so what is printed next starts a clean line.
final class ProgressLine: Sendable {
    private let started = Date()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let drawn = Atomic<Bool>(false)
    private let language: Language

    init(_ language: Language = .english) {
        self.language = language
    }

    /// Syncs with a progress line.
    static func sync(_ client: SyncClient, _ language: Language = .english) async throws -> SyncSummary {
        let line = ProgressLine(language)
        defer { line.clear() }
        return try await client.sync { line.report($0) }
    }

    func report(_ event: SyncProgress) {
        guard isTerminal, Date().timeIntervalSince(started) > 1 else { return }
        let chinese = language == .chinese
        let text =
            switch event {
            case .pushed(let count): chinese ? "已推送 \(count) 个变更…" : "pushed \(count) changes…"
            case .pulled(let count): chinese ? "已拉取 \(count) 个变更…" : "pulled \(count) changes…"
            case .bootstrapping(let count): chinese ? "初始化：已收到 \(count) 条…" : "bootstrapping: \(count) received…"
            }
        drawn.store(true, ordering: .relaxed)
        FileHandleOutput.standardError("\r\(text)\u{1B}[K")
    }

    func clear() {
        if drawn.load(ordering: .relaxed) { FileHandleOutput.standardError("\r\u{1B}[K") }
    }
}

/// A duration given as `30s`, `5m` or `1h`.
struct Interval: ExpressibleByArgument {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = argument.last, let scale = units[unit], let value = Double(argument.dropLast()), value > 0 else { return nil }
        seconds = value * scale
    }

    /// How `--help` shows a default: as it would be typed.
    var defaultValueDescription: String {
        seconds.truncatingRemainder(dividingBy: 3600) == 0
            ? "\(Int(seconds / 3600))h"
            : seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60))m" : "\(Int(seconds))s"
    }
}

/// `outpost status`: where this station stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the station, its relay, the outbox, the last sync and open conflicts.",
        discussion: "Example:\n  outpost status"
    )

    @OptionGroup var options: StationOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.languageOrEnglish
        try reporting(in: language) {
            let store = try options.openStore()
            guard let local = try store.localStation() else { throw CommandFailure.noStation }
            let state = try store.syncState()
            let console = Console(language: language)
            let lines: [(String, String)] = [
                (console.say("station", "站点"), "\(local.code) (\(local.timeZone))"),
                (
                    console.say("relay", "中继"),
                    try store.setting(SyncSettings.relayURL)
                        ?? console.say("none: run `outpost relay set --url URL --token TOKEN`", "无：请运行 `outpost relay set --url URL --token TOKEN`")
                ),
                (console.say("unsent changes", "未发送变更"), "\(state.unsent)"),
                (console.say("last sync", "上次同步"), try store.setting(SyncSettings.lastSuccess) ?? console.say("never", "从未")),
                (
                    console.say("last sync error", "上次同步错误"),
                    try (language == .chinese ? store.setting(SyncSettings.lastErrorChinese) : nil) ?? store.setting(SyncSettings.lastError)
                        ?? console.say("none", "无")
                ),
                (console.say("open conflicts", "未解决冲突"), "\(try store.openConflicts().count)"),
            ]
            let width = lines.map(\.0.displayWidth).max() ?? 0
            for (label, value) in lines { print(label.padded(toWidth: width + 2) + value) }
        }
    }
}

/// `outpost relay set`: where this station syncs, and with which token.
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Configure the relay this station syncs with.",
        discussion: """
            Example:
              outpost relay set --url http://127.0.0.1:8080 --token 3f9a…
            """,
        subcommands: [Set.self]
    )

    struct Set: ParsableCommand {
        /// Checks and stores the relay's address and the token.
        static func configure(_ store: StationStore, url: String, token: String) throws {
            try validate(url: url, token: token)
            try store.setSetting(SyncSettings.relayURL, url)
            try store.setSetting(SyncSettings.token, token)
        }

        static func validate(url: String, token: String) throws {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw CommandFailure(.userError, "'\(url)' is not a relay address: expected something like http://127.0.0.1:8080")
            }
            guard token.count >= 16, token.allSatisfy(\.isHexDigit) else {
                throw CommandFailure(.userError, "'\(token)' is not a station token: copy the 64 hex digits `outpost-relay station add` printed")
            }
        }

        static let configuration = CommandConfiguration(
            abstract: "Set the relay's address and this station's token.",
            discussion: """
                Examples:
                  outpost relay set --url http://127.0.0.1:8080 --token 3f9a…
                  outpost relay set --url http://10.1.0.5:8080 --token 3f9a… --new-relay
                """
        )

        @OptionGroup var options: StationOptions

        @Option(help: "The relay's address, such as http://127.0.0.1:8080.")
        var url: String

        @Option(help: "The secret token printed by `outpost-relay station add`.")
        var token: String

        @Flag(
            help:
                "The relay was replaced or rebuilt: forget the one synced with before, send it every change of this station again and receive its whole log."
        )
        var newRelay = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.languageOrEnglish
            try reporting(in: language) {
                let store = try options.openStore()
                try Self.configure(store, url: url, token: token)
                if newRelay {
                    try store.setSetting(SyncSettings.relayID, nil)
                    try store.setSetting(SyncSettings.cursor, "0")
                    // A bootstrap interrupted with the old relay resumes nowhere on the new one.
                    try store.setSetting(SyncSettings.snapshotPosition, nil)
                    try store.setSetting(SyncSettings.snapshotChunk, nil)
                    try store.setSetting(SyncSettings.statePosition, nil)
                    try store.setSetting(SyncSettings.stateAfter, nil)
                    try store.setSetting(SyncSettings.historyPosition, nil)
                    try store.setSetting(SyncSettings.historyChunk, nil)
                    try store.markPushed(through: 0)
                }
                print(
                    Console(language: language).say(
                        "Relay set to \(url). Run `outpost sync` to send and receive changes.", "中继已设为 \(url)。运行 `outpost sync` 收发变更。"))
            }
        }
    }
}

/// `outpost clock repair`: re-stamp unsent changes after the station's clock ran ahead.
struct ClockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "Repair this station's clock after it ran ahead.",
        discussion: """
            Example:
              outpost clock repair
            """,
        subcommands: [Repair.self]
    )

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-stamp unsent changes with the current time, in order, so the relay accepts them.",
            discussion: """
                Use after fixing the machine's clock when `outpost sync` says a change is stamped too far \
                in the future. Nothing is lost: only changes no other station has seen are re-stamped.

                Example:
                  outpost clock repair
                """
        )

        @OptionGroup var options: StationOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let language = output.languageOrEnglish
            try reporting(in: language) {
                let count = try options.openStore().repairClock()
                let console = Console(language: language)
                print(
                    count == 0
                        ? console.say(
                            "No unsent change is stamped ahead of this machine's clock: nothing to re-stamp.",
                            "没有未发送变更的时间超前于本机时钟：无需重新标记。")
                        : console.say(
                            "Re-stamped \(count) unsent change\(count == 1 ? "" : "s") stamped ahead of this machine's clock. Run `outpost sync` to send them.",
                            "已重新标记 \(count) 个时间超前的未发送变更。运行 `outpost sync` 发送。"))
            }
        }
    }
}

extension SyncSummary {
    /// `Synced: pushed 3, pulled 12 in 1 batch, new conflicts 0 (0.4s)`.
    var line: String { line(in: .english) }

    func line(in language: Language) -> String {
        let seconds = String(format: "%.1f", Double(elapsedMilliseconds) / 1000)
        if language == .chinese {
            var parts = ["推送 \(pushed)", "拉取 \(pulled)（\(batches) 批）"]
            if bootstrapped > 0 { parts.insert("从中继初始化 \(bootstrapped)", at: 0) }
            parts.append("新冲突 \(newConflicts)")
            return "已同步：" + parts.joined(separator: "，") + "（\(seconds) 秒）"
        }
        var parts = ["pushed \(pushed)", "pulled \(pulled) in \(batches) batch\(batches == 1 ? "" : "es")"]
        if bootstrapped > 0 { parts.insert("bootstrapped \(bootstrapped) from the relay", at: 0) }
        parts.append("new conflicts \(newConflicts)")
        return "Synced: " + parts.joined(separator: ", ") + " (\(seconds)s)"
    }
}
