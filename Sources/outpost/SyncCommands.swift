import ArgumentParser
import Foundation
import Synchronization
import OutpostCore
import OutpostStore
import OutpostSync

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

    @Flag(help: "Keep syncing, waiting --every between rounds and backing off while the relay is unreachable.")
    var watch = false

    @Option(help: "How long to wait between rounds with --watch: 30s, 5m, 1h.")
    var every = Interval(seconds: 30)

    func run() async throws {
        try await reportingAsync {
            let store = try options.openStore()
            let client = try SyncClient(store: store)
            guard watch else {
                let summary = try await ProgressLine.sync(client)
                print(summary.line)
                return
            }
            var failures = 0
            while true {
                do {
                    let summary = try await ProgressLine.sync(client)
                    print("\(Self.clock()) \(summary.line)")
                    failures = 0
                    try await Task.sleep(for: .seconds(every.seconds))
                } catch let error as SyncError where error.code == .unreachable {
                    // Back off while the relay is unreachable: 1×, 2×, 4× … up to 8× the interval.
                    failures += 1
                    let wait = every.seconds * Double(1 << min(failures - 1, 3))
                    printError("\(error.message) (retrying in \(Int(wait))s)")
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

    /// Syncs with a progress line.
    static func sync(_ client: SyncClient) async throws -> SyncSummary {
        let line = ProgressLine()
        defer { line.clear() }
        return try await client.sync { line.report($0) }
    }

    func report(_ event: SyncProgress) {
        guard isTerminal, Date().timeIntervalSince(started) > 1 else { return }
        let text = switch event {
        case .pushed(let count): "pushed \(count) changes…"
        case .pulled(let count): "pulled \(count) changes…"
        case .bootstrapping(let count): "bootstrapping: \(count) changes received…"
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
        seconds.truncatingRemainder(dividingBy: 3600) == 0 ? "\(Int(seconds / 3600))h"
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

    func run() throws {
        try reporting {
            let store = try options.openStore()
            guard let local = try store.localStation() else {
                throw CommandFailure(.notFound, "this database has no station yet: run `outpost init --station CODE` first")
            }
            let state = try store.syncState()
            let lines: [(String, String)] = [
                ("station", "\(local.code) (\(local.timeZone))"),
                ("relay", try store.setting(SyncSettings.relayURL) ?? "none: run `outpost relay set --url URL --token TOKEN`"),
                ("unsent changes", "\(state.unsent)"),
                ("last sync", try store.setting(SyncSettings.lastSuccess) ?? "never"),
                ("last sync error", try store.setting(SyncSettings.lastError) ?? "none"),
                ("open conflicts", "\(try store.openConflicts().count)"),
            ]
            for (label, value) in lines { print(label.padding(toLength: 16, withPad: " ", startingAt: 0) + value) }
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

        @Flag(help: "The relay was replaced or rebuilt: forget the one synced with before, send it every change of this station again and receive its whole log.")
        var newRelay = false

        func run() throws {
            try reporting {
                let store = try options.openStore()
                try Self.configure(store, url: url, token: token)
                if newRelay {
                    try store.setSetting(SyncSettings.relayID, nil)
                    try store.setSetting(SyncSettings.cursor, "0")
                    try store.markPushed(through: 0)
                }
                print("Relay set to \(url). Run `outpost sync` to send and receive changes.")
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

        func run() throws {
            try reporting {
                let count = try options.openStore().repairClock()
                print("Re-stamped \(count) unsent change\(count == 1 ? "" : "s"). Run `outpost sync` to send them.")
            }
        }
    }
}

extension SyncSummary {
    /// `Synced: pushed 3, pulled 12 in 1 batch, new conflicts 0 (0.4s)`.
    var line: String {
        var parts = ["pushed \(pushed)", "pulled \(pulled) in \(batches) batch\(batches == 1 ? "" : "es")"]
        if bootstrapped > 0 { parts.insert("bootstrapped \(bootstrapped) from the relay's snapshot", at: 0) }
        parts.append("new conflicts \(newConflicts)")
        return "Synced: " + parts.joined(separator: ", ") + String(format: " (%.1fs)", Double(elapsedMilliseconds) / 1000)
    }
}
