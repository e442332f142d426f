import NIOCore
import OutpostCore
import PostgresNIO

extension PostgresRelayLog {
    /// What `importLog` moved.
    package struct Imported: Hashable, Sendable {
        package var stations: Int
        package var batches: Int
        package var head: UInt64
    }

    /// Moves a SQLite log into this one, which must be empty: the relay's identity, every station
    /// with its token hash, binding, sequences and cursor, and every batch at its positions, in
    /// one transaction under the append lock. Stations keep syncing with their tokens and
    /// cursors, as if the relay had never moved.
    package func importLog(from source: SQLiteRelayLog) async throws -> Imported {
        let contents = try await source.contents()
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.appendLock))", logger: logger)
            let existing = try await connection.query(
                "SELECT COALESCE((SELECT head FROM relay_meta), 0), (SELECT count(*) FROM relay_stations)", logger: logger
            ).collect()
            var (head, stations): (Int64, Int64) = (0, 0)
            if let row = existing.first { (head, stations) = try row.decode((Int64, Int64).self) }
            guard head == 0, stations == 0 else {
                throw RelayLogError(
                    .duplicateCode,
                    "the PostgreSQL log at \(location) already holds \(stations) station(s) and \(head) change(s): migrate into an empty database",
                    chinese: "\(location) 上的 PostgreSQL 日志已有 \(stations) 个站点和 \(head) 条变更：请迁移到空数据库")
            }
            try await connection.query(
                """
                UPDATE relay_meta SET id_high = \(Int64(bitPattern: contents.identity.high)), id_low = \(Int64(bitPattern: contents.identity.low)),
                head = \(Int64(contents.head)), max_clock = \(Int64(bitPattern: contents.maxClock))
                """, logger: logger)
            for enrolled in contents.stations {
                let station = enrolled.station
                try await connection.query(
                    """
                    INSERT INTO relay_stations (
                        code, name, token_hash, station, revoked, enrolled, last_seen, pushed_sequence, pushed_clock, pushed_count, cursor,
                        last_error, last_error_at, schema, software)
                    VALUES (\(station.code), \(station.name), \(ByteBuffer(bytes: enrolled.tokenHash)), \(station.station.map { ByteBuffer(bytes: $0.bytes) }),
                    \(station.revoked), \(Int64(clamping: enrolled.enrolled)), \(station.lastSeen.map { Int64(clamping: $0) }),
                    \(Int64(clamping: station.pushedSequence)), \(Int64(bitPattern: station.pushedClock)), \(Int64(clamping: station.pushedCount)),
                    \(Int64(clamping: station.cursor)), \(station.lastError), \(station.lastErrorAt.map { Int64(clamping: $0) }),
                    \(station.schema.map { Int32(clamping: $0) }), \(station.software))
                    """, logger: logger)
            }
            for (supervisor, tokenHash) in contents.supervisors {
                try await connection.query(
                    """
                    INSERT INTO relay_supervisors (name, token_hash, revoked, added, last_seen)
                    VALUES (\(supervisor.name), \(ByteBuffer(bytes: tokenHash)), \(supervisor.revoked), \(Int64(clamping: supervisor.added)),
                    \(supervisor.lastSeen.map { Int64(clamping: $0) }))
                    """, logger: logger)
            }
            var position: UInt64 = 0
            var batches = 0
            var reached: UInt64 = 0
            while true {
                let page = try await source.batches(after: position, limit: 1_000)
                guard let last = page.last else { break }
                for batch in page {
                    try await connection.query(
                        """
                        INSERT INTO relay_batches (first_position, last_position, station, first_sequence, last_sequence, changes)
                        VALUES (\(Int64(batch.first)), \(Int64(batch.last)), \(ByteBuffer(bytes: batch.station)), \(Int64(batch.firstSequence)),
                        \(Int64(batch.lastSequence)), \(ByteBuffer(bytes: batch.changes)))
                        """, logger: logger)
                }
                batches += page.count
                position = last.first
                reached = max(reached, last.last)
            }
            guard reached == contents.head else {
                throw RelayLogError(
                    .malformed,
                    "the SQLite log changed while it was read (head \(contents.head), batches up to \(reached)): stop the relay and migrate again",
                    chinese: "读取期间 SQLite 日志发生了变化（头部 \(contents.head)，批次到 \(reached)）：请先停止中继再迁移")
            }
            return Imported(stations: contents.stations.count, batches: batches, head: contents.head)
        }
    }
}
