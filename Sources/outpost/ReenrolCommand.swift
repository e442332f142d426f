import ArgumentParser
import OutpostDomain
import OutpostStore
import OutpostSync

/// `outpost reenrol`: a new identity for a copied or restored station database.
struct ReenrolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reenrol",
        abstract: "Give a copied or restored station database a new station code, keeping all its changes.",
        discussion: """
            Use when `outpost sync` says this database is a copy or a restore: another copy has \
            pushed changes under the same station's ids. Ask the relay operator to enrol a new \
            code (`outpost-relay station add SZ01B`), then run this with the token it printed. \
            The changes the relay already has stay as they are; the unsent ones are issued again \
            under the new code (cases they opened get new numbers), and the next sync sends them \
            and receives the other copy's changes like any other station's. Nothing is lost.

            Example:
              outpost reenrol --db sz.db --station SZ01B --token 3f9a…
            """
    )

    @OptionGroup var options: StationOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The new station code enrolled at the relay, such as SZ01B.")
    var station: String

    @Option(help: "The new code's secret token, printed by `outpost-relay station add`.")
    var token: String

    func run() async throws {
        let language = output.languageOrEnglish
        let console = Console(language: language)
        try await reportingAsync(in: language) {
            let store = try options.openStore()
            guard let url = try store.setting(SyncSettings.relayURL) else {
                throw CommandFailure(
                    .notFound, "this station has no relay: run `outpost relay set --url URL --token TOKEN` instead",
                    "本站点没有中继：请改为运行 `outpost relay set --url URL --token TOKEN`")
            }
            try RelayCommand.Set.validate(url: url, token: token)
            var generator = SystemRandomNumberGenerator()
            let done = try store.reenrol(code: station, token: token, using: &generator)
            let (new, old, count) = (done.station.code, done.previous.code, done.reissued)
            print(
                console.say(
                    "This database is now station \(new) (it was \(old)): \(count) unsent change\(count == 1 ? "" : "s") issued again under the new code.",
                    "此数据库现为站点 \(new)（原为 \(old)）：\(count) 个未发送变更已用新代码重新发出。"))
            for (before, after) in done.renumbered.sorted(by: { $0.key < $1.key }) {
                print(console.say("  case \(before) is now \(after)", "  案件 \(before) 现为 \(after)"))
            }
            print(
                console.say(
                    "Run `outpost sync` to send them and receive \(old)'s changes from the other copy.",
                    "运行 `outpost sync` 发送它们，并接收另一份副本以 \(old) 名义做的变更。"))
        }
    }
}
