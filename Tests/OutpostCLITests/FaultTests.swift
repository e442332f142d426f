import Foundation
import OutpostTestSupport
import Testing

/// Faults a branch meets in the field, on the built executables and real SQLite files, with
/// `outpost-relay serve` on 127.0.0.1 at a port picked at run time: processes killed with
/// SIGKILL mid-write (`docs/ARCHITECTURE.md`, "Durability" and "Durability before
/// acknowledgement"), wall clocks hours off ("Clock ahead", "Hybrid clock"), and a station
/// offline for a month that then syncs in bounded batches ("Push").
///
/// Kill moments come from a seeded schedule (`FaultSchedule`), printed with each test. Nothing
/// here asserts a duration: timings only decide where a kill lands.
@Suite struct FaultTests {
    // MARK: - Shared set-up

    /// A relay log with `codes` enrolled, served in its own process; the tokens by code.
    static func relay(_ codes: [String], in outpost: OutpostBinary, options: [String] = []) throws -> (RelayProcess, [String: String]) {
        let binary = try OutpostBinary(executable: "outpost-relay")
        let database = outpost.directory.appendingPathComponent("relay.db").path
        var tokens = [String: String]()
        for code in codes { tokens[code] = try enrol(code, relay: binary, database: database) }
        return (try RelayProcess(executable: binary.url, database: database, directory: outpost.directory, options: options), tokens)
    }

    /// Every domain table of a station, `select * from T order by id`: replicas holding the same
    /// changes print the same text (`docs/ARCHITECTURE.md`, "Convergence").
    static func dump(_ station: Clerk) throws -> String {
        try RawSQLite.dump(station.database, tables: ["stations", "customers", "cases", "case_events"])
    }

    /// The highest sequence of the station the relay's log holds for `code`, read from `relay.db`.
    static func held(_ relayDB: String, _ code: String) throws -> Int {
        try SQLiteFile.integer(relayDB, "SELECT pushed_sequence AS id FROM relay_stations WHERE code = '\(code)'")
    }

    /// The highest sequence the station was told is stored (its pushed mark).
    static func acknowledged(_ station: Clerk) throws -> Int {
        try SQLiteFile.integer(station.database, "SELECT pushed_sequence AS id FROM outpost_local")
    }

    /// A station file with thousands of unsent changes (about 5,550: eight cases, 690 tags each,
    /// a note on each), made once through the CLI and copied by the tests that need a large push
    /// or snapshot. Each copy is the only one its test's relay ever sees, so no relay meets two
    /// files with one station id.
    struct Backlog: Sendable {
        let folder: URL
        let changes: Int

        static let shared = Result<Backlog, any Error> { try make() }

        static func make() throws -> Backlog {
            let outpost = try OutpostBinary("backlog")
            let station = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("sz.db").path)
            let created = try station.initialise("SZ01", staff: "王芳")
            try #require(created.status == 0, "\(created)")
            try #require(try station("customer", "add", "--name", "李雷", "--phone", "13800138000").status == 0)
            for index in 1...8 {
                let number = try station.open("Backlog case \(index)", customer: "13800138000")
                try station.addTags(number, prefix: "c\(index)", count: 690)
                #expect(try station("case", "note", number, "backlog note \(index)").status == 0)
            }
            return Backlog(folder: outpost.directory, changes: try station.unsent())
        }

