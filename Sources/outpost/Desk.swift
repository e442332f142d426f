import ArgumentParser
import OutpostDomain
import OutpostStore

/// What a clerk's command works with: the station's replica, the domain over it, and the
/// console in the chosen language.
struct Desk {
    let store: StationStore
    let station: LocalStation
    let options: StationOptions
    let console: Console
    let time: StationTime
    let customers: CustomerBook
    let cases: CaseBook
    let today: TodayQueue
    let staff: StaffBook

    init(_ options: StationOptions, language: Language) throws {
        store = try options.openStore()
        guard let station = try store.localStation() else {
            throw CommandFailure(
                .notFound, "\(options.databasePath) has no station yet: run `outpost init --station CODE` first",
                "\(options.databasePath) 还没有站点：请先运行 `outpost init --station CODE`")
        }
        self.station = station
        self.options = options
        console = Console(language: language)
        time = StationTime(zoneIdentifier: station.timeZone)
        customers = CustomerBook(store: store)
        cases = CaseBook(store: store)
        today = TodayQueue(store: store)
        staff = StaffBook(store: store)
    }

    /// Who is making a change: `--as`, `$OUTPOST_STAFF`, or the station's staff name, who must
    /// be an active member of staff (`docs/ARCHITECTURE.md`, "Staff and roles").
    func author() throws -> String {
        let name = try options.author(store)
        _ = try StaffBook(store: store).actor(name)
        return name
    }

    /// An ISO 8601 UTC time from the store, in the station's zone: `2026-11-23 09:15`.
    func local(_ iso: String) -> String {
        StationTime.milliseconds(fromISO: iso).map(time.text) ?? iso
    }
}

extension ParsableArguments {
    /// Runs a command body on the station's desk, reporting any failure as one line in the chosen
    /// language with the documented exit code.
    func withDesk(_ options: StationOptions, _ output: OutputOptions, _ body: (Desk) throws -> Void) throws {
        let language = (try? output.language()) ?? .english
        try reporting(in: language) {
            let desk = try Desk(options, language: try output.language())
            try body(desk)
        }
    }
}
