import Foundation
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Synchronization
import Testing

/// A fleet during an upgrade (`Protocol/README.md` §5): a station of the previous release
/// (protocol version 1) and one of this release (version 2) sync through one relay, editing the
/// same rows; and a station of this release syncs through a relay of the previous one.
@Suite struct MixedVersionTests {
    @Test(arguments: RelayStoreKind.allCases)
    func stationsOfBothVersionsConvergeThroughOneRelay(_ store: RelayStoreKind) async throws {
        guard let relay = try await RelayHarness(store: store) else { return }
        let old = try await relay.station("SZ01", seed: 1)
        let new = try await relay.station("GZ02", seed: 2)
        let oldWire = RecordingTransport(relayURL: relay.url)
        let newWire = RecordingTransport(relayURL: relay.url)
        var oldClient = SyncClient(store: old.store, transport: oldWire, relayURL: relay.url, token: old.token)
        oldClient.newestVersion = 1
        let newClient = SyncClient(store: new.store, transport: newWire, relayURL: relay.url, token: new.token)

        // SZ01 opens a customer and a case; both stations get them.
        try old.store.write(as: "li") { try $0.create("customers", [Field("name", .text("王芳")), Field("phones", .text("+8613800138000"))]) }
        let customer = try #require(try old.store.rows(of: "customers").first?[0].text)
        try old.store.write(as: "li") { write in
            try write.create(
                "cases",
                [
                    Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(customer)),
                    Field("kind", .text("complaint")), Field("channel", .text("phone")), Field("severity", .text("normal")),
                    Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text("屏幕不亮")),
                ])
        }
        _ = try await oldClient.sync()
        _ = try await newClient.sync()
        let caseRow = try #require(try new.store.rows(of: "cases").first?[0].text)

        // Both edit the same case and customer offline, each field several times, so each push
        // carries preds inside and outside its batch; then they sync in turns.
        for round in 0..<3 {
            for (station, code) in [(old, "SZ01"), (new, "GZ02")] {
                try station.store.write(as: "staff-\(code)") { write in
                    let row = try #require(try write.rowID(caseRow))
                    try write.set("cases", row, "title", .text("\(code) 第\(round)次改标题"))
                    try write.set("cases", row, "status", .text(round == 2 ? "closed" : "in-progress"))
                    try write.set("cases", row, "title", .text("\(code) 第\(round)次改标题（再改）"))
                    let customerRow = try #require(try write.rowID(customer))
                    try write.add("customers", customerRow, "phones", "+86139\(code.suffix(2))00\(round)1111")
                    try write.create(
                        "case_events", [Field("case_id", .text(caseRow)), Field("kind", .text("note")), Field("body", .text("\(code) 跟进 \(round)"))])
                }
            }
            _ = try await newClient.sync()
            _ = try await oldClient.sync()
        }
        for _ in 0..<2 {
            _ = try await oldClient.sync()
            _ = try await newClient.sync()
        }

        // The same tables, merge state and open conflicts everywhere, as `outpost verify` compares them.
        #expect(try old.dump() == new.dump())
        #expect(try old.store.stateDigest().fingerprint == new.store.stateDigest().fingerprint)
        let conflicts = try old.store.openConflicts().map(\.id)
        #expect(!conflicts.isEmpty, "both retitled the case concurrently: a conflict a user would see")
        #expect(try new.store.openConflicts().map(\.id) == conflicts)
        let replica = await relay.replica()
        #expect(try dumpTables(replica) == old.dump())
        #expect(try replica.stateDigest().fingerprint == old.store.stateDigest().fingerprint)

        // Each spoke its own version, and the relay answered each in it.
        #expect(oldWire.versions.allSatisfy { $0 == (request: 1, reply: 1) } && !oldWire.versions.isEmpty)
        #expect(newWire.versions.allSatisfy { $0 == (request: 2, reply: 2) } && !newWire.versions.isEmpty)
    }

    @Test func aStationFallsBackToVersion1WithARelayOfThePreviousRelease() async throws {
        var configuration = RelayConfiguration()
        configuration.newestVersion = 1
        let relay = try await RelayHarness(configuration: configuration)
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        let wire = RecordingTransport(relayURL: relay.url)
        let client = SyncClient(store: sz.store, transport: wire, relayURL: relay.url, token: sz.token)
        try sz.store.write(as: "li") { try $0.create("customers", [Field("name", .text("韩梅梅"))]) }

        let summary = try await client.sync()
        #expect(summary.pushed > 0)
        // The first request (hello) was refused in version 2 and sent again in 1; the client
        // then kept to version 1.
        let versions = wire.versions
        #expect(versions.first.map { $0 == (request: 2, reply: 1) } == true)
        #expect(versions.dropFirst().allSatisfy { $0 == (request: 1, reply: 1) } && versions.count > 2)
        _ = try await client.sync()
        #expect(wire.versions.dropFirst(versions.count).allSatisfy { $0.request == 1 })

        // What it pushed reaches a station of the previous release intact.
        var older = try gz.client
        older.newestVersion = 1
        _ = try await older.sync()
        #expect(try gz.store.rows(of: "customers").contains { $0.contains(.text("韩梅梅")) })
        #expect(try sz.store.syncState().pushedSequence == sz.store.syncState().localSequence)
    }
}

/// HTTP to the relay, noting the protocol version of each request frame and of its answer.
private final class RecordingTransport: SyncTransport {
    private let http: HTTPTransport
    private let seen = Mutex<[(request: UInt8, reply: UInt8)]>([])

    init(relayURL: String) { http = HTTPTransport(relayURL: relayURL) }

    var versions: [(request: UInt8, reply: UInt8)] { seen.withLock { $0 } }

    func post(_ endpoint: WireEndpoint, body: [UInt8], token: String) async throws -> (status: UInt, body: [UInt8]) {
        let answer = try await http.post(endpoint, body: body, token: token)
        seen.withLock { $0.append((request: body[4], reply: answer.body.count > 4 ? answer.body[4] : 0)) }
        return answer
    }
}
