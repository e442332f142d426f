import Foundation
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// The relay over real HTTP: every refusal of `Protocol/README.md` §8, each checked to change nothing.
@Suite struct RelayTests {
    @Test(arguments: RelayStoreKind.allCases) func pushAndPullCarryChangesBetweenStations(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        try sz.store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("李雷")), Field("phones", .text("13800138000"))]) }
        let first = try await sz.sync()
        #expect(first.pushed == 2)
        // GZ02's first sync bootstraps from the relay's snapshot.
        let second = try await gz.sync()
        #expect(second.bootstrapped == 2 && second.pulled == 0)
        try sz.store.write(as: "王芳") { try $0.add("customers", try #require($0.rowID("SZ01.2")), "phones", "020 8888 6666") }
        try await sz.sync()
        let third = try await gz.sync()
        #expect(third.pulled == 1)
        try await sz.sync()
        #expect(try sz.dump() == gz.dump())
        #expect(try dumpTables(await relay.replica()) == sz.dump())
        #expect(try sz.store.syncState().unsent == 0)
        // A station never receives its own changes back.
        let again = try await sz.sync()
        #expect(again.pulled == 0 && again.pushed == 0)
    }

    @Test(arguments: RelayStoreKind.allCases) func aWrongTokenIsRefusedWith401(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.setSetting(SyncSettings.token, "not-a-token")
        await #expect { try await sz.sync() } throws: { ($0 as? SyncError)?.relayCode == "bad-token" }
        #expect(try sz.store.setting(SyncSettings.lastError)?.contains("not known to this relay") == true)
        let hello = try await relay.post(
            .hello, token: "not-a-token",
            body: WireCodec.encode(.hello(Hello(station: StationID(high: 1, low: 1), code: "SZ01", schema: 1, software: "t"))))
        #expect(hello.status == 401)
        #expect(try await relay.log.head() == 0)
    }

    @Test(arguments: RelayStoreKind.allCases) func aRevokedTokenStopsWorkingAtOnce(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        // Revoked through a second handle on the same log, as `outpost-relay station revoke` does.
        try await relay.secondHandle().revoke(code: "SZ01")
        try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        await #expect { try await sz.sync() } throws: { ($0 as? SyncError)?.relayCode == "revoked" }
        #expect(try sz.store.syncState().unsent == 1)
    }

    @Test(arguments: RelayStoreKind.allCases) func anotherStationsChangesAreRefusedWith403(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        try await sz.sync()
        try await gz.sync()
        let head = try await relay.log.head()
        let push = Push(station: try gz.store.localStation()!.id, schema: 1, changes: try sz.store.loggedChanges())
        let reply = try await relay.post(.push, token: gz.token, body: WireCodec.encode(.push(push)))
        #expect(reply.status == 403)
        if case .error(let error) = reply.reply {
            #expect(error.message.contains("another station's id"))
        } else {
            Issue.record("expected an error frame")
        }
        #expect(try await relay.log.head() == head)
    }

    @Test(arguments: RelayStoreKind.allCases) func aClockFarAheadIsRefusedUntilRepaired(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        let head = try await relay.log.head()
        // The station's machine clock jumps a day ahead; a clerk keeps working.
        let skewed = try StationStore(
            path: relay.directory.appendingPathComponent("SZ01.db").path, wallClock: { [clock = relay.clock] in clock.now() + 86_400_000 })
        try skewed.write(as: "a") { try $0.create("customers", [Field("name", .text("未来"))]) }
        let client = SyncClient(store: skewed, relayURL: relay.url, token: sz.token)
        await #expect { try await client.sync() } throws: { error in
            guard let error = error as? SyncError else { return false }
            return error.relayCode == "clock-ahead" && error.message.contains("relay's clock reads")
        }
        #expect(try await relay.log.head() == head)
        #expect(try skewed.syncState().unsent == 1)
        // The clock is fixed; `outpost clock repair` re-stamps the outbox; the next sync succeeds.
        try sz.store.repairClock()
        let summary = try await sz.sync()
        #expect(summary.pushed == 1)
        #expect(try sz.store.rows(of: "customers").count == 1)
    }

    @Test(arguments: RelayStoreKind.allCases) func aReusedChangeIDIsRefusedWith409(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        try await sz.sync()
        let head = try await relay.log.head()
        var reused = try sz.store.loggedChanges().last!
        reused.author = "a restored copy"
        let reply = try await relay.post(
            .push, token: sz.token, body: WireCodec.encode(.push(Push(station: reused.id.station, schema: 1, changes: [reused]))))
        #expect(reply.status == 409)
        if case .error(let error) = reply.reply { #expect(error.code == "restored-database") } else { Issue.record("expected an error frame") }
        #expect(try await relay.log.head() == head)
    }

    @Test(arguments: RelayStoreKind.allCases) func oversizeAndGarbageBodiesAreRefusedAndChangeNothing(_ store: RelayStoreKind) async throws {
        var configuration = RelayConfiguration()
        configuration.frameLimits.maxFrameBytes = 4096
        guard let relay = try await RelayHarness(store: store, configuration: configuration) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let oversize = try await relay.post(.push, token: sz.token, body: [UInt8](repeating: 7, count: 100_000))
        #expect(oversize.status == 413)
        let garbage = try await relay.post(.push, token: sz.token, body: Array("hello relay".utf8))
        #expect(garbage.status == 400)
        let wrongMessage = try await relay.post(.push, token: sz.token, body: WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 10, maxBytes: 10))))
        #expect(wrongMessage.status == 400)
        #expect(try await relay.log.head() == 0)
        #expect(try await relay.log.stations().first?.pushedCount == 0)
    }

    @Test(arguments: RelayStoreKind.allCases) func aPushWhoseAnswerWasLostIsNotDuplicated(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        try sz.store.write(as: "a") {
            try $0.create("customers", [Field("name", .text("A"))])
            try $0.create("customers", [Field("name", .text("B"))])
        }
        // The relay commits the push, but the answer never reaches the station.
        let outbox = try sz.store.unsentChanges()
        let reply = try await relay.post(
            .push, token: sz.token, body: WireCodec.encode(.push(Push(station: outbox[0].id.station, schema: 1, changes: outbox))))
        #expect(reply.status == 200)
        let head = try await relay.log.head()
        #expect(try sz.store.syncState().unsent == 2)
        let summary = try await sz.sync()
        #expect(summary.pushed == 0)
        #expect(try await relay.log.head() == head)
        #expect(try sz.store.syncState().unsent == 0)
    }
}
