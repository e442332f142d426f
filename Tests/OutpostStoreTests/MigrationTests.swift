import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

/// A replica written by an earlier build opens in this one with nothing lost, and still agrees
/// with its peers.
@Suite struct MigrationTests {
    /// `outpost demo --keep` run by the build before the log was keyed by station (migration
    /// `v3-log-by-station`), then one note added at SZ01 and not synced: SZ01 has issued 10
    /// changes, the relay holds 8; GZ02 has issued 13 and holds SZ01's first 8.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/log-before-v3")

    private func open(_ name: String, in directory: URL) throws -> StationStore {
        let path = directory.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(name).path, toPath: path)
        return try StationStore(path: path)
    }

    @Test func aReplicaOfTheEarlierLogLayoutKeepsHistoryProgressAndOutbox() throws {
        let directory = try temporaryDirectory()
        let sz = try open("sz.db", in: directory)
        let gz = try open("gz.db", in: directory)

        let state = try sz.syncState()
        #expect(state.localSequence == 10 && state.pushedSequence == 8)
        #expect(try sz.unsentChanges().map(\.id.sequence) == [9, 10])
        #expect(try gz.syncState().localSequence == 13)
        #expect(try sz.loggedChanges().count == 23 && gz.loggedChanges().count == 21)

        // Every logged change is found again from its row's bookkeeping, the creation first.
        for store in [sz, gz] {
            var found = [ChangeID]()
            for table in try store.stateDigest().tables {
                for row in table.rows {
                    let history = try store.history(of: row.row, in: table.table)
                    #expect(history.first?.isCreation == true, "\(table.table) \(row.row)")
                    found += history.map(\.id)
                }
            }
            #expect(found.sorted() == (try store.loggedChanges()).map(\.id).sorted())
        }

        // Changes GZ02 holds already are recognised as such, and a forged one is refused.
        let pushed = try sz.loggedChanges().filter { $0.id.station == (try sz.localStation())!.id && $0.id.sequence <= 8 }
        #expect(try gz.apply(pushed).duplicates == 8)
        var forged = try #require(pushed.last)
        forged.author = "someone else"
        #expect { try gz.apply([forged]) } throws: { ($0 as? StoreError)?.code == .changeIDReused }

        // The outbox reaches GZ02 and the replicas agree, open conflict included.
        try gz.apply(try sz.unsentChanges())
        #expect(try sz.stateDigest().fingerprint == gz.stateDigest().fingerprint)
        #expect(try sz.openConflicts().map(\.id) == gz.openConflicts().map(\.id))
        #expect(try sz.openConflicts().count == 1)

        // Numbering goes on where it stopped, and the new edit is in the outbox.
        let caseRow = try #require(try sz.stateDigest().rows(of: "cases").first?.row)
        try sz.write(as: "li.wei") { try $0.set("cases", caseRow, "assignee", .text("wang.fang")) }
        try sz.markPushed(through: 10)
        let next = try sz.unsentChanges()
        #expect(next.map(\.id.sequence) == [11])
        try gz.apply(next)
        #expect(try sz.stateDigest().fingerprint == gz.stateDigest().fingerprint)
    }

    /// An older build would misread bookkeeping a newer one wrote, and could write it back.
    @Test func aDatabaseFromANewerOutpostIsRefusedUntouched() throws {
        let directory = try temporaryDirectory()
        let station = try TestStation("SZ01", in: directory, seed: 1)
        try station.store.write(as: "a") { _ = try $0.create("customers", [Field("name", .text("A"))]) }
        let path = directory.appendingPathComponent("SZ01.db").path
        try RawSQLite.execute(path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect { try StationStore(path: path) } throws: { ($0 as? StoreError)?.code == .newerDatabase }
        #expect(try station.store.unsentChanges().count == 2)
    }
}
