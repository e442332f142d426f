import Foundation
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// The heads-only bootstrap through a live relay (`docs/ARCHITECTURE.md`, "Bootstrap"): a new
/// station downloads the merged replica's state, is usable at once, matches a station that
/// replayed the log snapshot, gets its history over the next syncs, and resumes an interrupted
/// download at the same position.
@Suite struct StateBootstrapSyncTests {
    /// Stations with conflicts and settlements; then one newcomer from the state, one from the
    /// log snapshot.
    static func world(_ relay: RelayHarness) async throws -> [SyncedStation] {
        let sz = try await relay.station("SZ01", seed: 1)
        let gz = try await relay.station("GZ02", seed: 2)
        try sz.store.write(as: "王芳") { write in
            let customer = try write.create("customers", [Field("name", .text("李雷")), Field("phones", .text("13800138000"))])
            for index in 0..<12 {
                try write.create(
                    "cases",
                    [
                        Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text("SZ01.\(customer.sequence)")),
                        Field("kind", .text("complaint")), Field("channel", .text("phone")), Field("severity", .text("normal")),
                        Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text("屏幕不亮 \(index)")),
                    ])
            }
        }
        try await sz.sync()
        try await gz.sync()
        // Concurrent titles on every case: open conflicts; SZ01 then settles half of them.
        for (station, title) in [(sz, "物流延误"), (gz, "退款慢")] {
            let cases = try station.store.rows(of: "cases").map { $0[0].text! }
            try station.store.write(as: "陈明") { write in
                for text in cases { try write.set("cases", write.rowID(text)!, "title", .text(title)) }
            }
        }
        try await sz.sync()
        try await gz.sync()
        try await sz.sync()
        let open = try sz.store.openConflicts()
        #expect(open.count == 12)
        try sz.store.write(as: "王芳") { write in
            for conflict in open.prefix(6) { try write.set(conflict.table, conflict.row, conflict.column, conflict.shown) }
        }
        try await sz.sync()
        try await gz.sync()
        return [sz, gz]
    }

    @Test func aStationFromTheStateMatchesOneFromTheLogAndStaysInStep() async throws {
        var configuration = RelayConfiguration()
        configuration.snapshotChunkChanges = 7
        configuration.stateChunkRows = 4
        let relay = try await RelayHarness("state", configuration: configuration)
        var stations = try await Self.world(relay)

        let fromState = try await relay.station("WH04", seed: 4)
        let summary = try await fromState.sync()
        #expect(summary.bootstrapped > 0)
        #expect(try fromState.store.setting(SyncSettings.statePosition) != nil)
        // The relay keeps its frozen copy under its position's name, with no half-made file or
        // write-ahead log of one left beside it.
        let files = try FileManager.default.contentsOfDirectory(atPath: relay.directory.path)
        #expect(files.contains { $0.hasPrefix("relay-replica.db.state-") }, "\(files)")
        #expect(!files.contains { $0.contains("state-new") || $0.hasSuffix(".partial") }, "\(files)")
        let fromLog = try await relay.station("HZ03", seed: 3)
        var logClient = try fromLog.client
        logClient.bootstrapsFromState = false
        _ = try await logClient.sync()
        #expect(try fromLog.store.setting(SyncSettings.statePosition) == nil)
        stations += [fromState, fromLog]

        // Usable at once: it settles a conflict it received only as heads, and edits.
        let open = try fromState.store.openConflicts()
        #expect(open.count == 6)
        try fromState.store.write(as: "李雷") { write in
            try write.set(open[0].table, open[0].row, open[0].column, open[0].shown)
            _ = try write.create("customers", [Field("name", .text("韩梅梅"))])
        }
        for _ in 0..<2 { for station in stations { try await station.sync() } }
        let expected = try stations[0].dump()
        let conflicts = try stations[0].store.openConflicts()
        let digest = try stations[0].store.stateDigest()
        for station in stations.dropFirst() {
            #expect(try station.dump() == expected, "\(station.code) differs from SZ01")
            #expect(try station.store.openConflicts() == conflicts, "\(station.code) shows other conflicts")
            let theirs = try station.store.stateDigest()
            #expect(theirs.vector == digest.vector && theirs.fingerprint == digest.fingerprint, "\(station.code)'s fingerprint differs")
        }
        #expect(try dumpTables(await relay.replica()) == expected)

        // Its history arrived over those syncs: explain's history is whole again.
        #expect(try !fromState.store.lacksHistory())
        #expect(try Set(fromState.store.loggedChanges().map(\.id)) == Set(fromLog.store.loggedChanges().map(\.id)))
        let row = open[0].row
        #expect(try fromState.store.history(of: row, in: open[0].table) == fromLog.store.history(of: row, in: open[0].table))
    }

    @Test func anInterruptedStateDownloadResumesAtTheSamePosition() async throws {
        var configuration = RelayConfiguration()
        configuration.stateChunkRows = 5
        let relay = try await RelayHarness("resume", configuration: configuration)
        let stations = try await Self.world(relay)
        let late = try await relay.station("WH04", seed: 4)

        // The first chunk arrives and is committed with its progress; then the connection drops.
        let reply = try await relay.post(.state, token: late.token, body: WireCodec.encode(.stateRequest(StateRequest(position: 0, after: 0))))
        guard case .stateChunk(let first) = reply.reply else {
            Issue.record("expected a state chunk, got \(reply.reply.kind)")
            return
        }
        #expect(!first.isLast && first.part.rows.count == 5)
        try late.store.applyState(
            first.part, settings: [SyncSettings.statePosition: String(first.position), SyncSettings.stateAfter: String(first.next)])

        // Meanwhile the log grows; the resumed download still gets the state at the first position.
        try stations[1].store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("后来的客户"))]) }
        try await stations[1].sync()
        let again = try await relay.post(
            .state, token: late.token, body: WireCodec.encode(.stateRequest(StateRequest(position: first.position, after: 0))))
        guard case .stateChunk(let same) = again.reply else {
            Issue.record("expected the same state chunk")
            return
        }
        #expect(same == first)
        try await late.sync()
        for station in stations { try await station.sync() }
        try await late.sync()
        #expect(try late.dump() == stations[0].dump())
        #expect(try late.store.openConflicts() == stations[0].store.openConflicts())

        // A position the relay does not keep is expired; a resume key past any handle is refused.
        let expired = try await relay.post(
            .state, token: late.token, body: WireCodec.encode(.stateRequest(StateRequest(position: 999_999, after: 1))))
        #expect(expired.status == 410)
        let bad = try await relay.post(.state, token: late.token, body: WireCodec.encode(.stateRequest(StateRequest(position: 0, after: 5))))
        #expect(bad.status == 400)
    }
}
