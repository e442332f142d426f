import ArgumentParser
import AsyncHTTPClient
import Foundation
import GRDB
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostWire
import Synchronization

/// `outpost-bench`: Outpost beside plain SQLite and SQLite sessions on the same workload, in one
/// run (`docs/ARCHITECTURE.md`, "Benchmark"). Build it in release mode: `swift run -c release outpost-bench`.
@main
struct OutpostBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost-bench",
        abstract: "Measure Outpost against plain SQLite and SQLite sessions on the same workload, in one run.",
        discussion: """
            The workload (docs/ARCHITECTURE.md, "Benchmark") is generated from --seed: 10,000 customers and 50,000 cases \
            created at one station, then 200,000 field updates and 100,000 notes made at three \
            stations. Progress goes to standard error, the table to standard output.

            Example:
              swift run -c release outpost-bench
              swift run -c release outpost-bench --quick --json figures.json
            """,
        subcommands: [Run.self, BootstrapStation.self],
        defaultSubcommand: Run.self
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the benchmark and print the table (the default).")

        @Flag(help: "A small workload that finishes in seconds (a smoke test: its figures mean little).")
        var quick = false

        @Option(help: "Write the figures as JSON to this file.")
        var json: String?

        @Option(help: "The workload's seed.")
        var seed: UInt64 = 1

        @Option(help: "A fraction of the full workload, e.g. 0.2 (ignored with --quick).")
        var scale: Double = 1

        @Flag(help: "Measure the store, the wire and the baselines only: no relay, bootstrap or load test.")
        var storeOnly = false

        @Flag(help: "Also bootstrap a station from everything (load and edits): adds about a minute.")
        var bootstrapEverything = false

        @Flag(help: "Run the relay load test only (--stations at once): no workload, store, wire or bootstrap figures.")
        var loadOnly = false

        @Option(help: "Stations syncing at once in the relay load test.")
        var stations: Int?

        @Option(help: "With --relay-store postgres: relays sharing the log in the relay load test, the stations spread over them.")
        var loadRelays = 1

        @Option(help: "Keep the databases in this new folder instead of a temporary one.")
        var keep: String?

        @Option(help: "Where the relays keep their logs: sqlite (a file each) or postgres (a new database each, on --postgres).")
        var relayStore = "sqlite"

        @Option(help: "With --relay-store postgres: the server, postgres://USER@HOST:PORT/DATABASE (default: $OUTPOST_RELAY_POSTGRES).")
        var postgres: String?

        func validate() throws {
            guard scale > 0, scale <= 1 else { throw ValidationError("--scale must be above 0 and at most 1, such as 0.2") }
            if let stations, stations < 1 { throw ValidationError("--stations must be at least 1, such as 100") }
            guard (1...16).contains(loadRelays) else { throw ValidationError("--load-relays must be 1 to 16, such as 3") }
            if loadRelays > 1, relayStore != "postgres" {
                throw ValidationError("--load-relays above 1 needs --relay-store postgres: only relays on PostgreSQL share a log")
            }
            if loadOnly, storeOnly { throw ValidationError("--load-only and --store-only leave nothing to measure: give one of them") }
            if let keep, FileManager.default.fileExists(atPath: keep) {
                throw ValidationError("\(keep) already exists: give a new folder to --keep")
            }
        }

        func run() async throws {
            #if DEBUG
            progress("this is a debug build: its figures mean little; build with `swift build -c release --product outpost-bench`")
            #endif
            let directory = try workDirectory()
            defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }
            let size = quick ? Workload.Size.quick : Workload.Size.full.scaled(by: scale)
            let store = try RelayStoreChoice(store: relayStore, postgres: postgres)
            var load = RelayLoad(stations: stations ?? (quick ? 10 : 100), rounds: 3, editsPerRound: 5)
            load.store = store
            load.relays = loadRelays
            progress("relays keep their logs in \(store.name)")
            var report = Report(size: size, seed: seed)
            if loadOnly {
                progress("\(load.stations) stations syncing at once through \(load.relays) relay(s), \(load.rounds) rounds each")
                report.addLoad(try await load.run(directory: directory.appendingPathComponent("load")))
            } else {
                try await Benchmark(
                    directory: directory, size: size, seed: seed, singleEdits: quick ? 100 : 2_000,
                    load: storeOnly ? nil : load, bootstrapEverything: bootstrapEverything || quick
                ).run(into: &report)
            }
            print(report.markdown)
            if let json {
                try report.json.write(to: URL(fileURLWithPath: json), options: .atomic)
                progress("figures written to \(json)")
            }
        }

        private func workDirectory() throws -> URL {
            if let keep {
                let url = URL(fileURLWithPath: keep)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                return url
            }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
    }

    /// Runs in a child process so its peak memory is the new station's alone: enrols nothing,
    /// creates the station, syncs once (bootstrap) and prints one JSON line.
    struct BootstrapStation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bootstrap-station", shouldDisplay: false)

        @Option var relay: String
        @Option var token: String
        @Option var db: String
        @Option var code: String
        @Flag(help: "Bootstrap from the log snapshot (every change up to P) rather than the relay's state.")
        var logSnapshot = false

        func run() async throws {
            let store = try StationStore(path: db)
            var random = SystemRandomNumberGenerator()
            try store.initialise(code: code, name: "New station", timeZone: "Asia/Shanghai", author: "bench", using: &random)
            var client = SyncClient(store: store, relayURL: relay, token: token)
            client.bootstrapsFromState = !logSnapshot
            // The station is usable once the state is in; its history streams in over later syncs.
            client.historyChunksPerSync = 0
            let started = ContinuousClock.now
            let summary = try await client.sync()
            let result = BootstrapResult(
                seconds: seconds(since: started), changes: summary.bootstrapped + summary.pulled, peakResidentBytes: peakResidentBytes())
            print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
        }
    }
}

