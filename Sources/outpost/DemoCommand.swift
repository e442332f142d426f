import ArgumentParser
import Foundation
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore
import OutpostSync

/// `outpost demo`: two stations, one relay on loopback, a case both change while apart, the
/// conflicts that keeps, and a settlement, narrated step by step.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show the main job in a minute: two stations change one case while apart.",
        discussion: """
            Starts a relay inside this process on 127.0.0.1 (a free port) in a temporary folder, \
            enrols two stations, SZ01 (Shenzhen) and GZ02 (Guangzhou), and walks through a case \
            both change while offline: the conflicts Outpost keeps, the value each shows, and a \
            settlement. Each step prints the command a clerk would type to do the same. No \
            network beyond loopback and no setup needed.

            Example:
              outpost demo
              outpost demo --keep demo     # keeps sz.db, gz.db and relay.db in ./demo
            """
    )

    @Option(help: "Keep the station databases and relay.db in this folder (created if needed).")
    var keep: String?

    func run() async throws {
        try await reportingAsync {
            let fileManager = FileManager.default
            let directory: URL
            if let keep {
                directory = URL(fileURLWithPath: keep, isDirectory: true)
                try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
                for name in ["sz.db", "gz.db", "relay.db", "relay-replica.db"] {
                    let path = directory.appendingPathComponent(name).path
                    if fileManager.fileExists(atPath: path) {
                        throw CommandFailure(.userError, "\(path) exists already: pass --keep an empty or new folder")
                    }
                }
            } else {
                directory = fileManager.temporaryDirectory.appendingPathComponent("outpost-demo-\(UUID().uuidString)")
                try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            defer { if keep == nil { try? fileManager.removeItem(at: directory) } }
            let relay = try await LocalRelay(directory: directory)
            defer { relay.stop() }
            var script = DemoScript(directory: directory, relay: relay, kept: keep)
            try await script.run()
        }
    }
}

/// The demo's steps.
struct DemoScript {
    let directory: URL
    let relay: LocalRelay
    let kept: String?
    let console = Console(language: .english)
    private var step = 0

    init(directory: URL, relay: LocalRelay, kept: String?) {
        self.directory = directory
        self.relay = relay
        self.kept = kept
    }

    struct Station {
        let code: String
        let file: String
        let staff: String
        let store: StationStore
        var cases: CaseBook { CaseBook(store: store) }
        var customers: CustomerBook { CustomerBook(store: store) }
    }

    mutating func say(_ text: String, _ commands: [String] = []) {
        step += 1
        console.line()
        console.line(console.paint("\(step). \(text)", .bold))
        for command in commands { console.line("   $ " + command) }
    }

    func station(_ code: String, _ name: String, file: String, staff: String) async throws -> Station {
        let token = try await relay.enrol(code: code, name: name)
        let store = try StationStore(path: directory.appendingPathComponent(file).path)
        var generator = SystemRandomNumberGenerator()
        try store.initialise(code: code, name: name, timeZone: "Asia/Shanghai", author: staff, using: &generator)
        try store.setSetting("staff", staff)
        // As `init --staff` does: the station's first member of staff is its manager.
        try StaffBook(store: store).add(staff, role: Role.manager.rawValue, station: code, by: staff)
        try store.setSetting(SyncSettings.relayURL, relay.url)
        try store.setSetting(SyncSettings.token, token)
        return Station(code: code, file: file, staff: staff, store: store)
    }

    func sync(_ station: Station) async throws {
        let summary = try await SyncClient(store: station.store).sync()
        var line = "   \(station.code): pushed \(summary.pushed), pulled \(summary.pulled)"
        if summary.newConflicts > 0 { line += ", \(summary.newConflicts) new conflict(s)" }
        console.line(console.paint(line, .dim))
    }

    func desk(_ station: Station) throws -> Desk {
        try Desk(try StationOptions.parse(["--db", station.store.path, "--as", station.staff]), language: .english)
    }

    func showConflicts(_ station: Station) throws {
        console.line(console.paint("   conflicts list at \(station.code):", .cyan))
        ConflictView(desk: try desk(station)).list(try ConflictBook(store: station.store).list())
    }

