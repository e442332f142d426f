import Foundation
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// Every endpoint fed well-framed messages whose integers take the values a hostile peer would
/// try, and every endpoint fed the requests of an unauthorised or careless one. The relay must
/// answer each with a refusal or a proper answer, never stop, and keep its log and merged replica
/// exactly as they were.
@Suite struct RelayEndpointFuzzTests {
    /// 0, 1, 2^31, 2^32, 2^63 − 1, 2^63 and 2^64 − 1.
    static let extremes: [UInt64] = [0, 1, 1 << 31, 1 << 32, UInt64(Int64.max), 1 << 63, .max]

    /// What a request may change: the log, the stations' pushes and bindings, the replica.
    struct Fingerprint: Equatable {
        var head: UInt64
        var stations: [String]
        var tables: [TableDigest]

        init(_ relay: RelayHarness) async throws {
            head = try await relay.log.head()
            stations = try await relay.log.stations().map {
                "\($0.code) \($0.station?.description ?? "-") \($0.pushedSequence) \($0.pushedCount) \($0.revoked)"
            }
            tables = try await relay.replica().stateDigest().tableDigests
        }
    }

    /// A version 1 frame (change batches in rows) around a payload written field by field, so any
    /// integer can be put anywhere.
    static func frame(_ kind: MessageKind, _ write: (inout ByteWriter) -> Void) -> [UInt8] {
        var payload = ByteWriter()
        write(&payload)
        let body = payload.bytes
        return WireCodec.header(version: 1, flags: 0, kind: kind.rawValue, inflatedSize: UInt32(body.count), body: body) + body
    }

    /// Two stations with customers, a case and a conflict, synced: a relay with something to lose.
    static func relayWithData(_ name: String = #function) async throws -> (RelayHarness, SyncedStation, SyncedStation) {
        let relay = try await RelayHarness(name)
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        let customer = try sz.store.write(as: "王芳") {
            try $0.create("customers", [Field("name", .text("李雷")), Field("phones", .text("13800138000"))])
        }
        try await sz.sync()
        try await gz.sync()
        try sz.store.write(as: "王芳") { try $0.set("customers", customer, "note", .text("深圳")) }
        try gz.store.write(as: "陈静") { try $0.set("customers", customer, "note", .text("广州")) }
        try await sz.sync()
        try await gz.sync()
        try await sz.sync()
        return (relay, sz, gz)
    }

