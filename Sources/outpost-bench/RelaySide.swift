import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostWire

/// The relay's figures, over loopback HTTP to a real relay (Hummingbird) in this process.
struct RelaySide {
    let relay: LocalRelay
    let http: HTTPClient

    init(directory: URL, http: HTTPClient, store: RelayStoreChoice) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        relay = try await LocalRelay(directory: directory, log: try await store.makeLog(directory.lastPathComponent, in: directory))
        self.http = http
    }

    /// Pushes every station's changes in the relay's order (`OutpostSide.pushBatch` per push, the
    /// stations taking turns); returns seconds. The relay applies each push to its merged replica
    /// before answering, as it always does.
    func ingest(_ perStation: [(store: StationStore, changes: [Change])]) async throws -> Double {
        var clients = [StationID: SyncClient]()
        for (store, _) in perStation {
            guard let local = try store.localStation() else { throw BenchError("a station has no identity") }
            let client = SyncClient(
                store: store, relayURL: relay.url, token: try await relay.enrol(code: local.code, name: "Station \(local.code)"), http: http)
            _ = try await client.exchange(
                .hello, .hello(Hello(station: local.id, code: local.code, schema: Schema.outpost.version, software: "outpost-bench")))
            clients[local.id] = client
        }
        let batches = inTurn(perStation.map(\.changes), batch: OutpostSide.pushBatch)
        return try await measureAsync {
            for slice in batches {
                let batch = Array(slice)
                let push = Push(station: batch[0].id.station, schema: Schema.outpost.version, changes: batch)
                guard case .pushAck(let ack) = try await clients[batch[0].id.station]!.exchange(.push, .push(push)),
                    ack.durableSequence >= batch.last!.id.sequence
                else { throw BenchError("the relay did not acknowledge a push") }
            }
            // The merged replica applies in the background; the ingest ends when it has applied
            // everything, so a state taken next holds it all.
            _ = try await relay.relay.replica.caughtUp(to: try await relay.log.head(), within: nil)
        }
    }

    /// The snapshot a new station downloads: its chunks' total size on the wire (a frame re-encodes
    /// to the same bytes), and the changes.
    func snapshotSize(token: String, store: StationStore) async throws -> (bytes: Int, changes: Int) {
        let client = SyncClient(store: store, relayURL: relay.url, token: token, http: http)
        var position: UInt64 = 0
        var chunk = 0
        var bytes = 0
        var changes = 0
        while true {
            let reply = try await client.exchange(.snapshot, .snapshotRequest(SnapshotRequest(position: position, chunk: chunk)))
            guard case .snapshotChunk(let part) = reply else { throw BenchError("the relay sent no snapshot chunk") }
            bytes += WireCodec.encode(reply).count
            changes += part.changes.count
            if part.isLast { return (bytes, changes) }
            position = part.position
            chunk += 1
        }
    }
}

extension RelaySide {
    /// The state a new station downloads (`Protocol/README.md` §6, state-chunk): its chunks' total
    /// size on the wire, and the rows.
    func stateSize(token: String, store: StationStore) async throws -> (bytes: Int, rows: Int) {
        let client = SyncClient(store: store, relayURL: relay.url, token: token, http: http)
        var request = StateRequest(position: 0, after: 0)
        var bytes = 0
        var rows = 0
        while true {
            let reply = try await client.exchange(.state, .stateRequest(request))
            guard case .stateChunk(let chunk) = reply else { throw BenchError("the relay sent no state chunk") }
            bytes += WireCodec.encode(reply).count
            rows += chunk.part.rows.count
            if chunk.isLast { return (bytes, rows) }
            request = StateRequest(position: chunk.position, after: chunk.next)
        }
    }
}

/// N stations syncing with one relay at the same time: each makes a few edits, then a full sync
/// (push and pull), round after round. Every sync's latency goes into an HdrHistogram.
struct RelayLoad {
    struct Result {
        var stations: Int
        var relays = 1
        var syncs: Int
        var changesMoved: Int
        var seconds: Double
        var errors: Int
        var firstError: String?
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        /// The relay's own time per sync: from each request's arrival to its answer, summed over
        /// the sync's requests (hello, push, pulls), the wait for a turn included.
        var relayP50Milliseconds: Double
        var relayP99Milliseconds: Double
        var relayMaxMilliseconds: Double
        /// Of the relay's time per sync, the wait for a turn (`RequestGate`).
        var queuedP99Milliseconds: Double
    }

    let stations: Int
    let rounds: Int
    let editsPerRound: Int
    var store = RelayStoreChoice.sqlite
    /// Relays sharing the log (PostgreSQL only); station i syncs through relay i mod `relays`.
    var relays = 1