        /// A copy of the station's files as `sz.db` in `outpost`'s folder.
        func copy(for outpost: OutpostBinary) throws -> Clerk {
            let target = outpost.directory.appendingPathComponent("sz.db").path
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: folder.path + "/sz.db" + suffix) {
                try FileManager.default.copyItem(atPath: folder.path + "/sz.db" + suffix, toPath: target + suffix)
            }
            return Clerk(outpost: outpost, database: target)
        }
    }

    // MARK: - 1. Killed processes

    /// A clerk's stream of edits (notes, customers, 40 tags at a time), run by a shell loop and
    /// killed with SIGKILL, shell and command together, at seeded moments. After every kill the
    /// file passes `PRAGMA integrity_check`, every edit whose command exited 0 is there, and an
    /// edit of 40 tags is all there or not at all (one transaction). The file then syncs and
    /// agrees with the relay's replica rebuilt from its log.
    @Test func killedEditsLeaveASoundFileWithEverySavedEdit() throws {
        var schedule = FaultSchedule("killed edits", default: 1)
        let outpost = try OutpostBinary()
        let station = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("sz.db").path)
        try #require(try station.initialise("SZ01", staff: "王芳").status == 0)
        try #require(try station("customer", "add", "--name", "李雷", "--phone", "13800138000").status == 0)
        let number = try station.open("Screen goes black", customer: "13800138000")

        // Runs forever; echoes what each command that exited 0 saved.
        let loop = """
            O="$1"; DB="$2"; ROUND="$3"; CASE="$4"; i=0
            while :; do
              i=$((i + 1)); key="r$ROUND-e$i"
              case $((i % 4)) in
                1) set --; j=0
                   while [ $j -lt 40 ]; do j=$((j + 1)); set -- "$@" --add-tag "$key-t$j"; done
                   "$O" case edit "$CASE" --db "$DB" "$@" >/dev/null 2>&1 && echo "tags $key" ;;
                2) "$O" customer add --db "$DB" --name "Customer $key" --phone "$(printf '139%02d%06d' "$ROUND" "$i")" \\
                     >/dev/null 2>&1 && echo "customer $key" ;;
                *) "$O" case note --db "$DB" "$CASE" "note $key" >/dev/null 2>&1 && echo "note $key" ;;
              esac
            done
            """
        var saved = (notes: Set<String>(), customers: Set<String>(), tags: Set<String>())
        for round in 1...6 {
            let stream = try Spawned(
                "/bin/sh", ["-c", loop, "sh", outpost.url.path, station.database, "\(round)", number],
                in: outpost.directory)
            Thread.sleep(forTimeInterval: schedule.seconds(0.3...1.5))
            stream.kill()
            let end = stream.wait()
            #expect(end.killed, "the edit stream ended before its kill: \(stream.errors)")
            for line in stream.output.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                switch parts[0] {
                case "note": saved.notes.insert("note " + parts[1])
                case "customer": saved.customers.insert("Customer " + parts[1])
                default: saved.tags.insert(parts[1])
                }
            }

            #expect(try SQLiteFile.integrity(station.database) == "ok", "round \(round)")
            let notes = try SQLiteFile.column(station.database, "SELECT body AS id FROM case_events WHERE kind = 'note'")
            #expect(notes.count == Set(notes).count, "a note was applied twice: \(notes)")
            #expect(saved.notes.subtracting(notes).isEmpty, "saved notes missing after round \(round): \(saved.notes.subtracting(notes))")
            let customers = Set(try SQLiteFile.column(station.database, "SELECT name AS id FROM customers"))
            #expect(saved.customers.subtracting(customers).isEmpty, "saved customers missing: \(saved.customers.subtracting(customers))")
            let json = try #require(try SQLiteFile.column(station.database, "SELECT tags AS id FROM cases WHERE number = '\(number)'").first)
            let tags = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])
            let edits = Dictionary(grouping: tags) { String($0[..<($0.range(of: "-t", options: .backwards)?.lowerBound ?? $0.endIndex)]) }
            for (key, members) in edits { #expect(members.count == 40, "tag edit \(key) is partly applied: \(members.count) of 40") }
            #expect(saved.tags.subtracting(edits.keys).isEmpty, "saved tag edits missing: \(saved.tags.subtracting(edits.keys))")
            print(
                "killed edits, round \(round): saved so far \(saved.notes.count) notes, \(saved.customers.count) customers, "
                    + "\(saved.tags.count) tag edits; file ok")
        }
        #expect(saved.notes.count + saved.customers.count + saved.tags.count > 10, "too few edits completed to mean anything")

        // The log the file kept agrees with the relay's replica rebuilt from it.
        let (relay, tokens) = try Self.relay(["SZ01"], in: outpost)
        defer { relay.stop() }
        #expect(try station("relay", "set", "--url", relay.url, "--token", tokens["SZ01"]!).status == 0)
        let verify = try station("verify")
        #expect(verify.status == 0, "\(verify)")
        #expect(try station.unsent() == 0)
    }

    /// `outpost sync` killed with SIGKILL at seeded moments while it brings a station about 5,550
    /// changes: GZ02's first sync, a bootstrap from the relay's state (killed while a chunk is
    /// applied, then just after a chunk was committed), and HZ04's sync after it bootstrapped
    /// early, a pull in two batches (killed while a batch is applied). The next sync completes,
    /// and both replicas match an unkilled station's byte for byte and the relay's (`outpost
    /// verify`).
    @Test func syncKilledDuringBootstrapOrPullResumesAndMatchesAnUnkilledStation() throws {
        var schedule = FaultSchedule("sync killed during bootstrap or pull", default: 2)
        let backlog = try Backlog.shared.get()
        let outpost = try OutpostBinary()
        // The backlog's state is small (its history is not): one row per state chunk, so a kill
        // can land between two.
        let (relay, tokens) = try Self.relay(["SZ01", "GZ02", "BJ03", "HZ04"], in: outpost, options: ["--state-chunk-rows", "1"])
        defer { relay.stop() }
        func station(_ name: String) -> Clerk {
            Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent(name).path)
        }
        func setting(_ key: String, at station: Clerk) -> String? {
            try? SQLiteFile.column(station.database, "SELECT value AS id FROM outpost_settings WHERE key = '\(key)'").first
        }
        // HZ04 bootstraps while the relay holds next to nothing: what follows comes by pull.
        let hz = station("hz.db")
        try #require(try hz.initialise("HZ04", staff: "赵敏", relay: (relay.url, tokens["HZ04"]!)).status == 0)
        let sz = try backlog.copy(for: outpost)
        #expect(try sz("relay", "set", "--url", relay.url, "--token", tokens["SZ01"]!).status == 0)
        let pushed = try sz("sync")
        try #require(pushed.status == 0, "\(pushed)")

        // The relay's replica applies in the background: verify waits for it, so BJ03's state is
        // taken over the whole backlog, and GZ02's downloads use the same copy.
        #expect(try sz("verify").status == 0)
        // BJ03 bootstraps undisturbed: the reference the killed stations are compared with.
        let bj = station("bj.db")
        let bootstrapped = try bj.initialise("BJ03", staff: "陈静", relay: (relay.url, tokens["BJ03"]!))
        try #require(bootstrapped.status == 0, "\(bootstrapped)")

        // GZ02 is set up offline with an edit of its own; its first sync is the one killed.
        let gz = station("gz.db")
        try #require(try gz.initialise("GZ02", staff: "刘洋").status == 0)
        #expect(try gz("customer", "add", "--name", "张伟", "--phone", "13912345678").status == 0)
        #expect(try gz("relay", "set", "--url", relay.url, "--token", tokens["GZ02"]!).status == 0)
        var killedMidBootstrap = 0
        for attempt in 1...3 {
            let requests = relay.requests("/v1/state", by: "GZ02").count
            let sync = try gz.spawn(["sync"])
            let gate: String
            if attempt == 2 {
                gate = "a chunk was committed with its progress"
                _ = sync.wait(upTo: 120) { (setting("sync.state.after", at: gz).flatMap { Int($0) } ?? 0) > 0 }
                Thread.sleep(forTimeInterval: schedule.seconds(0...0.03))
            } else {
                // The state arrives in one short request per row: the kill follows the first closely.
                gate = "the relay served a state chunk"
                _ = sync.wait(upTo: 120) { relay.requests("/v1/state", by: "GZ02").count > requests }
                Thread.sleep(forTimeInterval: schedule.seconds(0...0.03))
            }
            sync.kill()
            let end = sync.wait()
            #expect(try SQLiteFile.integrity(gz.database) == "ok", "attempt \(attempt)")
            let done = setting("sync.bootstrapped", at: gz) == "1"
            if end.killed && !done { killedMidBootstrap += 1 }
            print(
                "sync killed during bootstrap, attempt \(attempt): \(end.killed ? "killed" : "ended first") after \(gate); "
                    + "state requests \(relay.requests("/v1/state", by: "GZ02").count), resume key \(setting("sync.state.after", at: gz) ?? "0"), "
                    + "bootstrap \(done ? "complete" : "incomplete")")
            if done { break }
        }
        #expect(killedMidBootstrap >= 1, "no kill landed inside the bootstrap")
        let resumed = try gz("sync")
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try gz.unsent() == 0)

        // HZ04's pull, killed after the relay served a batch with changes in it.
        let head = try SQLiteFile.integer(relay.database, "SELECT value AS id FROM relay_meta WHERE key = 'head'")
        var killedMidPull = 0
        for attempt in 1...2 {
            let served = { relay.requests("/v1/pull", by: "HZ04").filter { !$0.contains(" changes=0 ") }.count }
            let before = served()
            let sync = try hz.spawn(["sync"])
            _ = sync.wait(upTo: 120) { served() > before }
            // A batch of 5,000 changes takes a while to apply; a bootstrap from the state is too
            // short to scale this by.
            Thread.sleep(forTimeInterval: schedule.seconds(0...0.1))
            sync.kill()
            let end = sync.wait()
            #expect(try SQLiteFile.integrity(hz.database) == "ok", "pull attempt \(attempt)")
            let cursor = setting("sync.cursor", at: hz).flatMap { Int($0) } ?? 0
            if end.killed && cursor < head { killedMidPull += 1 }
            print(
                "sync killed during pull, attempt \(attempt): \(end.killed ? "killed" : "ended first") after the relay served "
                    + "a batch; cursor at \(cursor) of \(head)")
            if !end.killed { break }
        }
        #expect(killedMidPull >= 1, "no kill landed inside the pull")

        // Everyone holds everyone's changes, then compares.
        for station in [hz, bj, sz, gz, hz] { #expect(try station("sync").status == 0) }
        let reference = try Self.dump(bj)
        #expect(try Self.dump(gz) == reference, "the station whose bootstrap was killed differs from the unkilled one")
        #expect(try Self.dump(hz) == reference, "the station whose pull was killed differs from the unkilled one")
        #expect(try Self.dump(sz) == reference)
        #expect(reference.contains("张伟"))
        for station in [gz, hz, bj] {
            let verify = try station("verify", "--no-sync")
            #expect(verify.status == 0, "\(verify)")
        }
        let events = try SQLiteFile.integer(gz.database, "SELECT count(*) AS id FROM case_events")
        let cases = try SQLiteFile.integer(gz.database, "SELECT count(*) AS id FROM cases")
        print(
            "sync killed during bootstrap or pull: SZ01 pushed \(backlog.changes) changes; both resumed stations hold "
                + "\(cases) cases and \(events) events, as the unkilled one")
    }

    /// `outpost-relay serve` killed with SIGKILL while a station pushes about 5,550 changes (2,000
    /// a push), then restarted on the same files and port, round after round: first just after it
    /// committed a push and before it answered (it applies the push to its merged replica in
    /// between), so the station never hears of it; then at seeded moments. After each kill,
    /// before the station can send anything again, the relay's log holds every change the station
    /// was told is stored, each once, and `relay.db` passes `PRAGMA integrity_check`. In the end
    /// nothing is unsent, and a new station bootstraps every change.
    @Test func relayKilledDuringPushesKeepsEveryAcknowledgedPush() throws {
        var schedule = FaultSchedule("relay killed during pushes", default: 3)
        let backlog = try Backlog.shared.get()
        let outpost = try OutpostBinary()
        let (first, tokens) = try Self.relay(["SZ01", "GZ02"], in: outpost)
        var relay = first
        defer { relay.stop() }
        let relayDB = relay.database
        let sz = try backlog.copy(for: outpost)
        #expect(try sz("relay", "set", "--url", relay.url, "--token", tokens["SZ01"]!).status == 0)
        let number = try #require(try SQLiteFile.column(sz.database, "SELECT number AS id FROM cases").first)

        var killedMidSync = 0
        var round = 0
        while round < 5 && killedMidSync < 3 {
            round += 1
            let sync = try sz.spawn(["sync"])
            if round == 1 {
                let before = try Self.held(relayDB, "SZ01")
                _ = sync.wait(upTo: 120) { ((try? Self.held(relayDB, "SZ01")) ?? before) > before }
            } else {
                let pushes = relay.pushes(by: "SZ01").count
                let after = Int.random(in: 0...1, using: &schedule)
                _ = sync.wait(upTo: 120) { relay.pushes(by: "SZ01").count >= pushes + after }
                Thread.sleep(forTimeInterval: schedule.seconds(0...0.15))
            }
            let running = !sync.hasEnded
            relay.kill()
            let end = sync.wait()
            if running && end.status != 0 { killedMidSync += 1 }

            // Durable before acknowledged: what the station marked sent is in the log.
            #expect(try SQLiteFile.integrity(relayDB) == "ok", "relay.db after kill \(round)")
            #expect(try SQLiteFile.integrity(relayDB.replacingOccurrences(of: "relay.db", with: "relay-replica.db")) == "ok")
            let acknowledged = try Self.acknowledged(sz)
            let held = try Self.held(relayDB, "SZ01")
            let logged = try SQLiteFile.integer(
                relayDB,
                """
                SELECT coalesce(sum(last_sequence - first_sequence + 1), 0) AS id FROM relay_batches \
                WHERE station = (SELECT station FROM relay_stations WHERE code = 'SZ01')
                """)
            #expect(held >= acknowledged, "the station was told #\(acknowledged) is stored; the relay's log holds #\(held)")
            #expect(logged == held, "SZ01's batches in the log cover \(logged) sequences, its mark says \(held)")
            print(
                "relay killed during pushes, round \(round): sync \(running ? "running" : "already over") at the kill "
                    + "(exit \(end.status.map(String.init) ?? "signal")); station acknowledged #\(acknowledged), log holds #\(held)"
                    + (held > acknowledged ? " (the answer was lost: pushed again next time, as duplicates)" : ""))

            // The clerk goes on working while the relay is down.
            #expect(try sz("case", "note", number, "written while the relay was down, round \(round)").status == 0)
            relay = try relay.restarted()
        }
        #expect(killedMidSync >= 1, "no kill landed while the station was pushing")

        let last = try sz("sync")
        #expect(last.status == 0, "\(last)")
        #expect(try sz.unsent() == 0)
        #expect(try SQLiteFile.integrity(relayDB) == "ok")
        let gz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("gz.db").path)
        let joined = try gz.initialise("GZ02", staff: "刘洋", relay: (relay.url, tokens["GZ02"]!))
        #expect(joined.status == 0, "\(joined)")
        #expect(try sz("sync").status == 0)
        #expect(try Self.dump(gz) == Self.dump(sz), "the new station does not hold every change SZ01 pushed")
        let notes = try SQLiteFile.column(gz.database, "SELECT body AS id FROM case_events WHERE kind = 'note'")
        #expect(notes.filter { $0.hasPrefix("written while the relay was down") }.count == round)
        for station in [sz, gz] {
            let verify = try station("verify", "--no-sync")
            #expect(verify.status == 0, "\(verify)")
        }
        let head = try SQLiteFile.integer(relayDB, "SELECT value AS id FROM relay_meta WHERE key = 'head'")
        print("relay killed during pushes: \(round) kills (\(killedMidSync) mid-sync); the log holds \(head) changes, once each")
    }

    // MARK: - 2. Clock skew

    /// A station whose clock runs three hours ahead is refused with both clocks named, keeps its
    /// changes unsent (also one made after its clock was fixed, stamped after the others), and
    /// after `outpost clock repair` syncs everything, stamped with the real time.
    @Test(.enabled(if: FaultTools.faketime != nil, "faketime is not installed (Debian: apt-get install faketime); clock skew not tested"))
    func aStationHoursAheadIsRefusedThenRepaired() throws {
        let outpost = try OutpostBinary()
        let (relay, tokens) = try Self.relay(["SZ01", "GZ02"], in: outpost)
        defer { relay.stop() }
        let sz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("sz.db").path)
        let began = Date()
        let created = try sz.initialise("SZ01", staff: "王芳", relay: (relay.url, tokens["SZ01"]!))
        try #require(created.status == 0, "\(created)")

        let ahead = "+3h"
        #expect(try sz("customer", "add", "--name", "李雷", "--phone", "13800138000", clock: ahead).status == 0)
        let number = try sz.open("Refund is late", customer: "13800138000", clock: ahead)
        #expect(try sz("case", "note", number, "written three hours ahead", clock: ahead).status == 0)
        let unsent = try sz.unsent()
        #expect(unsent >= 3)

        let refused = try sz("sync", clock: ahead)
        #expect(refused.status == 1, "\(refused)")
        let clocks = try #require(refused.standardError.firstMatch(of: /stamped (\S+) but the relay's clock reads (\S+)/), "\(refused)")
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let stamped = try #require(iso.date(from: String(clocks.output.1)))
        let relayClock = try #require(iso.date(from: String(clocks.output.2)))
        #expect(abs(stamped.timeIntervalSince(relayClock) - 3 * 3600) < 300, "\(refused.standardError)")
        #expect(refused.standardError.contains("outpost clock repair"), "\(refused)")
        #expect(try sz.unsent() == unsent, "a refused push changed the outbox")
        #expect(try sz("status").standardOutput.contains("stamped"), "the refusal is not kept for `outpost status`")

        // The clock is fixed: a later edit is still stamped after the others (the hybrid clock
        // never goes back), so the push is still refused until the repair.
        #expect(try sz("case", "note", number, "written after the clock was fixed").status == 0)
        #expect(try sz("sync").status == 1)
        let outbox = try sz.unsent()
        #expect(outbox > unsent)
        let repaired = try sz("clock", "repair")
        #expect(repaired.status == 0, "\(repaired)")
        #expect(repaired.standardOutput.contains("Re-stamped \(outbox) unsent change"), "\(repaired)")
        let synced = try sz("sync")
        #expect(synced.status == 0, "\(synced)")
        #expect(try sz.unsent() == 0)
        #expect(try sz("status").standardOutput.contains(/last sync error +none/))

        // Nothing lost, and stamped with the real time.
        let gz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("gz.db").path)
        #expect(try gz.initialise("GZ02", staff: "刘洋", relay: (relay.url, tokens["GZ02"]!)).status == 0)
        let shown = try gz("case", "show", number, "--json")
        let detail = try outpost.json(CaseDetailJSON.self, shown)
        #expect(Set(detail.events.compactMap(\.body)).isSuperset(of: ["written three hours ahead", "written after the clock was fixed"]))
        #expect(detail.customer?.name == "李雷")
        let opened = try #require(iso.date(from: detail.case.created))
        #expect(opened > began.addingTimeInterval(-60) && opened < Date().addingTimeInterval(60), "case stamped \(detail.case.created)")
        for station in [sz, gz] {
            let verify = try station("verify")
            #expect(verify.status == 0, "\(verify)")
        }
    }

    /// `outpost clock repair` run while the relay holds changes the station still counts unsent:
    /// the relay is killed after committing a push and before answering it (the answer is lost),
    /// the station's clock then runs three hours ahead, and with the relay still down the clerk
    /// fixes the clock and runs the repair. Only the changes stamped ahead are re-stamped; the ones
    /// the relay took keep their versions, so once the relay is back the next sync confirms them
    /// by content and sends the rest (`docs/ARCHITECTURE.md`, "Clock ahead" and "Lost push
    /// answers"), instead of being refused as a restored or copied database.
    @Test(.enabled(if: FaultTools.faketime != nil, "faketime is not installed (Debian: apt-get install faketime); clock skew not tested"))
    func clockRepairAfterALostPushAnswerKeepsWhatTheRelayTook() throws {
        let backlog = try Backlog.shared.get()
        let outpost = try OutpostBinary()
        let (first, tokens) = try Self.relay(["SZ01"], in: outpost)
        var relay = first
        defer { relay.stop() }
        let sz = try backlog.copy(for: outpost)
        #expect(try sz("relay", "set", "--url", relay.url, "--token", tokens["SZ01"]!).status == 0)
        var lost = false
        for _ in 1...3 where !lost {
            let before = try Self.held(relay.database, "SZ01")
            let sync = try sz.spawn(["sync"])
            _ = sync.wait(upTo: 120) { ((try? Self.held(relay.database, "SZ01")) ?? before) > before }
            relay.kill()
            sync.wait()
            lost = try Self.held(relay.database, "SZ01") > Self.acknowledged(sz)
            if !lost { relay = try relay.restarted() }
        }
        try #require(lost, "the kill never fell between the relay's commit and its answer")
        let held = try Self.held(relay.database, "SZ01")

        let number = try #require(try SQLiteFile.column(sz.database, "SELECT number AS id FROM cases").first)
        let before = try sz.unsent()
        #expect(try sz("case", "note", number, "written three hours ahead", clock: "+3h").status == 0)
        let unsent = try sz.unsent()
        let repaired = try sz("clock", "repair")
        #expect(repaired.status == 0, "\(repaired)")
        #expect(repaired.standardOutput.contains("Re-stamped \(unsent - before) unsent change"), "\(repaired)")
        relay = try relay.restarted()
        let synced = try sz("sync")
        print(
            "clock repair after a lost answer: the relay held #\(held), the station had \(unsent) unsent; "
                + "\(repaired.standardOutput.trimmingCharacters(in: .newlines)) Then sync exited \(synced.status).")
        #expect(synced.status == 0, "\(synced)")
        #expect(try sz.unsent() == 0)
        #expect(try SQLiteFile.integrity(relay.database) == "ok")
        let logged = try SQLiteFile.integer(
            relay.database,
            """
            SELECT coalesce(sum(last_sequence - first_sequence + 1), 0) AS id FROM relay_batches \
            WHERE station = (SELECT station FROM relay_stations WHERE code = 'SZ01')
            """)
        #expect(logged == (try Self.held(relay.database, "SZ01")), "a change was logged twice")
        let verify = try sz("verify", "--no-sync")
        #expect(verify.status == 0, "\(verify)")
    }

    /// A station whose clock runs three hours behind syncs and converges, and its edit does not
    /// overwrite a newer one: BJ03 retitles a case, GZ02 retitles it afterwards without having
    /// seen that, and BJ03 uploads last. GZ02's later title is shown everywhere; both values stay
    /// as an open conflict that `conflicts list` and `explain` show.
    @Test(.enabled(if: FaultTools.faketime != nil, "faketime is not installed (Debian: apt-get install faketime); clock skew not tested"))
    func aStationHoursBehindConvergesWithoutOverwritingNewerEdits() throws {
        let outpost = try OutpostBinary()
        let (relay, tokens) = try Self.relay(["SZ01", "GZ02", "BJ03"], in: outpost)
        defer { relay.stop() }
        let behind = "-3h"
        let sz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("sz.db").path)
        let gz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("gz.db").path)
        let bj = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("bj.db").path)
        try #require(try sz.initialise("SZ01", staff: "王芳", relay: (relay.url, tokens["SZ01"]!)).status == 0)
        #expect(try sz("customer", "add", "--name", "李雷", "--phone", "13800138000").status == 0)
        let number = try sz.open("Screen flickers", customer: "13800138000")
        #expect(try sz("sync").status == 0)
        #expect(try gz.initialise("GZ02", staff: "刘洋", relay: (relay.url, tokens["GZ02"]!)).status == 0)
        #expect(try bj.initialise("BJ03", staff: "陈静", relay: (relay.url, tokens["BJ03"]!), clock: behind).status == 0)

        let older = "Screen flickers (BJ03, clock behind)"
        let newer = "Screen flickers (GZ02, later)"
        #expect(try bj("case", "edit", number, "--title", older, clock: behind).status == 0)
        #expect(try bj("case", "note", number, "checked at BJ03", clock: behind).status == 0)
        #expect(try gz("case", "edit", number, "--title", newer).status == 0)
        #expect(try gz("sync").status == 0)
        let late = try bj("sync", clock: behind)
        #expect(late.status == 0, "a clock behind is not refused: \(late)")
        for station in [gz, sz] { #expect(try station("sync").status == 0) }

        var lists = [String]()
        for (station, clock) in [(sz, nil), (gz, nil), (bj, behind)] as [(Clerk, String?)] {
            let shown = try station("case", "show", number, "--json", clock: clock)
            let detail = try outpost.json(CaseDetailJSON.self, shown)
            #expect(detail.case.title == newer, "\(station.database) shows \(detail.case.title)")
            #expect(detail.events.contains { $0.body == "checked at BJ03" })
            let list = try station("conflicts", "list", clock: clock)
            #expect(list.standardOutput.contains("· title"), "\(list)")
            #expect(list.standardOutput.contains("\(older)  — BJ03, 陈静"), "\(list)")
            #expect(list.standardOutput.contains("\(newer)  — GZ02, 刘洋"), "\(list)")
            #expect(list.standardOutput.contains("shown: \(newer)"), "\(list)")
            lists.append(list.standardOutput)
            let verify = try station("verify", clock: clock)
            #expect(verify.status == 0, "\(verify)")
        }
        #expect(Set(lists).count == 1, "the stations list different conflicts")

        let explain = try sz("explain", number)
        #expect(explain.status == 0, "\(explain)")
        let title = explain.lines.drop { !$0.hasPrefix("  title:") }.prefix { $0.hasPrefix("  title:") || $0.hasPrefix("    ") }
        #expect(title.first == "  title: \(newer)", "\(explain)")
        #expect(title.contains { $0.contains("set:") && $0.contains(older) && $0.contains("BJ03") }, "\(explain)")
        #expect(title.contains { $0.contains("set:") && $0.contains(newer) && $0.contains("GZ02") }, "\(explain)")
    }

    // MARK: - 3. A month offline

    /// CI's size of the month offline: 5,000 edits.
    @Test func aStationOfflineForAMonthSyncsInBoundedBatches() throws {
        try monthOffline(edits: 5_000)
    }

    /// The full size: 50,000 edits (several minutes).
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["OUTPOST_LONG_OFFLINE"] == "1",
            "the 50,000-edit month offline runs with OUTPOST_LONG_OFFLINE=1 (several minutes)"))
    func aStationOfflineForAMonthWithFiftyThousandEditsSyncsInBoundedBatches() throws {
        try monthOffline(edits: 50_000)
    }

    /// SZ01 syncs 31 days ago, then works offline for a month (its commands run under
    /// `faketime -f -Nd`, N days ago): cases, `edits` tags (one change each, 140 a command), notes,
    /// and a retitle of a shared case 27 days ago. GZ02, online, retitles the same case 9 days ago.
    /// Back online, SZ01's sync pushes everything in pushes of at most 2,000 changes; its peak RSS
    /// and GZ02's, pulling it all, are printed. Both stations then agree with the relay, GZ02's
    /// newer title is shown, and the month-old one is kept beside it as a conflict.
    func monthOffline(edits: Int) throws {
        let outpost = try OutpostBinary()
        let (relay, tokens) = try Self.relay(["SZ01", "GZ02"], in: outpost)
        defer { relay.stop() }
        let simulated = FaultTools.faketime != nil
        if !simulated { print("month offline: faketime is not installed, so the edits are stamped today, not over a month") }
        func day(_ number: Int) -> String? { simulated ? "-\(number)d" : nil }
        let sz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("sz.db").path)
        let gz = Clerk(outpost: outpost, database: outpost.directory.appendingPathComponent("gz.db").path)
        try #require(try sz.initialise("SZ01", staff: "王芳", relay: (relay.url, tokens["SZ01"]!), clock: day(31)).status == 0)
        #expect(try sz("customer", "add", "--name", "李雷", "--phone", "13800138000", clock: day(31)).status == 0)
        let shared = try sz.open("Delivery lost", customer: "13800138000", clock: day(31))
        #expect(try sz("sync", clock: day(31)).status == 0)
        #expect(try gz.initialise("GZ02", staff: "刘洋", relay: (relay.url, tokens["GZ02"]!), clock: day(31)).status == 0)

        // Ten working days, every third day from 30 days ago to 3 days ago; a new case every 1,400 tags.
        let workdays = Array(stride(from: 30, to: 0, by: -3))
        let monthOld = "Delivery lost (SZ01, 27 days ago)"
        let newer = "Delivery lost (GZ02, 9 days ago)"
        for (index, today) in workdays.enumerated() {
            var quota = edits / workdays.count + (index == workdays.count - 1 ? edits % workdays.count : 0)
            var part = 0
            while quota > 0 {
                part += 1
                let count = min(quota, 1_400)
                let number = try sz.open("Day \(today) case \(part)", customer: "13800138000", clock: day(today))
                try sz.addTags(number, prefix: "d\(today)p\(part)", count: count, clock: day(today))
                quota -= count
            }
            if today % 2 == 0 { #expect(try sz("case", "note", shared, "SZ01, \(today) days ago", clock: day(today)).status == 0) }
            if today == 27 { #expect(try sz("case", "edit", shared, "--title", monthOld, clock: day(today)).status == 0) }
            if today == 21 || today == 9 {
                #expect(try gz("case", "note", shared, "GZ02, \(today) days ago", clock: day(today)).status == 0)
                if today == 9 { #expect(try gz("case", "edit", shared, "--title", newer, clock: day(today)).status == 0) }
                #expect(try gz("sync", clock: day(today)).status == 0)
            }
        }

        let unsent = try sz.unsent()
        #expect(unsent >= edits)
        let earlier = relay.pushes(by: "SZ01").count
        let sync = try sz.spawn(["sync"])
        let run = sync.run()
        let peak = sync.wait().peakKilobytes
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains("pushed \(unsent),"), "\(run)")
        let pushes = Array(relay.pushes(by: "SZ01").dropFirst(earlier))
        #expect(pushes.reduce(0, +) == unsent, "pushes \(pushes) do not add up to the \(unsent) unsent changes")
        #expect(pushes.allSatisfy { $0 <= 2_000 }, "a push over 2,000 changes: \(pushes)")
        #expect(pushes.count >= (unsent + 1_999) / 2_000 && pushes.count >= 2, "\(pushes)")
        #expect(try sz.unsent() == 0)

        let pull = try gz.spawn(["sync"])
        let pulled = pull.run()
        #expect(pulled.status == 0, "\(pulled)")
        #expect(try sz("sync").status == 0)
        for station in [sz, gz] {
            let verify = try station("verify")
            #expect(verify.status == 0, "\(verify)")
            let detail = try outpost.json(CaseDetailJSON.self, try station("case", "show", shared, "--json"))
            #expect(detail.case.title == newer, "the month-old title overwrote the newer one")
            #expect(detail.events.filter { $0.body?.hasPrefix("SZ01, ") == true }.count == workdays.filter { $0 % 2 == 0 }.count)
            let conflicts = try station("conflicts", "list").standardOutput
            #expect(conflicts.contains("\(monthOld)  — SZ01") && conflicts.contains("shown: \(newer)"), "\(conflicts)")
        }
        #expect(try Self.dump(sz) == Self.dump(gz))
        let megabytes = { (kilobytes: Int) in String(format: "%.1f MiB", Double(kilobytes) / 1024) }
        print(
            "month offline (\(edits) edits\(simulated ? ", stamped over 30 simulated days" : "")): SZ01 sent \(unsent) changes in "
                + "\(pushes.count) pushes (largest \(pushes.max() ?? 0)); peak RSS of its sync \(megabytes(peak)), "
                + "of GZ02's sync pulling them \(megabytes(pull.wait().peakKilobytes))")
    }
}
