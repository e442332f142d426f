import Foundation
import GRDB
package import OutpostCore
package import OutpostStore

/// The relay's log of record in one SQLite file (WAL). Each accepted push is one row holding its
/// changes as a change batch and the contiguous log positions they were given.
package struct SQLiteRelayLog: RelayLog {
    let writer: any DatabaseWriter
    /// Every write goes through it: writes that arrive together share one commit.
    private let group: GroupCommit

    package init(path: String) throws {
        // A push is acknowledged only once it would survive a power cut: stations then forget it
        // was unsent, and other stations may already have pulled its positions.
        writer = try DatabasePool.outpost(path: path, durability: .powerCut, pageCache: false)
        try Self.migrator.migrate(writer, refusingNewerAt: path)
        group = GroupCommit(writer: writer)
    }

    /// How this log's commits wait for the disk.
    package func durability() throws -> Durability { try writer.durability() }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE relay_stations (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT,
                        token_hash BLOB NOT NULL UNIQUE,   -- SHA-256 of the secret token; the token is never stored
                        station BLOB,                      -- the database incarnation bound on first contact
                        revoked INTEGER NOT NULL DEFAULT 0,
                        enrolled INTEGER NOT NULL,
                        last_seen INTEGER,
                        pushed_sequence INTEGER NOT NULL DEFAULT 0,
                        pushed_clock INTEGER NOT NULL DEFAULT 0,
                        pushed_count INTEGER NOT NULL DEFAULT 0,
                        cursor INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE relay_batches (
                        id INTEGER PRIMARY KEY,
                        station BLOB NOT NULL,
                        first_position INTEGER NOT NULL UNIQUE,
                        last_position INTEGER NOT NULL,
                        first_sequence INTEGER NOT NULL,
                        last_sequence INTEGER NOT NULL,
                        changes BLOB NOT NULL);
                    CREATE INDEX relay_batches_by_last_position ON relay_batches(last_position);
                    CREATE INDEX relay_batches_by_station ON relay_batches(station, first_sequence);
                    -- head: the last position; max_clock: the highest clock in the log.
                    CREATE TABLE relay_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                    INSERT INTO relay_meta VALUES ('head', 0), ('max_clock', 0);
                    """)
            var generator = SystemRandomNumberGenerator()
            let identity = StationID.random(using: &generator)
            try db.execute(
                sql: "INSERT INTO relay_meta VALUES ('id_high', ?), ('id_low', ?)",
                arguments: [Int64(bitPattern: identity.high), Int64(bitPattern: identity.low)])
        }
        // The supervisors' board: sign-in tokens (hashes only, as for stations), and what the
        // board shows of each station beyond v1's columns: its last refusal and the schema and
        // software its last hello announced.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE relay_supervisors (
                        name TEXT PRIMARY KEY NOT NULL,
                        token_hash BLOB NOT NULL UNIQUE,   -- SHA-256 of the sign-in token; the token is never stored
                        revoked INTEGER NOT NULL DEFAULT 0,
                        added INTEGER NOT NULL,
                        last_seen INTEGER);
                    ALTER TABLE relay_stations ADD COLUMN last_error TEXT;
                    ALTER TABLE relay_stations ADD COLUMN last_error_at INTEGER;
                    ALTER TABLE relay_stations ADD COLUMN schema INTEGER;
                    ALTER TABLE relay_stations ADD COLUMN software TEXT;
                    """)
        }
        return migrator
    }

    /// Runs `body` in an immediate transaction, shared with the writes that arrive with it
    /// (`GroupCommit`); returns once that transaction is committed.
    func write<T>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T where T: Sendable {
        try await group.write(body)
    }

    package func enrol(code: String, name: String?, tokenHash: [UInt8], now: UInt64) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM relay_stations WHERE code = ?", arguments: [code]) == true {
                throw RelayLogError.stationExists(code)
            }
            try db.execute(
                sql: "INSERT INTO relay_stations (code, name, token_hash, enrolled) VALUES (?, ?, ?, ?)",
                arguments: [code, name, Data(tokenHash), Int64(now)])
        }
    }

    package func revoke(code: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE relay_stations SET revoked = 1 WHERE code = ?", arguments: [code])
            if db.changesCount == 0 { throw RelayLogError.unknownStation(code) }
        }
    }

    package func stations() async throws -> [RelayStation] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM relay_stations ORDER BY code").map(Self.station) }
    }

    package func station(tokenHash: [UInt8]) async throws -> RelayStation? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM relay_stations WHERE token_hash = ?", arguments: [Data(tokenHash)]).map(Self.station)
        }
    }

    package func bind(code: String, to station: StationID, now: UInt64) async throws -> RelayStation {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM relay_stations WHERE code = ?", arguments: [code]) else {
                throw RelayLogError.unknownStation(code)
            }
            var found = Self.station(row)
            if let bound = found.station, bound != station {
                throw RelayLogError(
                    .otherIncarnation,
                    "station \(code) belongs to another database (\(bound.description.prefix(8))…): this one was restored or copied and must be enrolled again under a new station code"
                )
            }
            try db.execute(
                sql: "UPDATE relay_stations SET station = ?, last_seen = ? WHERE code = ?", arguments: [Data(station.bytes), Int64(now), code])
            found.station = station
            found.lastSeen = now
            return found
        }
    }

    /// Appends a push once `PushCheck` accepts it, in one immediate transaction: the station's
    /// row, the changes it already has at the push's old sequences, and the head are all read
    /// under the write lock.
    package func append(_ changes: [Change], tokenHash: [UInt8], rules: PushRules) async throws -> AppendOutcome {
        try await write { db in
            let station = try Row.fetchOne(db, sql: "SELECT * FROM relay_stations WHERE token_hash = ?", arguments: [Data(tokenHash)])
                .map(Self.station)
            let check = PushCheck(station: station, rules: rules)
            var stored = [ChangeID: Change]()
            if let bound = station?.station, let sequences = check.sequencesToLookUp(changes) {
                stored = try Self.stored(sequences, station: bound, db)
            }
            let accepted = try check.accept(changes, stored: stored)
            // `accept` refuses an unknown or unbound token, so both are here.
            guard let station, let bound = station.station else { throw RelayLogError(.badToken, "the station token is not known to this relay") }
            var head = try Self.head(db)
            let fresh = accepted.fresh
            if let first = fresh.first, let last = fresh.last {
                let firstPosition = head + 1
                head += Int64(fresh.count)
                try db.execute(
                    sql: """
                        INSERT INTO relay_batches (station, first_position, last_position, first_sequence, last_sequence, changes)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        Data(bound.bytes), firstPosition, head, Int64(first.id.sequence), Int64(last.id.sequence), Data(ChangeBatch.encode(fresh)),
                    ])
                let maxClock = UInt64(bitPattern: try Int64.fetchOne(db, sql: "SELECT value FROM relay_meta WHERE key = 'max_clock'") ?? 0)
                let newMax = max(maxClock, accepted.pushedClock)
                // Only these two keys: the relay's identity lives in the same table and never changes.
                try db.execute(sql: "UPDATE relay_meta SET value = ? WHERE key = 'head'", arguments: [head])
                try db.execute(sql: "UPDATE relay_meta SET value = ? WHERE key = 'max_clock'", arguments: [Int64(bitPattern: newMax)])
            }
            try db.execute(
                sql: """
                    UPDATE relay_stations SET pushed_sequence = ?, pushed_clock = ?, pushed_count = pushed_count + ?, last_seen = ? WHERE code = ?
                    """,
                arguments: [
                    Int64(accepted.pushedSequence), Int64(bitPattern: accepted.pushedClock), fresh.count, Int64(clamping: rules.now), station.code,
                ])
            return AppendOutcome(
                appended: fresh.count, duplicates: accepted.duplicates, pushedSequence: accepted.pushedSequence, head: UInt64(head))
        }
    }

    private static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM relay_meta WHERE key = 'head'") ?? 0
    }

    /// The station's changes in the log whose sequences fall in `sequences`, by id.
    private static func stored(_ sequences: ClosedRange<UInt64>, station: StationID, _ db: Database) throws -> [ChangeID: Change] {
        let rows = try Data.fetchAll(
            db,
            sql: """
                SELECT changes FROM relay_batches WHERE station = ? AND last_sequence >= ? AND first_sequence <= ? ORDER BY first_sequence
                """, arguments: [Data(station.bytes), Int64(sequences.lowerBound), Int64(sequences.upperBound)])
        return try PushCheck.index(rows.map { Array($0) }, within: sequences)
    }

    package func read(after cursor: UInt64, excluding: StationID?, limits: ReadLimits, upTo: UInt64?) async throws -> LogSlice {
        try await writer.read { db in
            let head = UInt64(try Self.head(db))
            var scan = LogScan(after: cursor, end: min(upTo ?? head, head), excluding: excluding, limits: limits)
            guard !scan.isEmpty else { return scan.slice }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT station, first_position, last_position, changes FROM relay_batches
                    WHERE last_position > ? AND first_position <= ? ORDER BY first_position
                    """, arguments: [Int64(cursor), Int64(min(upTo ?? head, head))])
            while let row = try rows.next() {
                let more = try scan.take(
                    station: StationID(bytes: Array(row[0] as Data)), first: UInt64(row[1] as Int64), last: UInt64(row[2] as Int64),
                    encoded: Array(row[3] as Data))
                if !more { break }
            }
            return scan.slice
        }
    }

    package func head() async throws -> UInt64 {
        try await writer.read { db in UInt64(try Self.head(db)) }
    }

    package func snapshotPosition(chunkChanges: Int, maxChunkBytes: Int) async throws -> UInt64 {
        try await writer.read { db in
            let head = UInt64(try Self.head(db))
            var bound = SnapshotBound(chunkChanges: chunkChanges)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT first_position, last_position, length(changes) FROM relay_batches ORDER BY first_position")
            while let row = try rows.next() {
                bound.add(first: UInt64(row[0] as Int64), last: UInt64(row[1] as Int64), length: row[2] as Int)
            }
            return bound.position(head: head, maxChunkBytes: maxChunkBytes)
        }
    }

    package func identity() async throws -> StationID {
        try await writer.read { db in
            let high = try Int64.fetchOne(db, sql: "SELECT value FROM relay_meta WHERE key = 'id_high'")!
            let low = try Int64.fetchOne(db, sql: "SELECT value FROM relay_meta WHERE key = 'id_low'")!
            return StationID(high: UInt64(bitPattern: high), low: UInt64(bitPattern: low))
        }
    }

    package func recordPull(code: String, cursor: UInt64, now: UInt64) async throws {
        try await write { db in
            let recorded = min(cursor, UInt64(try Self.head(db)))
            try db.execute(
                sql: "UPDATE relay_stations SET cursor = max(cursor, ?), last_seen = ? WHERE code = ?",
                arguments: [Int64(recorded), Int64(clamping: now), code])
        }
    }

    static func station(_ row: Row) -> RelayStation {
        var station = RelayStation(
            code: row["code"], name: row["name"],
            station: (row["station"] as Data?).flatMap { StationID(bytes: Array($0)) },
            revoked: row["revoked"], lastSeen: (row["last_seen"] as Int64?).map { UInt64($0) },
            pushedSequence: UInt64(row["pushed_sequence"] as Int64), pushedClock: UInt64(bitPattern: row["pushed_clock"] as Int64),
            pushedCount: UInt64(row["pushed_count"] as Int64),
            cursor: UInt64(row["cursor"] as Int64)
        )
        station.lastError = row["last_error"]
        station.lastErrorAt = (row["last_error_at"] as Int64?).map { UInt64($0) }
        station.schema = (row["schema"] as Int64?).map { Int($0) }
        station.software = row["software"]
        return station
    }
}