struct BootstrapResult: Codable {
    var seconds: Double
    var changes: Int
    var peakResidentBytes: Int
}

/// The run, step by step; each step adds its figures to the report.
struct Benchmark {
    let directory: URL
    let size: Workload.Size
    let seed: UInt64
    let singleEdits: Int
    /// Nil to measure the store, the wire and the baselines only.
    let load: RelayLoad?
    let bootstrapEverything: Bool

    func run(into report: inout Report) async throws {
        progress("generating the workload (seed \(seed))")
        let workload = Workload(size: size, seed: seed)
        var outpost = try OutpostSide(directory: directory.appendingPathComponent("outpost"), workload: workload)

        progress("station SZ01 creates \(size.customers) customers and \(size.cases) cases")
        _ = try outpost.createLoad()
        progress("GZ02, BJ03 and the observer apply the load (\(outpost.load.count) changes)")
        let loadApply = try outpost.applyLoadEverywhere()
        progress("three stations make \(size.fieldEdits) field edits and \(size.notes) notes, \(OutpostSide.localBatch) per transaction")
        let localEdits = try outpost.makeEdits()
        let order = outpost.relayOrder
        progress("the observer applies \(order.count) changes in the relay's order, \(OutpostSide.pullBatch) per transaction")
        let editApply = try outpost.applyEdits(order)

        progress("plain SQLite: the load")
        // The observer has heard of every station by now.
        let codes = try outpost.observer.stationCodes()
        let plainDirectory = directory.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plainDirectory, withIntermediateDirectories: true)
        let plain = try PlainSQLite.create(at: plainDirectory.appendingPathComponent("load.db").path, codes: codes)
        let plainLoad = try plain.replay(outpost.load.chunked(OutpostSide.pullBatch))
        progress("plain SQLite: the local edits, \(OutpostSide.localBatch) per transaction")
        let plainLocal = try plain.copy(to: plainDirectory.appendingPathComponent("local.db").path)
        let plainLocalSeconds = try plainLocal.replay(outpost.edits.flatMap { $0.chunked(OutpostSide.localBatch) })
        // Durable commits (the stations' setting) wait for the disk on both sides; the second
        // pass shows the store's own cost without that wait.
        let rows = outpost.singleEditRows(singleEdits)
        let durable = try singleEditTurns(rows, outpost.stations[0], plainLocal, codes: codes, pass: 1, durability: "commits wait for the disk")
        let unsynced = try singleEditTurns(
            rows, try StationStore(path: outpost.stations[0].path, durability: .programCrash),
            try PlainSQLite(path: plainLocal.path, codes: codes, durability: .programCrash), codes: codes,
            pass: 2, durability: "commits do not wait for the disk")
        progress("plain SQLite: the edits in the relay's order, \(OutpostSide.pullBatch) per transaction")
        let plainApply = try plain.copy(to: plainDirectory.appendingPathComponent("apply.db").path)
        let plainApplySeconds = try plainApply.replay(order.chunked(OutpostSide.pullBatch))
        // A station using sessions would send one changeset per push: record the same pushes.
        // Outpost's wire sizes are worked out on the other core meanwhile (neither is timed).
        progress(
            "SQLite session: record the same edits, one changeset per push of \(OutpostSide.pushBatch), then apply them; Outpost's wire sizes meanwhile"
        )
        let session = try plain.copy(to: plainDirectory.appendingPathComponent("session.db").path)
        let pushes = inTurn(outpost.edits, batch: OutpostSide.pushBatch)
        let wire = Mutex<(WireSizes, WireSizes)?>(nil)
        let sizing = DispatchGroup()
        DispatchQueue.global().async(group: sizing) { [edits = outpost.edits] in
            wire.withLock { $0 = (WireSizes(edits), WireSizes(edits, version: 1)) }
        }
        let changesets = try session.changesets(of: pushes)
        sizing.wait()
        let changesetTarget = try plain.copy(to: plainDirectory.appendingPathComponent("changeset.db").path)
        let changesetApply = try changesetTarget.apply(changesets: changesets)
        let expected = try plainApply.counts()
        guard try changesetTarget.counts() == expected else { throw BenchError("the changesets did not reproduce the plain database's rows") }

