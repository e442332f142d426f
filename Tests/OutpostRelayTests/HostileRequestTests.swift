import AsyncHTTPClient
import Foundation
import Glibc
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

/// Requests a misbehaving peer would send, each answered with the right refusal and none of them
/// changing what the relay holds or reports. The hex bodies are the ones that used to stop the
/// relay process.
@Suite struct HostileRequestTests {
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    /// A golden frame of `Protocol/vectors`.
    static func vector(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Protocol/vectors/\(name).hex"), encoding: .utf8)
        return bytes(text.filter(\.isHexDigit))
    }

    /// The refusal's code, or nil when the reply is not an error.
    static func code(_ reply: Message) -> String? {
        if case .error(let error) = reply { error.code } else { nil }
    }

    @Test(arguments: RelayStoreKind.allCases) func aPullCursorAtOrPast2To63IsRefusedAndTheRelayKeepsServing(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        // Cursor 2^63, max-changes 0, max-bytes 0: an enrolled token that never said hello.
        let gz = try await relay.station("GZ02", seed: 2)
        let reply = try await relay.post(.pull, token: gz.token, body: Self.bytes("4f5554500100050000000c0000000c74438230808080808080808080010000"))
        #expect(reply.status == 400)
        #expect(Self.code(reply.reply) == "malformed")
        #expect(try await sz.sync().pushed == 0)
    }

    @Test(arguments: RelayStoreKind.allCases) func aPullBeyondTheLogIsNeverRecordedAsTheStationsCursor(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        for cursor in [UInt64(Int64.max), UInt64.max, try await relay.log.head() + 1] {
            let reply = try await relay.post(.pull, token: sz.token, body: WireCodec.encode(.pull(Pull(cursor: cursor, maxChanges: 10, maxBytes: 0))))
            #expect(reply.status == 400, "cursor \(cursor)")
        }
        let listed = try #require(try await relay.log.stations().first { $0.code == "SZ01" })
        #expect(listed.cursor <= (try await relay.log.head()))
    }

    @Test(arguments: RelayStoreKind.allCases) func aSnapshotChunkOf2To63Minus1IsRefusedWithoutOverflow(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        let reply = try await relay.post(.snapshot, token: sz.token, body: Self.bytes("4f5554500100070000000a0000000a031be76800ffffffffffffffff7f"))
        #expect(reply.status == 400)
        #expect(Self.code(reply.reply) == "malformed")
        for chunk in [1, Int(Int32.max), Int.max] {
            let extreme = try await relay.post(
                .snapshot, token: sz.token, body: WireCodec.encode(.snapshotRequest(SnapshotRequest(position: 0, chunk: chunk))))
            #expect(extreme.status == 400, "chunk \(chunk)")
        }
        let first = try await relay.post(.snapshot, token: sz.token, body: WireCodec.encode(.snapshotRequest(SnapshotRequest(position: 0, chunk: 0))))
        #expect(first.status == 200)
    }

