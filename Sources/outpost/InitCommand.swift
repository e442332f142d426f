import ArgumentParser
import Foundation
import OutpostDomain
import OutpostStore
import OutpostSync

/// `outpost init`: gives a new station database its identity.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this station's database.",
        discussion: """
            Example:
              outpost init --db station.db --station SZ01 --name "深圳福田店" \\
                  --staff "王芳"
              outpost init --db station.db --station SZ01 \\
                  --relay http://127.0.0.1:8080 --token TOKEN

            With --relay and --token the station bootstraps from the relay's snapshot at once; \
            without them it works offline until `outpost relay set`.
            """
    )

    @OptionGroup var options: StationOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The station code: 2–8 upper-case letters or digits, such as SZ01. Part of every case number.")
    var station: String

    @Option(help: "The branch's name.")
    var name: String?

    @Option(help: "The staff member working at this station: recorded on every change, and made the station's first manager.")
    var staff: String?

    @Option(
        help: ArgumentHelp(
            "The IANA time zone of the branch, such as Asia/Shanghai: it dates case numbers and shows times (default: this machine's).",
            valueName: "zone"))
    var timeZone: String?

    @Option(help: "The relay's address, such as http://127.0.0.1:8080.")
    var relay: String?

    @Option(help: "The secret token printed by `outpost-relay station add`.")
    var token: String?

    func run() async throws {
        guard (relay == nil) == (token == nil) else {
            throw ValidationError("give --relay and --token together, or neither (and set them later with `outpost relay set`)")
        }
        let language = output.languageOrEnglish
        let console = Console(language: language)
        try await reportingAsync(in: language) {
            let path = options.databasePath
            if let relay, let token { try RelayCommand.Set.validate(url: relay, token: token) }
            if FileManager.default.fileExists(atPath: path) {
                throw CommandFailure(.refused, "\(path) already exists: choose another --db, or keep using it", "\(path) 已存在：请换一个 --db，或继续使用它")
            }
            let zone = timeZone ?? TimeZone.current.identifier
            if timeZone == nil, TimeZone.current.secondsFromGMT() == 0 {
                // A server or laptop left on UTC would date a Beijing branch's morning cases a day early.
                printError(
                    console.say(
                        """
                        warning: this machine's time zone is \(zone), so case numbers will carry UTC dates. \
                        Give the branch's zone with --time-zone (such as Asia/Shanghai), or change it later with \
                        `outpost station set --time-zone ZONE`
                        """,
                        """
                        警告：本机时区为 \(zone)，案件编号将使用 UTC 日期。请用 --time-zone 指定门店时区（例如 Asia/Shanghai），\
                        或稍后用 `outpost station set --time-zone 时区` 修改
                        """))
            }
            let created: LocalStation
            do {
                let store = try StationStore(path: path)
                var generator = SystemRandomNumberGenerator()
                created = try store.initialise(code: station, name: name, timeZone: zone, author: staff ?? station, using: &generator)
                if let staff {
                    try store.setSetting("staff", staff)
                    try StaffBook(store: store).add(staff, role: Role.manager.rawValue, station: station, by: staff)
                }
            } catch {
                // A refused init leaves no half-made database behind.
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                throw error
            }
            let station = created
            print(
                console.say(
                    "Station \(station.code) created in \(path) (time zone \(station.timeZone)).",
                    "站点 \(station.code) 已创建于 \(path)（时区 \(station.timeZone)）。"))
            if let relay, let token {
                let store = try StationStore(path: path)
                try RelayCommand.Set.configure(store, url: relay, token: token)
                do {
                    let summary = try await ProgressLine.sync(SyncClient(store: store), language)
                    let received = summary.bootstrapped + summary.pulled
                    print(
                        console.say(
                            "First sync with \(relay) done: received \(received) change\(received == 1 ? "" : "s"), sent \(summary.pushed).",
                            "与 \(relay) 的首次同步完成：收到 \(received) 个变更，发送 \(summary.pushed) 个。"))
                } catch let error as SyncError where error.code == .unreachable {
                    print(
                        console.say(
                            "The relay is set, but the first sync did not complete: \(error.message)\nRun `outpost sync` when the relay is reachable.",
                            "中继已设置，但首次同步未完成：\(error.chinese ?? error.message)\n中继可连接时请运行 `outpost sync`。"))
                } catch let error as SyncError {
                    // The relay answered and refused: waiting will not help, so say what it said.
                    throw SyncError(
                        error.code, "station \(station.code) was created in \(path), but the relay refused its first sync: \(error.message)",
                        chinese: "站点 \(station.code) 已创建于 \(path)，但中继拒绝了首次同步：\(error.chinese ?? error.message)", relayCode: error.relayCode)
                }
            }
        }
    }
}
