import Foundation
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// Three stations edit offline and sync in random orders through a live relay; all of them and the
/// relay's merged replica end byte-identical with the same open conflicts, and a fourth station
/// bootstrapping from a snapshot matches them.
@Suite struct EndToEndTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func stationsAndRelayConverge(seed: UInt64) async throws {
        var configuration = RelayConfiguration()
        configuration.snapshotChunkChanges = 7
        let relay = try await RelayHarness("converge\(seed)", configuration: configuration)
        var stations = [SyncedStation]()
        for (index, code) in ["SZ01", "GZ02", "HZ03"].enumerated() {
            stations.append(try await relay.station(code, seed: seed * 10 + UInt64(index)))
        }
        var random = SplitMix64(seed: seed)
        for round in 0..<6 {
            for station in stations {
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    try edit(station, round: round, &random)
                }
            }
            for station in stations.shuffled(using: &random) where Bool.random(using: &random) {
                try await station.sync()
            }
        }
        for _ in 0..<2 { for station in stations { try await station.sync() } }

        let expected = try stations[0].dump()
        let conflicts = try stations[0].store.openConflicts().map(\.id)
        for station in stations.dropFirst() {
            #expect(try station.dump() == expected, "\(station.code) differs from \(stations[0].code)")
            #expect(try station.store.openConflicts().map(\.id) == conflicts)
        }
        let replica = await relay.replica()
        #expect(try dumpTables(replica) == expected)
        #expect(try replica.openConflicts().map(\.id) == conflicts)

        // A new station bootstraps from the snapshot (in chunks of 7 changes) and matches.
        let fourth = try await relay.station("WH04", seed: seed * 10 + 9)
        let summary = try await fourth.sync()
        #expect(summary.bootstrapped > 0)
        for station in stations { try await station.sync() }
        try await fourth.sync()
        #expect(try fourth.dump() == stations[0].dump())
        #expect(try fourth.store.openConflicts().map(\.id) == stations[0].store.openConflicts().map(\.id))
    }

    @Test func anInterruptedBootstrapResumesAtTheSamePosition() async throws {
        var configuration = RelayConfiguration()
        configuration.snapshotChunkChanges = 3
        let relay = try await RelayHarness(configuration: configuration)
        let sz = try await relay.station("SZ01", seed: 1)
        try sz.store.write(as: "王芳") { write in
            for index in 0..<10 { try write.create("customers", [Field("name", .text("客户 \(index)"))]) }
        }
        try await sz.sync()

        // A new station downloads the first chunk of a snapshot, then its connection drops.
        let late = try await relay.station("WH04", seed: 4)
        let reply = try await relay.post(
            .snapshot, token: late.token, body: WireCodec.encode(.snapshotRequest(SnapshotRequest(position: 0, chunk: 0))))
        guard case .snapshotChunk(let first) = reply.reply else {
            Issue.record("expected a snapshot chunk")
            return
        }
        #expect(!first.isLast && first.changes.count == 3)
        try late.store.apply(first.changes, settings: [SyncSettings.snapshotPosition: String(first.position), SyncSettings.snapshotChunk: "1"])

        // Meanwhile the log grows past the snapshot's position.
        try sz.store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("后来的客户"))]) }
        try await sz.sync()

        // The next sync resumes the same snapshot at chunk 1, then pulls what came after it.
        let summary = try await late.sync()
        #expect(summary.bootstrapped == Int(first.position) - 3)
        #expect(summary.pulled == 1)
        try await sz.sync()
        #expect(try late.dump() == sz.dump())
    }

    /// One random offline edit: customers, cases, every policy's columns, notes.
    private func edit(_ station: SyncedStation, round: Int, _ random: inout SplitMix64) throws {
        let customers = try station.store.rows(of: "customers").map { $0[0].text! }
        let cases = try station.store.rows(of: "cases").map { $0[0].text! }
        let choice = Int.random(in: 0..<6, using: &random)
        var random2 = SplitMix64(seed: random.next())
        try station.store.write(as: "staff-\(station.code)") { write in
            func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random2)] }
            switch choice {
            case 0 where customers.isEmpty || round == 0:
                try write.create(
                    "customers", [Field("name", .text(pick(["李雷", "韩梅梅", "Acme"]))), Field("phones", .text(pick(["13800138000", "13900001111"])))])
            case 1 where !customers.isEmpty:
                try write.create(
                    "cases",
                    [
                        Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(pick(customers))),
                        Field("kind", .text("complaint")), Field("channel", .text("phone")), Field("severity", .text("normal")),
                        Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text(pick(["物流延误", "退款慢"]))),
                    ])
            case 2 where !cases.isEmpty:
                try write.set("cases", write.rowID(pick(cases))!, "severity", .text(pick(CaseVocabulary.severities)))
            case 3 where !cases.isEmpty:
                try write.set("cases", write.rowID(pick(cases))!, "status", .text(pick(CaseVocabulary.statuses)))
            case 4 where !cases.isEmpty:
                try write.create(
                    "case_events", [Field("case_id", .text(pick(cases))), Field("kind", .text("note")), Field("body", .text("跟进 \(round)"))])
            case 5 where !customers.isEmpty:
                try write.add("customers", write.rowID(pick(customers))!, "phones", pick(["020 8888 6666", "13700000000"]))
            default:
                try write.set("stations", write.rowID("\(station.code).1")!, "name", .text("round \(round)"))
            }
        }
    }
}
