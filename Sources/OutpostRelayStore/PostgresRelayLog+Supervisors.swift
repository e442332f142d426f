import NIOCore
import PostgresNIO

/// The board's supervisors and station notes in PostgreSQL, shared by every relay on the log as
/// the stations' tokens are: a supervisor revoked through one relay is refused by all at once.
extension PostgresRelayLog: RelaySupervisors {
    package func addSupervisor(name: String, tokenHash: [UInt8], now: UInt64) async throws {
        let inserted = try await run(
            """
            INSERT INTO relay_supervisors (name, token_hash, added) VALUES (\(name), \(ByteBuffer(bytes: tokenHash)), \(Int64(clamping: now)))
            ON CONFLICT DO NOTHING RETURNING name
            """)
        if inserted.isEmpty { throw RelayLogError.supervisorExists(name) }
    }

    package func revokeSupervisor(name: String) async throws {
        let revoked = try await run("UPDATE relay_supervisors SET revoked = true WHERE name = \(name) RETURNING name")
        if revoked.isEmpty { throw RelayLogError.unknownSupervisor(name) }
    }

    package func supervisors() async throws -> [RelaySupervisor] {
        try await run("SELECT name, revoked, added, last_seen FROM relay_supervisors ORDER BY name").map(Self.supervisor)
    }

    package func supervisor(tokenHash: [UInt8]) async throws -> RelaySupervisor? {
        try await run("SELECT name, revoked, added, last_seen FROM relay_supervisors WHERE token_hash = \(ByteBuffer(bytes: tokenHash))")
            .first.map(Self.supervisor)
    }

    package func recordSupervisorSeen(name: String, now: UInt64) async throws {
        let now = Int64(clamping: now)
        try await run("UPDATE relay_supervisors SET last_seen = \(now) WHERE name = \(name) AND (last_seen IS NULL OR last_seen < \(now) - 60000)")
    }

    package func recordHello(code: String, schema: Int, software: String) async throws {
        try await run(
            "UPDATE relay_stations SET schema = \(Int32(clamping: schema)), software = \(String(software.prefix(200))) WHERE code = \(code)")
    }

    /// Kept short, as in the SQLite log: a hostile station must not grow the table.
    package func recordRefusal(code: String, message: String, now: UInt64) async throws {
        try await run(
            "UPDATE relay_stations SET last_error = \(String(message.prefix(500))), last_error_at = \(Int64(clamping: now)) WHERE code = \(code)")
    }

    private static func supervisor(_ row: PostgresRow) throws -> RelaySupervisor {
        let (name, revoked, added, lastSeen) = try row.decode((String, Bool, Int64, Int64?).self)
        return RelaySupervisor(name: name, revoked: revoked, added: UInt64(clamping: added), lastSeen: lastSeen.map { UInt64(clamping: $0) })
    }
}