    func showCase(_ station: Station, _ number: String) throws {
        console.line(console.paint("   case show at \(station.code):", .cyan))
        let desk = try desk(station)
        CaseView(desk: desk).print(try desk.cases.detail(number))
    }

    /// Every domain table as text: two replicas with the same changes print the same.
    func tables(_ store: StationStore) throws -> String {
        try store.schema.tables.map { table in
            table.name + "\n" + (try store.rows(of: table.name)).map { $0.map(\.description).joined(separator: "|") }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func identical(_ a: Station, _ b: Station) throws -> Bool {
        try tables(a.store) == tables(b.store)
    }

    mutating func run() async throws {
        console.line(console.paint("Outpost demo: two stations, one case, changed while apart.", .bold))
        console.line("A relay is running in this process at \(relay.url); its files are in \(directory.path).")

        say(
            "Enrol two stations with the relay: SZ01 in Shenzhen and GZ02 in Guangzhou.",
            [
                "outpost-relay station add SZ01 --name Shenzhen --db relay.db     # prints SZ01's token; GZ02 likewise",
                "outpost init --db sz.db --station SZ01 --name Shenzhen --staff li.wei --relay \(relay.url) --token TOKEN",
                "outpost init --db gz.db --station GZ02 --name Guangzhou --staff chen.jing --relay \(relay.url) --token TOKEN",
            ])
        let sz = try await station("SZ01", "Shenzhen", file: "sz.db", staff: "li.wei")
        let gz = try await station("GZ02", "Guangzhou", file: "gz.db", staff: "chen.jing")

        say(
            "At SZ01, Li Wei adds customer Wang Fang and opens an urgent after-sales repair case for her.",
            [
                "outpost customer add --db sz.db --name \"Wang Fang\" --phone 13800138000",
                "outpost case open --db sz.db --customer 13800138000 --kind after-sales --service repair --channel phone --severity urgent --product \"Tablet T10\" --title \"Screen goes black after ten seconds\"",
            ])
        let customer = try sz.customers.add(NewCustomer(name: "Wang Fang", phones: ["13800138000"]), by: sz.staff).customer
        let opened = try sz.cases.open(
            NewCase(
                customer: customer.id, kind: "after-sales", channel: "phone", severity: "urgent",
                title: "Screen goes black after ten seconds", service: "repair", product: "Tablet T10"
            ), by: sz.staff)
        let number = opened.number
        console.line("   opened \(number) for \(customer.name) (\(customer.id))")

        say("Both stations sync, so GZ02 has the case too.", ["outpost sync --db sz.db", "outpost sync --db gz.db"])
        try await sync(sz)
        try await sync(gz)

        say("The line between the branches goes down: from here both stations work offline.")

        say(
            "At SZ01, Li Wei raises the severity to critical and adds the customer's second phone.",
            [
                "outpost case edit --db sz.db \(number) --severity critical",
                "outpost customer edit --db sz.db 13800138000 --add-phone 13900139000",
            ])
        var raise = CaseChanges()
        raise.severity = "critical"
        _ = try sz.cases.edit(number, raise, by: sz.staff)
        _ = try sz.customers.edit(customer.id, CustomerChanges(addPhones: ["13900139000"]), by: sz.staff)

        say(
            "At GZ02, Chen Jing lowers the severity to normal and adds another phone.",
            [
                "outpost case edit --db gz.db \(number) --severity normal",
                "outpost customer edit --db gz.db 13800138000 --add-phone 13700137000",
            ])
        var lower = CaseChanges()
        lower.severity = "normal"
        _ = try gz.cases.edit(number, lower, by: gz.staff)
        _ = try gz.customers.edit(customer.id, CustomerChanges(addPhones: ["13700137000"]), by: gz.staff)

        let resolution = "restarted the device remotely"
        say(
            "GZ02 reaches the customer by phone, then resolves and closes the case.",
            [
                "outpost case contact --db gz.db \(number) --channel phone --outcome reached",
                "outpost case resolve --db gz.db \(number) --note \"\(resolution)\"",
                "outpost case close --db gz.db \(number)",
            ])
        try gz.cases.contact(number, channel: "phone", outcome: "reached", by: gz.staff)
        try gz.cases.resolve(number, note: resolution, by: gz.staff)
        try gz.cases.close(number, by: gz.staff)

        let note = "Customer says the screen still goes black after ten seconds"
        say(
            "Meanwhile at SZ01, Li Wei adds a note: the workflow touches the status, so the case stays open when the two meet.",
            [
                "outpost case note --db sz.db \(number) \"\(note)\""
            ])
        try sz.cases.note(number, note, by: sz.staff)

        say(
            "The line is back: both stations sync (SZ01 twice, to pull what GZ02 pushed).",
            [
                "outpost sync --db sz.db", "outpost sync --db gz.db", "outpost sync --db sz.db",
            ])
        try await sync(sz)
        try await sync(gz)
        try await sync(sz)

        say(
            "Both stations list the same open conflicts and show the same winners: critical (highestRank) and an open status (openWins). The two phones are both kept (addWins), no conflict. "
                + "openWins keeps the case open: of the two status heads, GZ02's closed and SZ01's new (written again by the note), the open one is shown. "
                + "It does not rank open statuses (it shows the latest open head), so the case reads new although GZ02 had reached the customer: "
                + "settling the status conflict records the status both branches agree on.",
            [
                "outpost conflicts list --db sz.db", "outpost conflicts list --db gz.db",
            ])
        try showConflicts(sz)
        try showConflicts(gz)
        let sameConflicts = try ConflictBook(store: sz.store).list() == ConflictBook(store: gz.store).list()
        console.line("   the two lists are " + (sameConflicts ? "identical" : "DIFFERENT"))

        say(
            "The case on both stations: the same values, each conflict marked.",
            [
                "outpost case show --db sz.db \(number)", "outpost case show --db gz.db \(number)",
            ])
        try showCase(sz, number)
        try showCase(gz, number)
        console.line("   the two replicas' tables are " + (try identical(sz, gz) ? "identical" : "DIFFERENT"))

        guard let severity = try ConflictBook(store: gz.store).list().first(where: { $0.field == "severity" }),
            let pick = severity.values.firstIndex(where: { $0.value == "urgent" || $0.value == "normal" })
        else {
            throw CommandFailure(.userError, "the demo expected a severity conflict and found none")
        }
        let chosen = severity.values[pick].value
        say(
            "At GZ02, Chen Jing talks to the team and settles the severity conflict: value \(pick + 1), \(chosen).",
            [
                "outpost conflicts settle --db gz.db \(severity.id) --pick \(pick + 1) --note \"agreed with Shenzhen\""
            ])
        try ConflictBook(store: gz.store).settle(severity.id, .pick(pick + 1), note: "agreed with Shenzhen", by: gz.staff)

        say(
            "Both sync again; the settlement reaches SZ01 and the relay. Its note touched the status at GZ02, so the status conflict's heads changed and it is listed again under a new id: an id names the heads it was made from.",
            [
                "outpost sync --db gz.db", "outpost sync --db sz.db",
            ])
        try await sync(gz)
        try await sync(sz)

        say(
            "Both stations have converged: one conflict left open (the status), and the settlement kept in history.",
            [
                "outpost conflicts list --db sz.db --all", "outpost case show --db gz.db \(number)",
            ])
        console.line(console.paint("   conflicts list --all at SZ01:", .cyan))
        ConflictView(desk: try desk(sz)).list(try ConflictBook(store: sz.store).list(settled: true))
        try showCase(gz, number)
        let converged = try identical(sz, gz)
        let relayConflicts = try ConflictBook(store: await relay.replica()).list()
        console.line(
            "   the two replicas' tables are " + (converged ? "identical" : "DIFFERENT")
                + "; the relay's merged replica shows \(relayConflicts.count) open conflict(s)")
        guard converged, sameConflicts else { throw CommandFailure(.userError, "the stations did not converge") }

        console.line()
        if let kept {
            console.line("The databases are in \(kept): sz.db, gz.db and relay.db. Try:")
            console.line("   $ outpost conflicts list --db \(kept)/sz.db --all")
            console.line("   $ outpost case show --db \(kept)/gz.db \(number)")
            console.line("   $ sqlite3 \(kept)/sz.db 'select number, severity, status from cases'")
        } else {
            console.line("Done. Run `outpost demo --keep DIR` to keep the databases and explore them further.")
        }
    }
}
