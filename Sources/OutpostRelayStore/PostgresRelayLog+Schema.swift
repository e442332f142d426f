import Foundation
import NIOCore
import OutpostCore
import PostgresNIO

extension PostgresRelayLog {
    /// The advisory lock every append holds until it commits: positions are handed out in
    /// commit order (`README.md` beside this file). 'OUTPOSTa' as a number.
    static let appendLock: Int64 = 0x4F55_5450_4F53_5461
    /// The advisory lock a relay holds while it creates or migrates the schema, so that two
    /// relays starting at once neither both create the tables nor see them half made. 'OUTPOSTm'.
    static let schemaLock: Int64 = 0x4F55_5450_4F53_546D

    /// The schema versions, in order: each is applied once, in the transaction that records it.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE relay_meta (
                singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                id_high bigint NOT NULL,       -- the relay's random identity, made with the log
                id_low bigint NOT NULL,
                head bigint NOT NULL DEFAULT 0, -- the last position
                max_clock bigint NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE relay_stations (
                code text PRIMARY KEY,
                name text,
                token_hash bytea NOT NULL UNIQUE, -- SHA-256 of the secret token; the token is never stored
                station bytea,                    -- the database incarnation bound on first contact
                revoked boolean NOT NULL DEFAULT false,
                enrolled bigint NOT NULL,
                last_seen bigint,
                pushed_sequence bigint NOT NULL DEFAULT 0,
                pushed_clock bigint NOT NULL DEFAULT 0,
                pushed_count bigint NOT NULL DEFAULT 0,
                cursor bigint NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE relay_batches (
                first_position bigint PRIMARY KEY,
                last_position bigint NOT NULL,
                station bytea NOT NULL,
                first_sequence bigint NOT NULL,
                last_sequence bigint NOT NULL,
                changes bytea NOT NULL)
            """,
            "CREATE INDEX relay_batches_by_last_position ON relay_batches (last_position)",
            "CREATE INDEX relay_batches_by_station ON relay_batches (station, first_sequence)",
        ],
        // The supervisors' board: who may sign in, and what each station last announced and was
        // last refused.
        [
            """
            CREATE TABLE relay_supervisors (
                name text PRIMARY KEY,
                token_hash bytea NOT NULL UNIQUE, -- SHA-256 of the secret token
                revoked boolean NOT NULL DEFAULT false,
                added bigint NOT NULL,
                last_seen bigint)
            """,
            "ALTER TABLE relay_stations ADD COLUMN last_error text, ADD COLUMN last_error_at bigint, ADD COLUMN schema integer, ADD COLUMN software text",
        ],
    ]

    /// Creates the tables or brings them to this build's version, under the schema lock; a log a
    /// newer build migrated is refused untouched.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.schemaLock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS outpost_relay_schema (version integer NOT NULL)", logger: logger)
            let rows = try await connection.query("SELECT version FROM outpost_relay_schema", logger: logger).collect()
            let version = Int(try rows.first?.decode(Int32.self) ?? 0)
            if rows.isEmpty { try await connection.query("INSERT INTO outpost_relay_schema VALUES (0)", logger: logger) }
            guard version <= Self.migrations.count else {
                throw RelayLogError(
                    .unavailable,
                    "the relay log at \(location) is schema version \(version), from a newer outpost-relay than this one (\(Self.migrations.count)): upgrade this relay",
                    chinese: "\(location) 上的中继日志为第 \(version) 版结构，来自更新的 outpost-relay（本程序为第 \(Self.migrations.count) 版）：请升级本中继")
            }
            for step in Self.migrations.dropFirst(version) {
                for statement in step { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            }
            if version == 0 {
                var generator = SystemRandomNumberGenerator()
                let identity = StationID.random(using: &generator)
                try await connection.query(
                    "INSERT INTO relay_meta (id_high, id_low) VALUES (\(Int64(bitPattern: identity.high)), \(Int64(bitPattern: identity.low)))",
                    logger: logger)
            }
            try await connection.query("UPDATE outpost_relay_schema SET version = \(Int32(Self.migrations.count))", logger: logger)
        }
    }
}