        progress("the session's wire sizes")
        let changesetsDeflated = changesets.reduce(0) { $0 + Zlib.deflate($1, level: 6).count }
        // The session's best case: each station sends its whole run as one net diff, as if it
        // synced once, at the end.
        let byStation = Dictionary(grouping: zip(pushes, changesets), by: { $0.0.first!.id.station }).values
        let mergedDeflated = try byStation.reduce(0) { $0 + Zlib.deflate(try PlainSQLite.combine($1.map(\.1)), level: 6).count }

        let editCount = order.count
        report.add(.localBatched, outpost: localEdits / Double(editCount) * 1e6, baseline: plainLocalSeconds / Double(editCount) * 1e6)
        report.add(.localSingle, outpost: durable.outpost / Double(singleEdits) * 1e3, baseline: durable.plain / Double(singleEdits) * 1e3)
        report.add(.localSingleUnsynced, outpost: unsynced.outpost / Double(singleEdits) * 1e3, baseline: unsynced.plain / Double(singleEdits) * 1e3)
        report.add(.applyLoad, outpost: Double(outpost.load.count) / loadApply, baseline: Double(outpost.load.count) / plainLoad)
        report.add(.applyEdits, outpost: Double(editCount) / editApply, baseline: Double(editCount) / plainApplySeconds)
        report.add(.applyChangeset, outpost: Double(editCount) / editApply, baseline: Double(editCount) / changesetApply)
        let (sizes, version1) = wire.withLock { $0 }!
        report.add(.wireEdits, outpost: Double(sizes.edits), baseline: Double(changesetsDeflated), count: editCount)
        report.add(.wireEditsMerged, outpost: Double(sizes.edits), baseline: Double(mergedDeflated), count: editCount)
        report.add(.wireEditsVersion1, outpost: Double(version1.edits), count: editCount)
        report.add(.wirePureField, outpost: sizes.bytesPerPureField, extra: version1.bytesPerPureField)
        report.add(.wireNote, outpost: sizes.bytesPerNote)

