import Foundation
import GRDB

extension SQLiteRelayLog: RelaySupervisors {
    package func addSupervisor(name: String, tokenHash: [UInt8], now: UInt64) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM relay_supervisors WHERE name = ?", arguments: [name]) == true {
                throw RelayLogError.supervisorExists(name)
            }
            try db.execute(
                sql: "INSERT INTO relay_supervisors (name, token_hash, added) VALUES (?, ?, ?)",
                arguments: [name, Data(tokenHash), Int64(clamping: now)])
        }
    }

    package func revokeSupervisor(name: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE relay_supervisors SET revoked = 1 WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw RelayLogError.unknownSupervisor(name) }
        }
    }

    package func supervisors() async throws -> [RelaySupervisor] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM relay_supervisors ORDER BY name").map(Self.supervisor) }
    }

    package func supervisor(tokenHash: [UInt8]) async throws -> RelaySupervisor? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM relay_supervisors WHERE token_hash = ?", arguments: [Data(tokenHash)]).map(Self.supervisor)
        }
    }

    package func recordSupervisorSeen(name: String, now: UInt64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE relay_supervisors SET last_seen = ? WHERE name = ? AND (last_seen IS NULL OR last_seen < ? - 60000)",
                arguments: [Int64(clamping: now), name, Int64(clamping: now)])
        }
    }

    static func supervisor(_ row: Row) -> RelaySupervisor {
        RelaySupervisor(
            name: row["name"], revoked: row["revoked"], added: UInt64(row["added"] as Int64),
            lastSeen: (row["last_seen"] as Int64?).map { UInt64($0) })
    }
}
