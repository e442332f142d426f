import Foundation
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Testing

/// A station database copied to a second machine: both copies make changes under the same ids.
/// Whichever syncs second is refused before it pulls, keeps every change, and after `reenrol`
/// both copies' changes reach every replica.
@Suite struct CopiedDatabaseTests {
    @Test(arguments: [true, false])
    func aCopyIsRefusedKeepsItsChangesAndReenrolsWithNothingLost(copySyncsFirst: Bool) async throws {
        let relay = try await RelayHarness()
        let original = try await relay.station("SZ01", seed: 1)
        let customer = try original.store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("李雷")), Field("note", .text("first"))]) }
        try await original.sync()

        // The file is copied while the station is in use: a consistent copy, WAL included.
        let copyPath = relay.directory.appendingPathComponent("SZ01-copy.db").path
        _ = try RawSQLite.execute(relay.directory.appendingPathComponent("SZ01.db").path, "VACUUM INTO '\(copyPath)'")
        let copy = SyncedStation(code: "SZ01", store: try StationStore(path: copyPath, wallClock: relay.clock.reading), token: original.token)

        // Three changes on each: the note, a new customer, a case for it with a case number.
        for (station, word) in [(original, "orig"), (copy, "copy")] {
            relay.clock.advance(by: 1_000)
            try station.store.write(as: word) { write in
                try write.set("customers", customer, "note", .text(word))
                let added = try write.create("customers", [Field("name", .text("客户 \(word)"))])
                try write.create(
                    "cases",
                    [
                        Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(try #require(write.text(of: added)))),
                        Field("kind", .text("complaint")), Field("channel", .text("phone")), Field("severity", .text("normal")),
                        Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text("case of \(word)")),
                    ])
            }
        }
        let (first, second) = copySyncsFirst ? (copy, original) : (original, copy)
        #expect(try await first.sync().pushed == 3)
        let before = try second.dump()
        await #expect { try await second.sync() } throws: { error in
            guard let error = error as? SyncError, error.code == .restoredDatabase else { return false }
            return error.message.contains("outpost reenrol") && error.message.contains("its 3 unsent changes are kept")
        }
        #expect(try second.dump() == before, "nothing was pulled")
        #expect(try second.store.syncState().unsent == 3)

        // The operator enrols SZ01B; the second copy takes it and syncs; then everyone syncs.
        let token = try await relay.local.enrol(code: "SZ01B", name: "Station SZ01B")
        var generator = SplitMix64(seed: 9)
        let done = try second.store.reenrol(code: "SZ01B", token: token, using: &generator)
        #expect(done.reissued == 3)
        #expect(done.renumbered.count == 1 && done.renumbered.values.allSatisfy { $0.hasPrefix("SZ01B-") })
        let reenrolled = SyncedStation(code: "SZ01B", store: second.store, token: token)
        try await reenrolled.sync()
        try await first.sync()
        try await reenrolled.sync()

        for station in [first, reenrolled] {
            #expect(try station.store.rows(of: "customers").count == 3, "李雷 and both copies' new customers")
            #expect(try station.store.rows(of: "cases").count == 2, "both copies' cases")
            // Both notes survive: one shown, the other kept as an open conflict.
            let conflict = try #require(try station.store.openConflicts().first { $0.column == "note" })
            #expect(Set(conflict.heads.compactMap { $0.payload.text }) == ["orig", "copy"])
        }
        #expect(try first.dump() == reenrolled.dump())
        #expect(try dumpTables(await relay.replica()) == first.dump())
        #expect(try reenrolled.store.syncState().unsent == 0)
    }

    /// A backup restored after the original pushed what the backup still counted unsent: those
    /// changes are the relay's already, byte for byte, so they are confirmed, not issued again
    /// under the new code (which would make every case and note they created twice).
    @Test func aRestoredBackupConfirmsWhatTheRelayHasAndReissuesNothingTwice() async throws {
        let relay = try await RelayHarness()
        let original = try await relay.station("SZ01", seed: 1)
        try original.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("甲"))]) }
        try await original.sync()
        try original.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("乙"))]) }
        // The backup: the second customer is still unsent in it.
        let backupPath = relay.directory.appendingPathComponent("SZ01-backup.db").path
        _ = try RawSQLite.execute(relay.directory.appendingPathComponent("SZ01.db").path, "VACUUM INTO '\(backupPath)'")
        relay.clock.advance(by: 1_000)
        try await original.sync()
        try original.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("丙"))]) }
        try await original.sync()

        let restored = SyncedStation(code: "SZ01", store: try StationStore(path: backupPath, wallClock: relay.clock.reading), token: original.token)
        await #expect { try await restored.sync() } throws: { ($0 as? SyncError)?.code == .restoredDatabase }
        #expect(try restored.store.syncState().unsent == 0, "the relay confirmed the change it already had")
        let token = try await relay.local.enrol(code: "SZ01B", name: "Station SZ01B")
        var generator = SplitMix64(seed: 4)
        #expect(try restored.store.reenrol(code: "SZ01B", token: token, using: &generator).reissued == 0)
        let reenrolled = SyncedStation(code: "SZ01B", store: restored.store, token: token)
        try await reenrolled.sync()
        try await original.sync()
        #expect(try reenrolled.store.rows(of: "customers").count == 3, "甲, 乙 and 丙, each once")
        #expect(try reenrolled.dump() == original.dump())
    }

    /// Copied before its first sync: nothing was ever acknowledged, so the old identity's own
    /// `stations` row is among the unsent changes. It is the other copy's too and is not issued
    /// again: the new station keeps its new code, and every station goes on syncing.
    @Test func aCopyMadeBeforeTheFirstSyncReenrolsUnderItsNewCode() async throws {
        let relay = try await RelayHarness()
        let original = try await relay.station("SZ01", seed: 1)
        let copyPath = relay.directory.appendingPathComponent("SZ01-copy.db").path
        _ = try RawSQLite.execute(relay.directory.appendingPathComponent("SZ01.db").path, "VACUUM INTO '\(copyPath)'")
        let copy = SyncedStation(code: "SZ01", store: try StationStore(path: copyPath, wallClock: relay.clock.reading), token: original.token)
        try original.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("原"))]) }
        relay.clock.advance(by: 1_000)
        try copy.store.write(as: "王芳") { _ = try $0.create("customers", [Field("name", .text("副"))]) }
        try await original.sync()
        await #expect { try await copy.sync() } throws: { ($0 as? SyncError)?.code == .restoredDatabase }
        let token = try await relay.local.enrol(code: "SZ01B", name: "Station SZ01B")
        var generator = SplitMix64(seed: 5)
        _ = try copy.store.reenrol(code: "SZ01B", token: token, using: &generator)
        let reenrolled = SyncedStation(code: "SZ01B", store: copy.store, token: token)
        try await reenrolled.sync()
        try await original.sync()
        let gz = try await relay.station("GZ02", seed: 2)
        try await gz.sync()
        try await reenrolled.sync()
        try await original.sync()
        #expect(try reenrolled.store.localStation()?.code == "SZ01B")
        let names = Set(try gz.store.rows(of: "customers").map { $0[1].description })
        #expect(names == ["原", "副"])
        #expect(try gz.dump() == reenrolled.dump())
        #expect(try gz.dump() == original.dump())
    }
}