        progress("deadlines: the observer's cases get a desk's history, then `today` and `case list --overdue` run \(DeadlineReads.runs) times each")
        let deadlines = try DeadlineReads(store: outpost.observer, seed: seed).run()
        progress("deadlines: \(deadlines.eventsAdded) events added; \(deadlines.considered) cases considered, \(deadlines.overdueCount) overdue")
        report.add(.todayCold, outpost: deadlines.todayCold * 1e3, baseline: deadlines.baseline * 1e3, count: deadlines.considered)
        report.add(.today, outpost: deadlines.today * 1e3, baseline: deadlines.baseline * 1e3, count: deadlines.considered)
        report.add(.overdue, outpost: deadlines.overdue * 1e3, baseline: deadlines.baseline * 1e3, count: deadlines.considered)
        report.add(.todayAfterEdits, outpost: deadlines.todayAfterEdits * 1e3, baseline: deadlines.baseline * 1e3, count: deadlines.considered)

        progress("the supervisors' board over the observer's replica: each page once, then \(BoardReads.runs) times more")
        let board = try await BoardReads(observer: outpost.observer, directory: directory.appendingPathComponent("board")).run()
        report.addBoard(board)

        guard let load else { return }
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        do {
            try await relayFigures(outpost, http: http, into: &report)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }

