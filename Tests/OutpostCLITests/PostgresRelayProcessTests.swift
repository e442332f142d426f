import Foundation
import OutpostCore
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Testing

/// `outpost-relay serve --postgres` in processes of their own on one PostgreSQL log: stations
/// sync with any of them, and a relay killed mid-push loses nor duplicates nothing acknowledged.
@Suite struct PostgresRelayProcessTests {
    /// Relay processes on a fresh database, and a handle on the log for enrolling and checking.
    struct Relays: Sendable {
        let processes: [RelayProcess]
        let log: PostgresRelayLog
        let directory: URL
        let clock = ManualClock(StationStore.systemMilliseconds() - 60_000)

        init?(_ count: Int, _ name: String = #function) async throws {
            guard let location = try await TestPostgres.freshDatabase(for: name) else { return nil }
            let executable = try OutpostBinary.locate("outpost-relay")
            directory = try temporaryDirectory(name)
            // The schema first, so the relays start on it (their own start is tested elsewhere).
            log = try await PostgresRelayLog(location)
            var processes = [RelayProcess]()
            for index in 0..<count {
                processes.append(
                    try RelayProcess(
                        executable: executable, database: directory.appendingPathComponent("relay-\(index)-replica.db").path,
                        directory: directory, postgres: location.description))
            }
            self.processes = processes
        }

        func station(_ code: String, seed: UInt64, via relay: Int) async throws -> SyncedStation {
            try await enrolledStation(code, seed: seed, log: log, url: processes[relay].url, in: directory, clock: clock)
        }

        /// Points a station at one of the relays.
        func use(_ relay: Int, for station: SyncedStation) throws {
            try station.store.setSetting(SyncSettings.relayURL, processes[relay].url)
        }

        func stop() {
            for process in processes { process.stop() }
            log.close()
        }
    }

    static let stationCount = 300
    static let inFlight = 40

    /// Three hundred stations push and pull at random through three relay processes; afterwards every
    /// station holds the same state, and each relay's merged replica agrees with every station
    /// (`outpost verify`'s comparison).
    @Test func threeHundredStationsThroughThreeRelayProcessesConverge() async throws {
        guard let relays = try await Relays(3) else { return }
        defer { relays.stop() }
        var generator = SplitMix64(seed: 30)
        var stations = [SyncedStation]()
        for index in 0..<Self.stationCount {
            stations.append(try await relays.station(String(format: "S%03d", index), seed: UInt64(index + 1), via: index % 3))
        }
        let rounds = 4
        for round in 0..<rounds {
            // Each station writes a little, then syncs through a relay picked at random, all at once.
            let plans = stations.map { _ in (writes: Int.random(in: 0...3, using: &generator), relay: Int.random(in: 0..<3, using: &generator)) }
            // At most `inFlight` syncs at once: three relays sharing two cores would time out
            // some of three hundred simultaneous requests, and a branch network's stations do not
            // all sync in the same instant.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (offset, (station, plan)) in zip(stations, plans).enumerated() {
                    if offset >= Self.inFlight { try await group.next() }
                    group.addTask {
                        try station.store.write(as: "a") {
                            for write in 0..<plan.writes {
                                try $0.create("customers", [Field("name", .text("\(station.code)-\(round)-\(write)"))])
                            }
                        }
                        try relays.use(plan.relay, for: station)
                        try await station.sync()
                    }
                }
                try await group.waitForAll()
            }
        }
        // Two quiet passes: the first pushes the last writes, the second pulls them everywhere.
        for _ in 0..<2 {
            try await Self.each(stations) { index, station in
                try relays.use(index % 3, for: station)
                try await station.sync()
            }
        }
        let expected = try stations[0].dump()
        for station in stations {
            #expect(try station.dump() == expected, "\(station.code) differs")
            #expect(try station.store.syncState().unsent == 0)
        }
        // Every station equals every other; each relay's merged replica is compared with a hundred
        // of them by `outpost verify`'s fingerprints, so each agrees with all.
        try await Self.each(stations) { index, station in
            let relay = index % 3
            let client = SyncClient(store: station.store, relayURL: relays.processes[relay].url, token: station.token)
            let report = try await client.verify(syncFirst: false)
            #expect(report.outcome == .agree, "\(station.code) against relay \(relay): \(report.outcome)")
        }
        let head = try await relays.log.head()
        let pushed = try await relays.log.stations().reduce(0) { $0 + $1.pushedCount }
        #expect(head == pushed, "every change in the log once")
        print("three relay processes, \(Self.stationCount) stations, \(rounds) rounds: \(head) changes in the log, all replicas agree")
    }

    /// Runs `body` for every station, at most `inFlight` at once.
    static func each(_ stations: [SyncedStation], _ body: @escaping @Sendable (Int, SyncedStation) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, station) in stations.enumerated() {
                if index >= inFlight { try await group.next() }
                group.addTask { try await body(index, station) }
            }
            try await group.waitForAll()
        }
    }

    /// A relay process is killed with SIGKILL while a station's large push is in flight; the
    /// station retries through another relay. Whatever the kill cut, the log then holds each of
    /// the station's changes exactly once, in sequence, and the station's outbox is empty.
    @Test func aRelayKilledMidPushLosesAndDuplicatesNothing() async throws {
        guard let relays = try await Relays(2) else { return }
        var processes = relays.processes
        defer {
            for process in processes { process.stop() }
            relays.stop()
        }
        let station = try await relays.station("SZ01", seed: 1, via: 0)
        try await station.sync()
        // Small pushes, so that a kill lands between two of them as well as inside one.
        var client = try station.client
        client.pushBatchSize = 150
        let delays = [5, 20, 60, 120, 250, 400]
        var cut = (none: 0, some: 0, all: 0)
        for (attempt, delay) in delays.enumerated() {
            try station.store.write(as: "a") {
                for index in 0..<3_000 { try $0.create("customers", [Field("name", .text("客户 \(attempt)-\(index)"))]) }
            }
            let before = try await relays.log.stations().first { $0.code == "SZ01" }?.pushedSequence ?? 0
            let local = try station.store.syncState().localSequence
            let pushing = client
            let push = Task { try await pushing.sync() }
            try await Task.sleep(for: .milliseconds(delay))
            processes[0].kill()
            _ = try? await push.value
            let logged = try await relays.log.stations().first { $0.code == "SZ01" }?.pushedSequence ?? 0
            if logged == before { cut.none += 1 } else if logged < local { cut.some += 1 } else { cut.all += 1 }
            // The station retries through the other relay.
            try relays.use(1, for: station)
            try await station.sync()
            #expect(try station.store.syncState().unsent == 0)
            processes[0] = try processes[0].restarted()
            try relays.use(0, for: station)
        }
        let id = try #require(try station.store.localStation()).id
        var sequences = [UInt64]()
        var cursor: UInt64 = 0
        while true {
            let slice = try await relays.log.read(after: cursor, excluding: nil, limits: ReadLimits(), upTo: nil)
            sequences += slice.changes.filter { $0.id.station == id }.map(\.id.sequence)
            cursor = slice.next
            if !slice.more { break }
        }
        let local = try station.store.syncState().localSequence
        #expect(sequences == Array(1...local), "each change once, in sequence")
        print(
            """
            relay killed during a sync \(delays.count) times: \(cut.none) before any push committed, \(cut.some) between pushes, \
            \(cut.all) after the last; \(sequences.count) changes in the log once each
            """)
    }
}
