import AsyncHTTPClient
import Foundation
import NIOCore
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Testing

/// Syncs whose connection is cut, at every message boundary and at sampled byte offsets, in both
/// directions: each cut sync must fail with a `SyncError`, and once retried to success leave the
/// station's replica, the relay's log and the relay's merged replica exactly as an uncut run of
/// the same edits does, with no change appended twice.
///
/// Two stations, SZ01 and GZ02, edit offline (about 150 changes each, on top of 40 shared ones),
/// then sync SZ01, GZ02, SZ01 through a `CuttingProxy`, with batches of 40 changes so that the
/// second sync alone pushes four batches and pulls four. The station clocks come from the
/// harness's `ManualClock`, so every run makes the same changes and sends the same bytes (the
/// tokens, relay ids and ports differ, not their lengths): an uncut control run records the byte
/// offsets at which each request and answer ends, and the cuts are placed from those. A run cuts
/// each of the three syncs once (the cuts of one sync spread over the runs), then compares.
///
/// `OUTPOST_CUT_SAMPLES=N` sets how many sampled byte offsets are cut besides the boundaries
/// (default 12), `OUTPOST_CUT_SEED=S` where they fall.
@Suite struct CutConnectionTests {
    static let pushBatchSize = 40
    static let pullLimits = (changes: 40, bytes: 1 << 20)
    /// The measured syncs, in order, by station index (SZ01, GZ02).
    static let order = [0, 1, 0]

    static let environment = ProcessInfo.processInfo.environment
    static let samples = environment["OUTPOST_CUT_SAMPLES"].flatMap(Int.init) ?? 12
    static let seed = environment["OUTPOST_CUT_SEED"].flatMap(UInt64.init) ?? 0xC07

    @Test func cutSyncsEndAsUncutOnes() async throws {
        let started = ContinuousClock.now
        let control = try await Self.run(label: "control", cuts: [:])
        try #require(control.problems.isEmpty, "the uncut run: \(control.problems)")
        let plan = try Self.plan(control)
        let runs = plan.map(\.count).max() ?? 0
        var cutsMade = 0
        var threw = 0
        var wentThrough = 0

        // Two runs at a time: much of a run is waiting for the disk.
        try await withThrowingTaskGroup(of: RunOutcome.self) { group in
            var next = 0
            func start() {
                guard next < runs else { return }
                let cuts = Dictionary(
                    uniqueKeysWithValues: plan.indices.compactMap { sync in
                        plan[sync].indices.contains(next) ? (sync, plan[sync][next]) : nil
                    })
                let label = "run\(next)"
                group.addTask { try await Self.run(label: label, cuts: cuts) }
                next += 1
            }
            start()
            start()
            while let outcome = try await group.next() {
                start()
                for problem in outcome.problems { Issue.record(Comment(rawValue: "\(outcome.label): \(problem)")) }
                for (sync, trial) in outcome.cuts.sorted(by: { $0.key < $1.key }) {
                    let context = "\(outcome.label), sync \(sync) (\(Self.codes[Self.order[sync]])), cut \(trial.cut)"
                    let result = outcome.firstAttempts[sync]
                    let cut = outcome.cutsMade[sync] ?? 0
                    if cut == 0 {
                        Issue.record("\(context): the proxy never cut: the run sent other bytes than the control")
                    }
                    cutsMade += cut
                    switch result {
                    case .threw(let error):
                        threw += 1
                        if !(error is SyncError) { Issue.record("\(context): the sync threw \(type(of: error)), not a SyncError: \(error)") }
                    case .succeeded:
                        wentThrough += 1
                        if trial.mustThrow { Issue.record("\(context): the sync reported success although its connection was cut") }
                    case nil:
                        Issue.record("\(context): the sync was not attempted")
                    }
                    compare(outcome.steps[sync], control.steps[sync], "\(context), after the sync")
                }
                compare(outcome.final, control.final, "\(outcome.label), at the end")
            }
        }
        let trials = plan.map(\.count).reduce(0, +)
        let syncs = control.transcripts.map { transcript in
            let exchanges = HTTPMessages.ends(transcript[.clientToServer] ?? [])?.count ?? 0
            return "\(exchanges) exchanges, \(transcript[.clientToServer]?.count ?? 0) + \(transcript[.serverToClient]?.count ?? 0) bytes"
        }
        print(
            """
            cut connections: syncs of \(syncs.joined(separator: "; ")); \(trials) cut syncs in \(runs) runs plus a control \
            (\(plan.joined().filter { $0.origin == .boundary }.count) at message boundaries, \(Self.samples) sampled, seed \(Self.seed)): \
            \(cutsMade) connections cut, \(threw) syncs failed, \(wentThrough) went through (cut between two exchanges), \
            \(ContinuousClock.now - started)
            """)
    }