    /// A 62 MB note deflates to a few MB: within the frame limits, but no pull could ever carry
    /// it. The push is refused whole, and the relay goes on serving pulls and bootstraps.
    @Test(arguments: RelayStoreKind.allCases) func aChangeOverTheSizeLimitIsRefusedAtThePush(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        try await sz.sync()
        let head = try await relay.log.head()
        let local = try #require(try sz.store.localStation())
        var generator = SplitMix64(seed: 7)
        let words = ["屏幕", "黑屏", "退货", "快递", "screen", "refund", "维修", "客户"]
        var body = ""
        body.reserveCapacity(62_000_000)
        while body.utf8.count < 62_000_000 { body += words[Int(generator.next() % UInt64(words.count))] }
        let huge = Change(
            id: ChangeID(station: local.id, sequence: 3), table: "case_events", row: RowID(station: local.id, sequence: 3),
            operation: .create([Field("case_id", .text("SZ01.2")), Field("kind", .text("note")), Field("body", .text(body))]),
            version: Version(clock: Timestamp(milliseconds: relay.clock.now(), counter: 9), station: local.id), pred: [], author: "a", schema: 1
        )
        let frame = WireCodec.encode(.push(Push(station: local.id, schema: 1, changes: [huge])))
        #expect(frame.count < 16 << 20, "the frame itself is within the limits")
        let reply = try await relay.post(.push, token: sz.token, body: frame)
        #expect(reply.status == 413)
        #expect(Self.code(reply.reply) == "too-large")
        #expect(try await relay.log.head() == head)
        // A station cannot make such a change in the first place.
        #expect(throws: StoreError.self) {
            try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text(String(repeating: "名", count: 100_000)))]) }
        }
        let gz = try await relay.station("GZ02", seed: 2)
        #expect(try await gz.sync().bootstrapped == head)
    }

    /// Changes near the value limit, many of them: every chunk of the snapshot and every pull
    /// stays within the frame limits, and each pull makes progress.
    @Test(arguments: RelayStoreKind.allCases) func largeChangesWithinTheLimitsAreAlwaysServed(_ store: RelayStoreKind) async throws {
        var configuration = RelayConfiguration()
        configuration.snapshotChunkChanges = 100
        configuration.readLimits = ReadLimits(maxChanges: 5_000, maxBytes: 64 << 10)
        guard let relay = try await RelayHarness(store: store, configuration: configuration) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        var generator = SplitMix64(seed: 3)
        // 80 × 200 kB: the first chunk of 100 positions could not be held in one frame, so the
        // snapshot is taken at position 0 and everything comes by pull.
        for _ in 0..<80 {
            // Random digits: about 2.4 : 1 under deflate, so the chunks are large on the wire too.
            let note = String((0..<200_000).map { _ in Character(String(generator.next() % 10)) })
            try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("客户")), Field("note", .text(note))]) }
        }
        try await sz.sync()
        let gz = try await relay.station("GZ02", seed: 2)
        var client = try gz.client
        client.bootstrapsFromState = false
        let summary = try await client.sync()
        #expect(summary.bootstrapped + summary.pulled == 81)
        #expect(summary.batches >= 80, "pulls of at most 64 KiB carry one large change each")
        // From the relay's state instead, in chunks bounded by bytes (about 4 MiB each).
        let wh = try await relay.station("WH04", seed: 4)
        #expect(try await wh.sync().bootstrapped >= 81)
        try await sz.sync()
        try await gz.sync()
        try await wh.sync()
        #expect(try gz.dump() == sz.dump())
        #expect(try wh.dump() == sz.dump())
    }

    @Test(arguments: RelayStoreKind.allCases) func theRelaysIdentityStaysFixedAndAStationNoticesAnotherRelay(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let identity = try await relay.log.identity()
        for index in 0..<3 {
            try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("客户\(index)"))]) }
            relay.clock.advance(by: 60_000)
            try await sz.sync()
            #expect(try await relay.log.identity() == identity)
        }
        // The station is pointed at another relay, where its code is enrolled too.
        guard let other = try await RelayHarness(store: store) else { return }
        let token = try await other.local.enrol(code: "SZ01", name: "Station SZ01")
        try sz.store.setSetting(SyncSettings.relayURL, other.url)
        try sz.store.setSetting(SyncSettings.token, token)
        await #expect { try await sz.sync() } throws: { ($0 as? SyncError)?.code == .otherRelay }
        #expect(try await other.log.head() == 0)
    }

    @Test(arguments: RelayStoreKind.allCases) func aSecondStationIDForOneTokenIsAnUnknownStation(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        let hello = Hello(station: StationID(high: 9, low: 9), code: "SZ01", schema: 1, software: "t")
        let reply = try await relay.post(.hello, token: sz.token, body: WireCodec.encode(.hello(hello)))
        #expect(reply.status == 401)
        #expect(Self.code(reply.reply) == "unknown-station")
    }

    @Test(arguments: RelayStoreKind.allCases) func aSequenceGapHasItsOwnCode(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        try sz.store.write(as: "a") {
            try $0.create("customers", [Field("name", .text("A"))])
            try $0.create("customers", [Field("name", .text("B"))])
        }
        let head = try await relay.log.head()
        let skipping = Array(try sz.store.unsentChanges().dropFirst())
        let reply = try await relay.post(
            .push, token: sz.token, body: WireCodec.encode(.push(Push(station: skipping[0].id.station, schema: 1, changes: skipping))))
        #expect(reply.status == 409)
        #expect(Self.code(reply.reply) == "sequence-gap")
        #expect(try await relay.log.head() == head)
    }

    @Test(arguments: RelayStoreKind.allCases) func aPushNamingAnotherStationIsRefusedWith403(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        let push = Push(station: StationID(high: 5, low: 5), schema: 1, changes: try sz.store.unsentChanges())
        let reply = try await relay.post(.push, token: sz.token, body: WireCodec.encode(.push(push)))
        #expect(reply.status == 403)
        #expect(Self.code(reply.reply) == "foreign-station")
    }

    @Test(arguments: RelayStoreKind.allCases) func tokensAreCheckedBeforeAFrameIsInflatedAndRevocationHasItsCode(_ store: RelayStoreKind) async throws
    {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        let bomb = try Self.vector("decompression-bomb")
        for token in [nil, "", "not-a-token"] as [String?] {
            let reply = try await relay.post(.push, token: token, body: bomb)
            #expect(reply.status == 401, "token \(token ?? "none")")
            #expect(Self.code(reply.reply) == "bad-token")
        }
        // `Bearer` is matched whatever its case.
        let lower = try await Self.raw(
            relay, .hello, authorization: "bearer \(sz.token)",
            body: WireCodec.encode(.hello(Hello(station: try sz.store.localStation()!.id, code: "SZ01", schema: 1, software: "t"))))
        #expect(lower.status == 200)
        try await relay.log.revoke(code: "SZ01")
        let revoked = try await relay.post(.pull, token: sz.token, body: WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 0, maxBytes: 0))))
        #expect(revoked.status == 401)
        #expect(Self.code(revoked.reply) == "revoked")
    }

    @Test(arguments: RelayStoreKind.allCases) func anUnknownVersionGets426WithAnUpgradeHeader(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        var frame = WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 0, maxBytes: 0)))
        frame[4] = 9
        let reply = try await Self.raw(relay, .pull, authorization: "Bearer \(sz.token)", body: frame)
        #expect(reply.status == 426)
        #expect(reply.upgrade == "outpost/2")
    }

    @Test(arguments: RelayStoreKind.allCases) func aPullOfMaxChangesZeroGetsTheRelaysDefault(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.write(as: "a") { for index in 0..<5 { try $0.create("customers", [Field("name", .text("客户\(index)"))]) } }
        try await sz.sync()
        let gz = try await relay.station("GZ02", seed: 2)
        let reply = try await relay.post(.pull, token: gz.token, body: WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 0, maxBytes: 0))))
        guard case .pullBatch(let batch) = reply.reply else {
            Issue.record("expected a pull batch")
            return
        }
        #expect(batch.changes.count == 6)
    }

    /// Thirty pushes, each four minutes past the one before, used to walk the log's clock two
    /// hours ahead. The bound is the relay's wall clock: the second such push is refused, with
    /// both clocks named in the message and the detail.
    @Test(arguments: RelayStoreKind.allCases) func theClockBoundIsTheRelaysWallClockNotTheHighestClockSeen(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        let local = try #require(try sz.store.localStation())
        var refused: ErrorMessage?
        var sequence = try sz.store.syncState().localSequence
        for step in 1...30 {
            sequence += 1
            let change = Change(
                id: ChangeID(station: local.id, sequence: sequence), table: "customers", row: RowID(station: local.id, sequence: sequence),
                operation: .create([Field("name", .text("ahead \(step)"))]),
                version: Version(clock: Timestamp(milliseconds: relay.clock.now() + UInt64(step) * 240_000, counter: 0), station: local.id),
                pred: [], author: "a", schema: 1
            )
            let reply = try await relay.post(
                .push, token: sz.token, body: WireCodec.encode(.push(Push(station: local.id, schema: 1, changes: [change]))))
            if case .error(let error) = reply.reply {
                refused = error
                break
            }
        }
        let error = try #require(refused)
        #expect(error.code == "clock-ahead")
        #expect(error.detail?.contains("relay=") == true && error.detail?.contains("change=") == true)
        #expect(try await relay.log.stations().first { $0.code == "SZ01" }?.pushedCount == 2, "only the push 4 minutes ahead went in")
    }

    /// Posts a raw body with a chosen `Authorization` header; the status and `Upgrade` header.
    static func raw(_ relay: RelayHarness, _ endpoint: WireEndpoint, authorization: String, body: [UInt8]) async throws -> (
        status: UInt, upgrade: String?
    ) {
        var request = HTTPClientRequest(url: relay.url + endpoint.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 64 << 20)
        return (response.status.code, response.headers.first(name: "Upgrade"))
    }

    /// A client that connects and says nothing is disconnected once the idle timeout passes,
    /// rather than holding a connection for ever.
    @Test(arguments: RelayStoreKind.allCases) func anIdleConnectionIsClosed(_ store: RelayStoreKind) async throws {
        var configuration = RelayConfiguration()
        configuration.idleTimeoutSeconds = 1
        guard let relay = try await RelayHarness(store: store, configuration: configuration) else { return }
        let port = try #require(relay.url.split(separator: ":").last.flatMap { UInt16($0) })
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        // Wait (at most half a minute, far beyond the timeout) for the relay to close its end.
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        #expect(poll(&poller, 1, 30_000) == 1, "the relay never closed the idle connection")
        var byte: UInt8 = 0
        #expect(read(socket, &byte, 1) == 0, "end of stream: the relay closed the connection")
    }
}
