import ArgumentParser
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

    @Option(help: "The new station code enrolled at the relay, such as SZ01B.")
    var station: String

    @Option(help: "The new code's secret token, printed by `outpost-relay station add`.")
    var token: String

    func run() async throws {
        try await reportingAsync {
            let store = try options.openStore()
            guard let url = try store.setting(SyncSettings.relayURL) else {
                throw CommandFailure(.notFound, "this station has no relay: run `outpost relay set --url URL --token TOKEN` instead")
            }
            try RelayCommand.Set.validate(url: url, token: token)
            var generator = SystemRandomNumberGenerator()
            let done = try store.reenrol(code: station, token: token, using: &generator)
            print(
                "This database is now station \(done.station.code) (it was \(done.previous.code)): \(done.reissued) unsent change\(done.reissued == 1 ? "" : "s") issued again under the new code."
            )
            for (old, new) in done.renumbered.sorted(by: { $0.key < $1.key }) { print("  case \(old) is now \(new)") }
            print("Run `outpost sync` to send them and receive \(done.previous.code)'s changes from the other copy.")
        }
    }
}