    /// Each request's status, checked to be one a refusal or an answer may have.
    static func send(_ relay: RelayHarness, _ endpoint: WireEndpoint, token: String?, _ body: [UInt8]) async -> Int {
        let response = await relay.relay.respond(to: endpoint, token: token, body: body)
        #expect([200, 400, 401, 403, 409, 413, 426].contains(response.status), "\(endpoint.path): \(response.status)")
        if response.status != 200 {
            #expect(
                (try? WireCodec.decode(response.frame)).map { if case .error = $0 { true } else { false } } == true, "a refusal is an error frame")
        }
        return response.status
    }

    @Test func everyIntegerFieldAtItsExtremesIsAnsweredAndChangesNothing() async throws {
        let (relay, sz, _) = try await Self.relayWithData()
        let local = try #require(try sz.store.localStation())
        let before = try await Fingerprint(relay)
        var requests = [(WireEndpoint, [UInt8])]()
        for value in Self.extremes {
            requests.append(
                (
                    .hello,
                    Self.frame(.hello) {
                        $0.writeStation(local.id)
                        $0.writeString("SZ01")
                        $0.writeVarint(value)
                        $0.writeString("fuzz")
                    }
                ))
            requests.append(
                (
                    .pull,
                    Self.frame(.pull) {
                        $0.writeVarint(value)
                        $0.writeVarint(0)
                        $0.writeVarint(0)
                    }
                ))
            requests.append(
                (
                    .pull,
                    Self.frame(.pull) {
                        $0.writeVarint(0)
                        $0.writeVarint(value)
                        $0.writeVarint(0)
                    }
                ))
            requests.append(
                (
                    .pull,
                    Self.frame(.pull) {
                        $0.writeVarint(0)
                        $0.writeVarint(0)
                        $0.writeVarint(value)
                    }
                ))
            requests.append(
                (
                    .snapshot,
                    Self.frame(.snapshotRequest) {
                        $0.writeVarint(value)
                        $0.writeVarint(0)
                    }
                ))
            requests.append(
                (
                    .snapshot,
                    Self.frame(.snapshotRequest) {
                        $0.writeVarint(0)
                        $0.writeVarint(value)
                    }
                ))
            requests.append(
                (
                    .push,
                    Self.frame(.push) {
                        $0.writeStation(local.id)
                        $0.writeVarint(value)
                        $0.writeBlob(ChangeBatch.encode([]))
                    }
                ))
            // A change whose sequence, row, clock and pred take the value.
            let sequence = max(1, value)
            let changes = [
                Change(
                    id: ChangeID(station: local.id, sequence: sequence), table: "customers", row: RowID(station: local.id, sequence: sequence),
                    operation: .create([Field("name", .text("x"))]), version: Version(clock: Timestamp(rawValue: value), station: local.id),
                    pred: [], author: "fuzz", schema: 1),
                Change(
                    id: ChangeID(station: local.id, sequence: 100), table: "customers", row: RowID(station: local.id, sequence: value),
                    operation: .set(column: "note", value: .integer(Int64(bitPattern: value))),
                    version: Version(clock: Timestamp(rawValue: value), station: local.id),
                    pred: [Version(clock: Timestamp(rawValue: value), station: local.id)], author: "fuzz", schema: 1),
            ]
            for change in changes {
                requests.append(
                    (
                        .push,
                        Self.frame(.push) {
                            $0.writeStation(local.id)
                            $0.writeVarint(1)
                            $0.writeBlob(ChangeBatch.encode([change]))
                        }
                    ))
            }
            for (schema, vectorSequence, rowSequence) in [(value, 1, 1), (1, value, 1), (1, 1, value)] {
                requests.append(
                    (
                        .verify,
                        Self.frame(.verifyRequest) { out in
                            out.writeVarint(schema)
                            out.writeVarint(1)
                            out.writeStation(local.id)
                            out.writeVarint(vectorSequence)
                            out.writeByte(1)
                            out.writeString("customers")
                            out.writeByte(1)
                            out.writeStation(local.id)
                            out.writeVarint(rowSequence)
                            out.writeByte(1)
                            out.writeStation(StationID(high: .max, low: .max))
                            out.writeVarint(rowSequence)
                        }
                    ))
            }
        }
        for (endpoint, body) in requests {
            let status = await Self.send(relay, endpoint, token: sz.token, body)
            if endpoint == .push { #expect(status != 200 || body.count < 60, "a push with extreme values is refused") }
        }
        #expect(try await Fingerprint(relay) == before)
        // And the relay still serves: a real sync goes through.
        try sz.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("韩梅梅"))]) }
        #expect(try await sz.sync().pushed == 1)
    }

    @Test func everyEndpointRefusesTheUnauthorisedAndTheMalformedAndChangesNothing() async throws {
        let (relay, sz, gz) = try await Self.relayWithData()
        let revoked = try await relay.station("BJ03", seed: 3)
        try await revoked.sync()
        try await relay.log.revoke(code: "BJ03")
        let before = try await Fingerprint(relay)
        let local = try #require(try sz.store.localStation())
        let bomb = try HostileRequestTests.vector("decompression-bomb")
        let replayed = try sz.store.loggedChanges().filter { $0.id.station == local.id }
        let gzChanges = try gz.store.loggedChanges().filter { $0.id.station == (try gz.store.localStation())?.id }
        // A hello whose station id is 15 bytes: one byte short, so every later field shifts.
        let shortID = Self.frame(.hello) {
            $0.writeBytes(local.id.bytes.dropLast())
            $0.writeString("SZ01")
            $0.writeVarint(1)
            $0.writeString("fuzz")
        }
        let badUTF8 = Self.frame(.hello) {
            $0.writeStation(local.id)
            $0.writeVarint(2)
            $0.writeBytes([0xC3, 0x28])
            $0.writeVarint(1)
            $0.writeString("fuzz")
        }
        let absurdVarint = Self.frame(.pull) { $0.writeBytes([UInt8](repeating: 0xFF, count: 11)) }
        var wrongVersion = WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 0, maxBytes: 0)))
        wrongVersion[4] = 3
        let valid: [WireEndpoint: [UInt8]] = [
            .hello: WireCodec.encode(.hello(Hello(station: local.id, code: "SZ01", schema: 1, software: "fuzz"))),
            .push: WireCodec.encode(.push(Push(station: local.id, schema: 1, changes: []))),
            .pull: WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 0, maxBytes: 0))),
            .snapshot: WireCodec.encode(.snapshotRequest(SnapshotRequest(position: 0, chunk: 0))),
            .verify: WireCodec.encode(.verifyRequest(VerifyRequest(schema: 1, vector: try sz.store.appliedVector()))),
            .state: WireCodec.encode(.stateRequest(StateRequest(position: 0, after: 0))),
        ]
        // A token one byte off the real one (never the real one, whatever its first byte).
        let forged = (sz.token.hasPrefix("00") ? "11" : "00") + sz.token.dropFirst(2)
        for endpoint in WireEndpoint.allCases {
            let body = try #require(valid[endpoint])
            #expect(await Self.send(relay, endpoint, token: nil, body) == 401)
            #expect(await Self.send(relay, endpoint, token: forged, body) == 401)
            #expect(await Self.send(relay, endpoint, token: revoked.token, body) == 401)
            #expect(await Self.send(relay, endpoint, token: nil, bomb) == 401, "no token: the bomb is never inflated")
            #expect(await Self.send(relay, endpoint, token: sz.token, bomb) == 400)
            #expect(await Self.send(relay, endpoint, token: sz.token, wrongVersion) == 426)
            #expect(await Self.send(relay, endpoint, token: sz.token, Array("{\"cursor\": 0}".utf8)) == 400)
            #expect(await Self.send(relay, endpoint, token: sz.token, absurdVarint) == 400)
            #expect(await Self.send(relay, endpoint, token: sz.token, badUTF8) == 400)
            #expect(await Self.send(relay, endpoint, token: sz.token, shortID) == 400)
            #expect(await Self.send(relay, endpoint, token: sz.token, body + [0]) == 400, "a byte after the frame")
            #expect(await Self.send(relay, endpoint, token: sz.token, Array(body.dropLast())) == 400, "a body cut short")
        }
        // Another station's changes, and a push naming another station.
        #expect(
            await Self.send(relay, .push, token: sz.token, WireCodec.encode(.push(Push(station: local.id, schema: 1, changes: gzChanges)))) == 403)
        // Replayed batches are acknowledged as duplicates and append nothing.
        #expect(await Self.send(relay, .push, token: sz.token, WireCodec.encode(.push(Push(station: local.id, schema: 1, changes: replayed)))) == 200)
        // An oversized body, refused from its header.
        var oversize = WireCodec.header(flags: 0, kind: MessageKind.push.rawValue, inflatedSize: 17 << 20, body: [])
        oversize[11..<15] = [0x01, 0x10, 0x00, 0x00]
        #expect(await Self.send(relay, .push, token: sz.token, oversize) == 413)
        #expect(try await Fingerprint(relay) == before)
    }
}
