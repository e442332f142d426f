import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// The merged replica applies the log in the background (`docs/ARCHITECTURE.md`, "Merged
/// replica"): a push is answered once the log has it, whatever the replica has applied, and a
/// verify answer names exactly the state it hashed.
@Suite struct ReplicaTailTests {
    /// The relay's verify answer for `station`'s current vector.
    func verifyReply(_ relay: RelayHarness, _ station: SyncedStation) async throws -> VerifyReply {
        let request = VerifyRequest(schema: Schema.outpost.version, vector: try station.store.appliedVector())
        let (status, reply) = try await relay.post(.verify, token: station.token, body: WireCodec.encode(.verifyRequest(request)))
        #expect(status == 200)
        guard case .verifyReply(let answer) = reply else { throw Unexpected("expected a verify-reply, got \(reply.kind)") }
        return answer
    }

    /// The applied vector of the log's first `position` entries: what a replica at `position` holds.
    func vector(upTo position: UInt64, of log: any RelayLog) async throws -> AppliedVector {
        var highest = [StationID: UInt64]()
        var cursor: UInt64 = 0
        while cursor < position {
            let slice = try await log.read(after: cursor, excluding: nil, limits: ReadLimits(maxChanges: 100_000, maxBytes: 64 << 20), upTo: position)
            for change in slice.changes { highest[change.id.station] = max(highest[change.id.station] ?? 0, change.id.sequence) }
            guard slice.next > cursor else { break }
            cursor = slice.next
        }
        return AppliedVector(highest)
    }

    @Test(arguments: RelayStoreKind.allCases) func aPushIsAcknowledgedAndPulledWhileTheReplicaLags(_ store: RelayStoreKind) async throws {
        var configuration = RelayConfiguration()
        configuration.verifyWait = .milliseconds(50)
        guard let relay = try await RelayHarness(store: store, configuration: configuration) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        let customer = try sz.store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("李雷"))]) }
        try await sz.sync()
        try await gz.sync()
        _ = await relay.replica()
        let replica = relay.relay.replica
        let before = await replica.position()

        // The replica stops applying; the relay still takes pushes and serves pulls from the log.
        await replica.stop()
        try sz.store.write(as: "王芳") { try $0.set("customers", customer, "address", .text("深圳市南山区")) }
        #expect(try await sz.sync().pushed == 1)
        #expect(try sz.store.syncState().unsent == 0)
        #expect(try await gz.sync().pulled == 1)
        #expect(try gz.dump() == sz.dump())
        let head = try await relay.log.head()
        #expect(await replica.position() == before && before < head)

        // Verify waits its bound, then answers for the replica as it stands, saying so: the
        // position and vector it has applied, and no digests, since GZ02 holds more.
        let lagging = try await verifyReply(relay, gz)
        #expect(lagging.position == before)
        #expect(lagging.vector == (try await vector(upTo: before, of: relay.log)))
        #expect(lagging.vector != (try gz.store.appliedVector()))
        #expect(lagging.tables.isEmpty && lagging.buckets.isEmpty)
        guard case .differentChanges(let relayOnly, let stationOnly) = try await gz.client.verify(syncFirst: false).outcome else {
            Issue.record("a lagging replica must not be compared as if it held GZ02's changes")
            return
        }
        #expect(relayOnly == 0 && stationOnly == 1)

        // Once it applies again and has caught up, the states agree.
        await replica.start()
        _ = await relay.replica()
        let caughtUp = try await verifyReply(relay, gz)
        #expect(caughtUp.position == head)
        #expect(caughtUp.vector == (try gz.store.appliedVector()))
        #expect(try await gz.client.verify(syncFirst: false).outcome == .agree)
    }

    @Test(arguments: RelayStoreKind.allCases) func verifyNamesTheStateItHashedWhilePushesArrive(_ store: RelayStoreKind) async throws {
        var configuration = RelayConfiguration()
        // No waiting: every answer is whatever the replica has applied at that moment.
        configuration.verifyWait = .zero
        guard let relay = try await RelayHarness(store: store, configuration: configuration) else { return }
        let stations = [try await relay.station("SZ01", seed: 1), try await relay.station("GZ02", seed: 2), try await relay.station("HZ03", seed: 3)]
        for station in stations { try await station.sync() }
        let observer = stations[0]
        let replies = try await withThrowingTaskGroup(of: [VerifyReply].self) { group in
            for (index, station) in stations.enumerated() {
                group.addTask {
                    for round in 0..<8 {
                        try station.store.write(as: "staff") { write in
                            for edit in 0..<20 { _ = try write.create("customers", [Field("name", .text("客户 \(index)-\(round)-\(edit)"))]) }
                        }
                        try await station.sync()
                    }
                    return []
                }
            }
            group.addTask {
                var replies = [VerifyReply]()
                for _ in 0..<40 { replies.append(try await verifyReply(relay, observer)) }
                return replies
            }
            return try await group.reduce(into: [VerifyReply]()) { $0 += $1 }
        }
        #expect(replies.count == 40)
        for reply in replies {
            // The vector stated is exactly the log's up to the position stated.
            #expect(reply.vector == (try await vector(upTo: reply.position, of: relay.log)))
        }
        // Once every station has synced everything, the replica catches up and agrees with each.
        for station in stations { try await station.sync() }
        _ = await relay.replica()
        for station in stations { #expect(try await station.client.verify(syncFirst: false).outcome == .agree) }
    }

    @Test func aRelayAtItsLimitAnswersBusyAndTheStationComesBack() async throws {
        var configuration = RelayConfiguration()
        configuration.maxConcurrentRequests = 1
        configuration.queueWait = .zero
        configuration.retryAfterSeconds = 1
        let relay = try await RelayHarness(configuration: configuration)
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("李雷"))]) }
        let logged = try await relay.log.head()

        // The relay's one turn is taken: a request is answered 503 at once, with the seconds to wait.
        #expect(await relay.relay.gate.enter(within: .zero))
        var request = HTTPClientRequest(url: relay.url + WireEndpoint.hello.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(sz.token)")
        request.body = .bytes(ByteBuffer(bytes: [0x00]))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status.code == 503)
        #expect(response.headers.first(name: "Retry-After") == "1")
        let body = try await response.body.collect(upTo: 1 << 20)
        guard case .error(let busy) = try WireCodec.decode(Array(buffer: body)) else { throw Unexpected("expected an error frame") }
        #expect(busy.code == "busy" && busy.detail == "1")

        // A station out of patience reports the relay busy, its change still in the outbox.
        var impatient = try sz.client
        impatient.busyPatience = .zero
        await #expect { try await impatient.sync() } throws: { ($0 as? SyncError)?.relayCode == "busy" }
        #expect(try sz.store.syncState().unsent > 0)
        #expect(try await relay.log.head() == logged)

        // A patient one waits and comes back; once the turn is free its sync goes through.
        let patient = Task { try await sz.client.sync() }
        await relay.relay.gate.leave()
        #expect(try await patient.value.pushed > 0)
        #expect(try sz.store.syncState().unsent == 0)
    }
}

/// A reply of another kind than the test asked for.
private struct Unexpected: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
