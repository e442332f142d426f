import Foundation
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Testing

/// `outpost-relay migrate`: a relay's SQLite log moves into PostgreSQL and its stations sync on
/// with the same tokens and cursors.
@Suite struct RelayMigrationTests {
    @Test func aSQLiteLogMovesIntoPostgreSQLAndStationsSyncOn() async throws {
        guard let location = try await TestPostgres.freshDatabase(for: #function) else { return }
        let before = try await RelayHarness()
        let sz = try await before.station("SZ01", seed: 1)
        let gz = try await before.station("GZ02", seed: 2)
        let bj = try await before.station("BJ03", seed: 3)
        for (index, station) in [sz, gz].enumerated() {
            try station.store.write(as: "a") { try $0.create("customers", [Field("name", .text("客户\(index)"))]) }
            try await station.sync()
        }
        try await sz.sync()
        try await before.log.revoke(code: "BJ03")
        let supervisorToken = StationToken.generate()
        try await before.log.addSupervisor(name: "李娜", tokenHash: StationToken.hash(supervisorToken), now: before.clock.now())
        try await before.log.addSupervisor(name: "王强", tokenHash: StationToken.hash(StationToken.generate()), now: before.clock.now())
        try await before.log.revokeSupervisor(name: "王强")
        let supervisors = try await before.log.supervisors()
        let identity = try await before.log.identity()
        let stations = try await before.log.stations()
        let head = try await before.log.head()
        before.local.stop()

        let source = try SQLiteRelayLog(path: before.directory.appendingPathComponent("relay.db").path)
        let target = try await PostgresRelayLog(location)
        let moved = try await target.importLog(from: source)
        #expect(moved.stations == 3 && moved.head == head)
        #expect(try await target.identity() == identity)
        #expect(try await target.stations() == stations)
        #expect(try await target.head() == head)
        #expect(try await target.supervisors() == supervisors, "supervisors keep their tokens, the revoked stays revoked")
        #expect(try await target.supervisor(tokenHash: StationToken.hash(supervisorToken))?.name == "李娜")
        // Moving twice into the same database is refused and changes nothing.
        await #expect { try await target.importLog(from: source) } throws: { ($0 as? RelayLogError)?.code == .duplicateCode }
        #expect(try await target.stations() == stations)

        // A relay on PostgreSQL: the same tokens work, cursors carry on, the revoked stays revoked.
        let after = try await LocalRelay(directory: try temporaryDirectory(), log: target, wallClock: before.clock.reading)
        defer { after.stop() }
        for station in [sz, gz, bj] { try station.store.setSetting(SyncSettings.relayURL, after.url) }
        try gz.store.write(as: "b") { try $0.create("customers", [Field("name", .text("迁移后"))]) }
        let pushed = try await gz.sync()
        #expect(pushed.pushed == 1 && pushed.pulled == 0 && pushed.bootstrapped == 0, "GZ02 carries on from where its cursor stood")
        let pulled = try await sz.sync()
        #expect(pulled.pulled == 1 && pulled.bootstrapped == 0)
        #expect(try sz.dump() == gz.dump())
        #expect(try dumpTables(await after.replica()) == sz.dump())
        await #expect { try await bj.sync() } throws: { ($0 as? SyncError)?.relayCode == "revoked" }
    }
}
