import Foundation
import OutpostRelayStore
import OutpostStore
import OutpostTestSupport
import Testing

/// What only the SQLite log has: a file on the relay's disk.
@Suite struct SQLiteRelayLogTests {
    /// GRDB opens WAL databases with `synchronous = NORMAL`, which a power cut can roll back: a
    /// push acknowledged to a station must survive one.
    @Test func aPushWaitsForTheDiskSoAPowerCutKeepsIt() throws {
        let relayLog = try SQLiteRelayLog(path: try temporaryDirectory().appendingPathComponent("relay.db").path)
        #expect(try relayLog.durability() == .powerCut)
    }

    /// An older build would misread a log a newer one wrote, and could write it back.
    @Test func aLogFromANewerOutpostIsRefusedUntouched() throws {
        let relayLog = try temporaryDirectory().appendingPathComponent("relay.db").path
        _ = try SQLiteRelayLog(path: relayLog)
        try RawSQLite.execute(relayLog, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect { try SQLiteRelayLog(path: relayLog) } throws: { ($0 as? StoreError)?.code == .newerDatabase }
    }
}
