import Foundation
package import Logging
import NIOCore
package import OutpostCore
package import PostgresNIO
import Synchronization

/// The relay's log of record in PostgreSQL, shared by any number of relays: each keeps its own
/// merged replica and serves stations from this one log (`README.md` beside this file).
///
/// One `PostgresClient` per process, run for the log's life; every query binds its values.
package final class PostgresRelayLog: RelayLog, Sendable {
    package let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let hook = Mutex<(@Sendable (AppendOutcome) async -> Void)?>(nil)

    /// Connects, then creates or migrates the schema (`migrate`).
    package init(_ location: PostgresLocation, logger: Logger = Logger(label: "outpost.relay.postgres")) async throws {
        self.location = location
        self.logger = logger
        var background = logger
        background.logLevel = .critical
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: background)
        self.client = client
        running = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            running.cancel()
            throw error
        }
    }

    /// Stops the client; the log cannot be used after.
    package func close() { running.cancel() }

    deinit { running.cancel() }

    /// Runs inside every append that took positions, after writing and before committing, with
    /// the lock held: tests use it to hold a push open while others queue behind it.
    package func beforeCommit(_ body: (@Sendable (AppendOutcome) async -> Void)?) { hook.withLock { $0 = body } }

    /// One transaction; a refusal thrown inside rolls it back and reaches the caller as itself.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw Self.reason(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error, location: location)
        } catch {
            throw Self.reason(error, location: location)
        }
    }

    /// One statement outside a transaction.
    @discardableResult
    func run(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw Self.reason(error, location: location)
        }
    }

    /// The relay's own refusals pass through; a database failure becomes a message an operator
    /// can act on (postgres-nio hides the server's words from `description`).
    static func reason(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is RelayLogError || error is CancellationError { return error }
        if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
            return RelayLogError(
                .unavailable, "PostgreSQL at \(location) refused: \(message)", chinese: "PostgreSQL（\(location)）拒绝了请求：\(message)")
        }
        // The pool's own errors say only that connecting keeps failing; the connection's say why.
        var why = "no connection could be made"
        if let error = error as? PSQLError { why = error.underlying.map { "\($0)" } ?? error.code.description }
        return RelayLogError(
            .unavailable, "cannot reach PostgreSQL at \(location) (\(why)): check that it runs and that the URL is right",
            chinese: "无法连接 PostgreSQL（\(location)，\(why)）：请确认数据库在运行且地址正确")
    }

    package func enrol(code: String, name: String?, tokenHash: [UInt8], now: UInt64) async throws {
        let inserted = try await run(
            """
            INSERT INTO relay_stations (code, name, token_hash, enrolled) VALUES (\(code), \(name), \(ByteBuffer(bytes: tokenHash)), \(Int64(clamping: now)))
            ON CONFLICT DO NOTHING RETURNING code
            """)
        if inserted.isEmpty { throw RelayLogError.stationExists(code) }
    }

    package func revoke(code: String) async throws {
        let revoked = try await run("UPDATE relay_stations SET revoked = true WHERE code = \(code) RETURNING code")
        if revoked.isEmpty { throw RelayLogError.unknownStation(code) }
    }

    package func stations() async throws -> [RelayStation] {
        try await run("SELECT \(unescaped: Self.stationColumns) FROM relay_stations ORDER BY code").map(Self.station)
    }

    package func station(tokenHash: [UInt8]) async throws -> RelayStation? {
        try await run("SELECT \(unescaped: Self.stationColumns) FROM relay_stations WHERE token_hash = \(ByteBuffer(bytes: tokenHash))")
            .first.map(Self.station)
    }

    package func bind(code: String, to station: StationID, now: UInt64) async throws -> RelayStation {
        try await transaction { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.stationColumns) FROM relay_stations WHERE code = \(code) FOR UPDATE", logger: logger
            ).collect()
            guard let row = rows.first else { throw RelayLogError.unknownStation(code) }
            var found = try Self.station(row)
            if let bound = found.station, bound != station {
                throw RelayLogError(
                    .otherIncarnation,
                    "station \(code) belongs to another database (\(bound.description.prefix(8))…): this one was restored or copied and must be enrolled again under a new station code"
                )
            }
            try await connection.query(
                "UPDATE relay_stations SET station = \(ByteBuffer(bytes: station.bytes)), last_seen = \(Int64(clamping: now)) WHERE code = \(code)",
                logger: logger)
            found.station = station
            found.lastSeen = now
            return found
        }
    }

    /// Appends a push once `PushCheck` accepts it. The transaction first takes the append lock
    /// (`pg_advisory_xact_lock`), so every statement after it sees every earlier push committed,
    /// and positions are handed out in commit order (`README.md` beside this file).
    package func append(_ changes: [Change], tokenHash: [UInt8], rules: PushRules) async throws -> AppendOutcome {
        let hook = hook.withLock { $0 }
        return try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.appendLock))", logger: logger)
            // The acknowledgement follows the commit, so the commit must wait for the disk, whatever
            // the server's default: a station forgets what it was told is durable.
            try await connection.query("SET LOCAL synchronous_commit = on", logger: logger)
            let station = try await connection.query(
                "SELECT \(unescaped: Self.stationColumns) FROM relay_stations WHERE token_hash = \(ByteBuffer(bytes: tokenHash))", logger: logger
            ).collect().first.map(Self.station)
            let check = PushCheck(station: station, rules: rules)
            var stored = [ChangeID: Change]()
            if let bound = station?.station, let sequences = check.sequencesToLookUp(changes) {
                let rows = try await connection.query(
                    """
                    SELECT changes FROM relay_batches WHERE station = \(ByteBuffer(bytes: bound.bytes))
                    AND last_sequence >= \(Int64(sequences.lowerBound)) AND first_sequence <= \(Int64(sequences.upperBound)) ORDER BY first_sequence
                    """, logger: logger
                ).collect()
                stored = try PushCheck.index(try rows.map { Array(buffer: try $0.decode(ByteBuffer.self)) }, within: sequences)
            }
            let accepted = try check.accept(changes, stored: stored)
            guard let station, let bound = station.station else { throw RelayLogError(.badToken, "the station token is not known to this relay") }
            let meta = try await connection.query("SELECT head, max_clock FROM relay_meta", logger: logger).collect()
            guard let (storedHead, maxClock) = try meta.first?.decode((Int64, Int64).self) else {
                throw RelayLogError(.unavailable, "the relay's PostgreSQL log has no meta row", chinese: "中继的 PostgreSQL 日志缺少元数据行")
            }
            var head = storedHead
            let fresh = accepted.fresh
            if let first = fresh.first, let last = fresh.last {
                let firstPosition = head + 1
                head += Int64(fresh.count)
                let encoded = ByteBuffer(bytes: ChangeBatch.encode(fresh))
                try await connection.query(
                    """
                    INSERT INTO relay_batches (first_position, last_position, station, first_sequence, last_sequence, changes)
                    VALUES (\(firstPosition), \(head), \(ByteBuffer(bytes: bound.bytes)), \(Int64(first.id.sequence)), \(Int64(last.id.sequence)), \(encoded))
                    """, logger: logger)
                let newMax = max(UInt64(bitPattern: maxClock), accepted.pushedClock)
                try await connection.query("UPDATE relay_meta SET head = \(head), max_clock = \(Int64(bitPattern: newMax))", logger: logger)
            }
            try await connection.query(
                """
                UPDATE relay_stations SET pushed_sequence = \(Int64(accepted.pushedSequence)), pushed_clock = \(Int64(bitPattern: accepted.pushedClock)),
                pushed_count = pushed_count + \(Int64(fresh.count)), last_seen = \(Int64(clamping: rules.now)) WHERE code = \(station.code)
                """, logger: logger)
            let outcome = AppendOutcome(
                appended: fresh.count, duplicates: accepted.duplicates, pushedSequence: accepted.pushedSequence, head: UInt64(head))
            if !fresh.isEmpty, let hook { await hook(outcome) }
            return outcome
        }
    }

    package func read(after cursor: UInt64, excluding: StationID?, limits: ReadLimits, upTo: UInt64?) async throws -> LogSlice {
        // The head first, then the batches: every batch at or below a head already committed
        // (the append lock), so a head read before the batches never points past one unseen.
        let head = try await head()
        var scan = LogScan(after: cursor, end: min(upTo ?? head, head), excluding: excluding, limits: limits)
        guard !scan.isEmpty else { return scan.slice }
        // Each batch holds at least one change: this many batches fill any slice but a station's
        // own, which only advance the cursor and are read on by the next pull.
        let batches = Int64(max(1, limits.maxChanges)) + 1
        let rows = try await run(
            """
            SELECT station, first_position, last_position, changes FROM relay_batches
            WHERE last_position > \(Int64(cursor)) AND first_position <= \(Int64(min(upTo ?? head, head)))
            ORDER BY first_position LIMIT \(batches)
            """)
        for row in rows {
            let (station, first, last, changes) = try row.decode((ByteBuffer, Int64, Int64, ByteBuffer).self)
            let more = try scan.take(
                station: StationID(bytes: Array(buffer: station)), first: UInt64(first), last: UInt64(last), encoded: Array(buffer: changes))
            if !more { break }
        }
        return scan.slice
    }

    package func head() async throws -> UInt64 {
        let rows = try await run("SELECT head FROM relay_meta")
        return UInt64(try rows.first?.decode(Int64.self) ?? 0)
    }

    package func snapshotPosition(chunkChanges: Int, maxChunkBytes: Int) async throws -> UInt64 {
        let head = try await head()
        var bound = SnapshotBound(chunkChanges: chunkChanges)
        let rows = try await run(
            "SELECT first_position, last_position, octet_length(changes) FROM relay_batches WHERE first_position <= \(Int64(head)) ORDER BY first_position"
        )
        for row in rows {
            let (first, last, length) = try row.decode((Int64, Int64, Int32).self)
            bound.add(first: UInt64(first), last: UInt64(last), length: Int(length))
        }
        return bound.position(head: head, maxChunkBytes: maxChunkBytes)
    }

    package func identity() async throws -> StationID {
        let rows = try await run("SELECT id_high, id_low FROM relay_meta")
        guard let (high, low) = try rows.first?.decode((Int64, Int64).self) else {
            throw RelayLogError(.unavailable, "the relay's PostgreSQL log has no meta row", chinese: "中继的 PostgreSQL 日志缺少元数据行")
        }
        return StationID(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low))
    }

    package func recordPull(code: String, cursor: UInt64, now: UInt64) async throws {
        try await run(
            """
            UPDATE relay_stations SET cursor = GREATEST(cursor, LEAST(\(Int64(clamping: cursor)), (SELECT head FROM relay_meta))),
            last_seen = \(Int64(clamping: now)) WHERE code = \(code)
            """)
    }

    static let stationColumns =
        "code, name, station, revoked, last_seen, pushed_sequence, pushed_clock, pushed_count, cursor, last_error, last_error_at, schema, software"

    private static func station(_ row: PostgresRow) throws -> RelayStation {
        let (code, name, station, revoked, lastSeen, sequence, clock, count, cursor, lastError, lastErrorAt, schema, software) = try row.decode(
            (String, String?, ByteBuffer?, Bool, Int64?, Int64, Int64, Int64, Int64, String?, Int64?, Int32?, String?).self)
        var relayStation = RelayStation(
            code: code, name: name, station: station.flatMap { StationID(bytes: Array(buffer: $0)) }, revoked: revoked,
            lastSeen: lastSeen.map { UInt64(clamping: $0) }, pushedSequence: UInt64(clamping: sequence), pushedClock: UInt64(bitPattern: clock),
            pushedCount: UInt64(clamping: count), cursor: UInt64(clamping: cursor))
        relayStation.lastError = lastError
        relayStation.lastErrorAt = lastErrorAt.map { UInt64(clamping: $0) }
        relayStation.schema = schema.map(Int.init)
        relayStation.software = software
        return relayStation
    }
}