    private func compare(_ observed: Observed, _ expected: Observed, _ context: String) {
        #expect(observed.fingerprints == expected.fingerprints, "\(context): the replicas' fingerprints differ from the uncut run")
        #expect(observed.vectors == expected.vectors, "\(context): the replicas hold other changes than in the uncut run")
        #expect(observed.tables == expected.tables, "\(context): the domain tables' rows differ from the uncut run")
        #expect(observed.head == expected.head, "\(context): the relay's log head is \(observed.head), \(expected.head) uncut")
        #expect(observed.log == expected.log, "\(context): the relay's log differs from the uncut run")
        let ids = observed.log.map(\.id)
        #expect(Set(ids).count == ids.count, "\(context): the relay's log holds a change twice")
    }

    // MARK: - Planning the cuts

    struct Trial: Sendable {
        enum Origin: Sendable { case boundary, sample }
        var cut: CuttingProxy.Cut
        var origin: Origin
        /// False for a cut right after a complete answer: the station may see nothing wrong (its
        /// next request goes out on a new connection).
        var mustThrow: Bool
    }

    /// The cuts for each measured sync, from the control run's transcripts: station → relay right
    /// after each request (the relay reads it whole, its answer is lost) and before the first; relay →
    /// station one byte short of each answer's end and right after each answer but the last;
    /// then `samples` byte offsets anywhere, each to the sync with the fewest cuts so far, cutting
    /// one connection or the next two.
    static func plan(_ control: RunOutcome) throws -> [[Trial]] {
        var plan = [[Trial]]()
        var boundaries = [(requests: [Int], answers: [Int])]()
        for sync in order.indices {
            let transcript = control.transcripts[sync]
            let requests = try #require(HTTPMessages.ends(transcript[.clientToServer] ?? []), "sync \(sync): requests not HTTP/1.1")
            let answers = try #require(HTTPMessages.ends(transcript[.serverToClient] ?? []), "sync \(sync): answers not HTTP/1.1")
            try #require(requests.count == answers.count && requests.count >= 2, "sync \(sync): \(requests.count) requests, \(answers.count) answers")
            boundaries.append((requests, answers))
            var trials = [Trial(cut: .init(.clientToServer, afterBytes: 0), origin: .boundary, mustThrow: true)]
            trials += requests.map { Trial(cut: .init(.clientToServer, afterBytes: $0), origin: .boundary, mustThrow: true) }
            trials += answers.map { Trial(cut: .init(.serverToClient, afterBytes: $0 - 1), origin: .boundary, mustThrow: true) }
            trials += answers.dropLast().map { Trial(cut: .init(.serverToClient, afterBytes: $0), origin: .boundary, mustThrow: false) }
            plan.append(trials)
        }
        var random = SplitMix64(seed: seed)
        for _ in 0..<samples {
            let sync = plan.indices.min { plan[$0].count < plan[$1].count } ?? 0
            let direction = Bool.random(using: &random) ? CuttingProxy.Direction.clientToServer : .serverToClient
            let (requests, answers) = boundaries[sync]
            let total = (direction == .clientToServer ? requests : answers).last ?? 1
            let offset = Int.random(in: 1..<total, using: &random)
            plan[sync].append(
                Trial(
                    cut: .init(direction, afterBytes: offset, connections: Int.random(in: 1...2, using: &random)),
                    origin: .sample, mustThrow: direction == .clientToServer || !answers.contains(offset)
                ))
        }
        // Mix the kinds of cut across runs rather than running all of one kind together.
        return plan.map { $0.shuffled(using: &random) }
    }