        progress("\(load.stations) stations syncing at once through \(load.relays) relay(s), \(load.rounds) rounds each")
        let loaded = try await load.run(directory: directory.appendingPathComponent("load"))
        report.addLoad(loaded)
    }

    private func relayFigures(_ outpost: OutpostSide, http: HTTPClient, into report: inout Report) async throws {
        progress("relay: station SZ01 pushes the load; a new station bootstraps from it in a child process")
        let loadOnly = try await bootstrap(from: [(outpost.stations[0], outpost.load)], name: "relay-load", code: "NEW1", http: http)
        report.add(.relayIngest, outpost: Double(outpost.load.count) / loadOnly.ingestSeconds)
        report.add(.bootstrapLoad, outpost: loadOnly.result.seconds, extra: Double(loadOnly.snapshotBytes))
        report.add(.peakMemoryLoad, outpost: Double(loadOnly.result.peakResidentBytes))
        if let logged = loadOnly.logSnapshot {
            report.add(.bootstrapLoadLog, outpost: logged.result.seconds, extra: Double(logged.bytes))
            report.add(.peakMemoryLoadLog, outpost: Double(logged.result.peakResidentBytes))
        }
        guard bootstrapEverything else { return }

        progress("relay: the three stations push everything; a new station bootstraps from it in a child process")
        let perStation = zip(outpost.stations, [outpost.load + outpost.edits[0]] + outpost.edits.dropFirst()).map { ($0, $1) }
        let everything = try await bootstrap(from: perStation, name: "relay", code: "NEW2", http: http, logSnapshotToo: false)
        report.add(.relayIngestEdits, outpost: Double(perStation.reduce(0) { $0 + $1.1.count }) / everything.ingestSeconds)
        report.add(.bootstrap, outpost: everything.result.seconds, extra: Double(everything.snapshotBytes))
        report.add(.peakMemory, outpost: Double(everything.result.peakResidentBytes))
    }

    /// A relay that receives `perStation`'s changes, then a new station's first sync from it: from
    /// the relay's state, and (`logSnapshotToo`) another's from the log snapshot, as before.
    private func bootstrap(
        from perStation: [(StationStore, [Change])], name: String, code: String, http: HTTPClient, logSnapshotToo: Bool = true
    ) async throws -> (
        ingestSeconds: Double, snapshotBytes: Int, result: BootstrapResult, logSnapshot: (bytes: Int, result: BootstrapResult)?
    ) {
        let relay = try await RelaySide(directory: directory.appendingPathComponent(name), http: http, store: load?.store ?? .sqlite)
        defer { relay.relay.stop() }
        let ingest = try await relay.ingest(perStation.map { (store: $0.0, changes: $0.1) })
        let token = try await relay.relay.enrol(code: code, name: "New station")
        let state = try await relay.stateSize(token: token, store: perStation[0].0)
        let result = try runBootstrapChild(relay: relay.relay.url, token: token, code: code)
        // Nothing was pushed after the state was taken, so the station pulls nothing more.
        guard result.changes == state.rows else {
            throw BenchError("the new station received \(result.changes) rows, the state holds \(state.rows)")
        }
        guard logSnapshotToo else { return (ingest, state.bytes, result, nil) }
        let logToken = try await relay.relay.enrol(code: code + "L", name: "New station, log snapshot")
        let snapshot = try await relay.snapshotSize(token: logToken, store: perStation[0].0)
        let logged = try runBootstrapChild(relay: relay.relay.url, token: logToken, code: code + "L", logSnapshot: true)
        guard logged.changes == snapshot.changes else {
            throw BenchError("the new station received \(logged.changes) changes, the snapshot holds \(snapshot.changes)")
        }
        return (ingest, state.bytes, result, (snapshot.bytes, logged))
    }

    private func runBootstrapChild(relay: String, token: String, code: String, logSnapshot: Bool = false) throws -> BootstrapResult {
        let process = Process()
        guard let executable = Bundle.main.executableURL else {
            throw BenchError("cannot find this program's own path to start the bootstrapping station")
        }
        process.executableURL = executable
        process.arguments =
            [
                "bootstrap-station", "--relay", relay, "--token", token, "--code", code,
                "--db", directory.appendingPathComponent("outpost/\(code).db").path,
            ] + (logSnapshot ? ["--log-snapshot"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("the bootstrapping station failed (exit \(process.terminationStatus))") }
        return try JSONDecoder().decode(BootstrapResult.self, from: data)
    }

    /// One-edit transactions alternate between Outpost and the baseline in rounds of this many.
    static let singleRound = 250

    /// `rows.count` one-edit transactions at `store` and the same plain UPDATEs; the two sides
    /// take turns, so a slow spell of the machine (page-cache writeback) falls on both.
    ///
    /// - Parameter pass: written into every value. A pass that rewrote a page with the bytes it
    ///   already held was measured at a fraction of the cost here (the disk skips unchanged data).
    private func singleEditTurns(
        _ rows: [RowID], _ store: StationStore, _ plain: PlainSQLite, codes: [StationID: String], pass: Int, durability: String
    ) throws -> (outpost: Double, plain: Double) {
        progress(
            "\(rows.count) edits at SZ01 and the same plain UPDATEs, one transaction each, taking turns \(Self.singleRound) at a time (\(durability))"
        )
        let edits = rows.enumerated().map { (row: $1, assignee: "李娜 \(pass).\($0)") }
        var seconds = (outpost: 0.0, plain: 0.0)
        for round in edits.chunked(Self.singleRound) {
            seconds.outpost += try OutpostSide.singleEdits(round, at: store)
            seconds.plain += try singlePlainUpdates(plain, edits: round, codes: codes)
        }
        return seconds
    }

    /// The baseline of one transaction per edit: plain single-row updates of the same column.
    private func singlePlainUpdates(_ plain: PlainSQLite, edits: ArraySlice<(row: RowID, assignee: String)>, codes: [StationID: String]) throws
        -> Double
    {
        let ids = try edits.map { edit in
            guard let code = codes[edit.row.station] else { throw BenchError("row \(edit.row) names a station the plain database cannot name") }
            return RowText.make(code: code, sequence: edit.row.sequence)
        }
        let time = Timestamp(milliseconds: StationStore.systemMilliseconds(), counter: 0).isoText
        return try measure {
            for (edit, id) in zip(edits, ids) {
                try plain.transaction { db in
                    try db.cachedStatement(sql: "UPDATE cases SET assignee = ?, updated = ? WHERE id = ?")
                        .execute(values: [edit.assignee.databaseValue, time.databaseValue, id.databaseValue])
                    guard db.changesCount == 1 else { throw BenchError("the one-edit UPDATE of \(id) changed \(db.changesCount) rows, not one") }
                }
            }
        }
    }
}