    func run(directory: URL) async throws -> Result {
        let relayDirectory = directory.appendingPathComponent("load-relay")
        try FileManager.default.createDirectory(at: relayDirectory, withIntermediateDirectories: true)
        var configuration = RelayConfiguration()
        configuration.timesRequests = true
        // The relays' requests run on threads of their own, as in a relay's own process: the
        // stations' commits block threads of the shared pool while they wait for the disk.
        let executor = RelayExecutor()
        let relay = try await LocalRelay(
            directory: relayDirectory, log: try await store.makeLog("load", in: relayDirectory), configuration: configuration,
            executor: executor)
        // The other relays: another handle each on the same PostgreSQL log, and a merged replica
        // of their own, as separate `outpost-relay serve --postgres` processes would have.
        var fleet = [relay]
        if relays > 1, let location = (relay.log as? PostgresRelayLog)?.location {
            for index in 1..<relays {
                let other = directory.appendingPathComponent("load-relay-\(index)")
                try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
                fleet.append(
                    try await LocalRelay(
                        directory: other, log: try await PostgresRelayLog(location), configuration: configuration, executor: executor))
            }
        }
        defer { for relay in fleet { relay.stop() } }
        var client = HTTPClient.Configuration()
        client.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: stations)
        client.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: client)
        do {
            let result = try await run(fleet, http: http, directory: directory)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func run(_ fleet: [LocalRelay], http: HTTPClient, directory: URL) async throws -> Result {
        let relay = fleet[0]
        var random = SplitMix64(seed: 2026)
        var clients = [(client: SyncClient, code: String, times: RequestTimes?)]()
        for index in 0..<stations {
            let code = "R\(index + 100)"
            let token = try await relay.enrol(code: code, name: "Load \(code)")
            let store = try StationStore(path: directory.appendingPathComponent("\(code).db").path)
            try store.initialise(code: code, name: "Load \(code)", timeZone: "Asia/Shanghai", author: "bench", using: &random)
            var client = SyncClient(store: store, relayURL: fleet[index % fleet.count].url, token: token, http: http)
            // A relay past its limit answers `busy`; these stations keep coming back, as a
            // station's scheduled sync would, rather than give up after a clerk's two minutes.
            client.busyPatience = .seconds(600)
            _ = try await client.sync()
            clients.append((client, code, fleet[index % fleet.count].relay.times))
        }
        let started = ContinuousClock.now
        let outcomes = await withTaskGroup(of: StationOutcome.self) { group in
            for (index, station) in clients.enumerated() {
                group.addTask { await self.work(station.client, code: station.code, times: station.times, seed: UInt64(index)) }
            }
            var all = [StationOutcome]()
            for await outcome in group { all.append(outcome) }
            return all
        }
        let seconds = seconds(since: started)
        func recorded(_ values: (StationOutcome) -> [UInt64]) -> Histogram<UInt64> {
            var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
            for outcome in outcomes { for value in values(outcome) { _ = histogram.record(value) } }
            return histogram
        }
        let histogram = recorded(\.latencies)
        let relayTimes = recorded(\.relayTimes)
        let queued = recorded(\.queued)
        return Result(
            stations: stations, relays: fleet.count, syncs: Int(histogram.totalCount), changesMoved: outcomes.reduce(0) { $0 + $1.moved },
            seconds: seconds, errors: outcomes.reduce(0) { $0 + $1.errors }, firstError: outcomes.lazy.compactMap(\.firstError).first,
            p50Milliseconds: Double(histogram.valueAtPercentile(50)) / 1000, p99Milliseconds: Double(histogram.valueAtPercentile(99)) / 1000,
            maxMilliseconds: Double(histogram.max) / 1000,
            relayP50Milliseconds: Double(relayTimes.valueAtPercentile(50)) / 1000,
            relayP99Milliseconds: Double(relayTimes.valueAtPercentile(99)) / 1000, relayMaxMilliseconds: Double(relayTimes.max) / 1000,
            queuedP99Milliseconds: Double(queued.valueAtPercentile(99)) / 1000
        )
    }

    private struct StationOutcome: Sendable {
        var latencies: [UInt64] = []
        /// Microseconds per sync of the relay's own time, and of its wait for turns.
        var relayTimes: [UInt64] = []
        var queued: [UInt64] = []
        var moved = 0
        var errors = 0
        var firstError: String?
    }

    /// One station's rounds: a new customer and a few edits to it, then a sync.
    private func work(_ client: SyncClient, code: String, times: RequestTimes?, seed: UInt64) async -> StationOutcome {
        var outcome = StationOutcome()
        var random = SplitMix64(seed: seed)
        let text = TextMaker()
        for _ in 0..<rounds {
            do {
                try client.store.write(as: "staff") { write in
                    let row = try write.create(
                        "customers", [Field("name", .text(text.personName(&random))), Field("phones", .text(text.phone(&random)))])
                    for _ in 1..<editsPerRound { try write.set("customers", row, "address", .text(text.address(&random))) }
                }
                _ = times?.take(code)
                let started = ContinuousClock.now
                let summary = try await client.sync()
                outcome.latencies.append(UInt64(seconds(since: started) * 1_000_000))
                if let relay = times?.take(code) {
                    outcome.relayTimes.append(Self.microseconds(relay.answering))
                    outcome.queued.append(Self.microseconds(relay.queued))
                }
                outcome.moved += summary.pushed + summary.pulled
            } catch {
                outcome.errors += 1
                if outcome.firstError == nil { outcome.firstError = "\(error)" }
            }
        }
        return outcome
    }

    private static func microseconds(_ duration: Duration) -> UInt64 {
        UInt64(max(0, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000))
    }
}