    // MARK: - One run

    static let codes = ["SZ01", "GZ02"]

    /// What a run leaves: both replicas, the relay's log and (at the end) its merged replica.
    struct Observed: Sendable, Equatable {
        var fingerprints: [UInt64] = []
        var vectors: [AppliedVector] = []
        var tables: [String] = []
        var head: UInt64 = 0
        var log: [Change] = []
    }

    enum Attempt: Sendable {
        case succeeded
        case threw(any Error)
    }

    struct RunOutcome: Sendable {
        var label: String
        var cuts: [Int: Trial]
        /// After each measured sync: the station that synced and the relay's log.
        var steps: [Observed] = []
        /// At the end: both stations, the relay's merged replica, the relay's log.
        var final = Observed()
        /// How each measured sync's first attempt ended, and how many connections were cut in it.
        var firstAttempts: [Int: Attempt] = [:]
        var cutsMade: [Int: Int] = [:]
        /// Each measured sync's bytes each way, when it ran on one connection (the control).
        var transcripts: [[CuttingProxy.Direction: [UInt8]]] = []
        var problems: [String] = []
    }

    /// Sets up the relay and both stations, makes the offline edits, and runs the measured syncs
    /// through the proxy, cutting those in `cuts` and retrying each until it succeeds.
    static func run(label: String, cuts: [Int: Trial]) async throws -> RunOutcome {
        var outcome = RunOutcome(label: label, cuts: cuts)
        let relay = try await RelayHarness("cut-\(label)")
        defer {
            relay.local.stop()
            try? FileManager.default.removeItem(at: relay.directory)
        }
        let stations = [try await relay.station(codes[0], seed: 1), try await relay.station(codes[1], seed: 2)]
        let upstream = try #require(relay.url.split(separator: ":").last.flatMap { Int($0) })
        let proxy = try CuttingProxy(forwardingTo: upstream, recordingTranscripts: cuts.isEmpty)
        defer { proxy.stop() }

        // Shared ground, synced directly: SZ01's customers and cases, which GZ02 bootstraps.
        try await stations[0].sync()
        try await stations[1].sync()
        try stations[0].store.write(as: "王芳") { write in
            for index in 0..<20 {
                let customer = try write.create("customers", [Field("name", .text("客户 \(index)")), Field("phones", .text(phone(0, index)))])
                try write.create(
                    "cases",
                    [
                        Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(write.text(of: customer) ?? "")),
                        Field("kind", .text("complaint")), Field("channel", .text("phone")), Field("severity", .text("normal")),
                        Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text("物流延误 \(index)")),
                    ])
            }
        }
        try await stations[0].sync()
        try await stations[1].sync()
        for (index, station) in stations.enumerated() {
            try edit(station, count: 150, seed: UInt64(index + 1) * 7919)
        }

        for (sync, stationIndex) in order.enumerated() {
            let station = stations[stationIndex]
            let trial = cuts[sync]
            if let trial { proxy.arm(trial.cut) }
            let firstConnection = proxy.connections.count
            var attempts = 0
            while true {
                attempts += 1
                let result = await attempt(station, through: proxy)
                if attempts == 1 { outcome.firstAttempts[sync] = result }
                guard case .threw(let error) = result else { break }
                if trial == nil { outcome.problems.append("sync \(sync) failed without a cut: \(error)") }
                if attempts > (trial?.cut.connections ?? 0) + 2 {
                    outcome.problems.append("sync \(sync) still fails after \(attempts) attempts: \(error)")
                    throw error
                }
            }
            outcome.cutsMade[sync] = proxy.cutsMade
            proxy.disarm()
            let connections = proxy.connections[firstConnection...]
            if cuts.isEmpty {
                if connections.count != 1 { outcome.problems.append("sync \(sync) used \(connections.count) connections, not one") }
                outcome.transcripts.append(connections.first?.transcript ?? [:])
            }
            outcome.steps.append(try await observe([station.store], relay))
        }
        outcome.final = try await observe(stations.map(\.store) + [await relay.replica()], relay)
        return outcome
    }

    /// One sync through the proxy, with the small batches, on a connection pool of its own so
    /// that each attempt starts on a new connection.
    static func attempt(_ station: SyncedStation, through proxy: CuttingProxy) async -> Attempt {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        var client = SyncClient(store: station.store, relayURL: proxy.url, token: station.token, http: http)
        client.pushBatchSize = pushBatchSize
        client.pullLimits = pullLimits
        let result: Attempt
        do {
            _ = try await client.sync()
            result = .succeeded
        } catch {
            result = .threw(error)
        }
        try? await http.shutdown()
        return result
    }

    static func observe(_ stores: [StationStore], _ relay: RelayHarness) async throws -> Observed {
        var observed = Observed()
        for store in stores {
            let digest = try store.stateDigest()
            observed.fingerprints.append(Fingerprint.total(digest.tableDigests))
            observed.vectors.append(digest.vector)
            observed.tables.append(try dumpTables(store))
        }
        observed.head = try await relay.log.head()
        let slice = try await relay.log.read(after: 0, excluding: nil, limits: ReadLimits(maxChanges: 1 << 20, maxBytes: 1 << 30), upTo: nil)
        observed.log = slice.changes
        return observed
    }

    /// A station's offline edits: new customers, severity and status changes on the shared cases
    /// (the other station's of the same cases become conflicts), notes, and phones added.
    static func edit(_ station: SyncedStation, count: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let cases = try station.store.rows(of: "cases").compactMap { $0.first?.text }
        let customers = try station.store.rows(of: "customers").compactMap { $0.first?.text }
        try station.store.write(as: "staff-\(station.code)") { write in
            func pick(_ texts: [String]) throws -> RowID {
                try #require(write.rowID(texts[Int.random(in: 0..<texts.count, using: &random)]))
            }
            for index in 0..<count {
                switch Int.random(in: 0..<5, using: &random) {
                case 0:
                    try write.create("customers", [Field("name", .text("\(station.code) 客户 \(index)"))])
                case 1:
                    try write.set("cases", try pick(cases), "severity", .text(CaseVocabulary.severities[index % 3]))
                case 2:
                    try write.set("cases", try pick(cases), "status", .text(CaseVocabulary.statuses[index % 5]))
                case 3:
                    let target = cases[Int.random(in: 0..<cases.count, using: &random)]
                    try write.create(
                        "case_events", [Field("case_id", .text(target)), Field("kind", .text("note")), Field("body", .text("跟进 \(index)"))])
                default:
                    try write.add("customers", try pick(customers), "phones", phone(station.code == codes[0] ? 1 : 2, index))
                }
            }
        }
    }

    /// A mainland mobile number, different for each station and index.
    static func phone(_ station: Int, _ index: Int) -> String {
        let digits = String(station * 10_000 + index)
        return "1380" + String(repeating: "0", count: 7 - digits.count) + digits
    }
}

/// Where each HTTP/1.1 message ends in a stream of them: its header block, then a body of its
/// `Content-Length` or in chunks. Nil when the bytes are not such messages.
enum HTTPMessages {
    static func ends(_ bytes: [UInt8]) -> [Int]? {
        var ends = [Int]()
        var at = 0
        while at < bytes.count {
            guard let headEnd = find([13, 10, 13, 10], in: bytes, from: at) else { return nil }
            let head = String(decoding: bytes[at..<headEnd], as: UTF8.self).lowercased()
            var end = headEnd + 4
            let fields = head.split(separator: "\r\n").dropFirst()
            if let length = fields.first(where: { $0.hasPrefix("content-length:") }).flatMap({
                Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }) {
                end += length
            } else if fields.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) {
                while true {
                    guard let lineEnd = find([13, 10], in: bytes, from: end),
                        let size = Int(String(decoding: bytes[end..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16)
                    else { return nil }
                    end = lineEnd + 2 + size + 2
                    if size == 0 { break }
                }
            }
            guard end <= bytes.count else { return nil }
            ends.append(end)
            at = end
        }
        return ends
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
