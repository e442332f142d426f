import Foundation
import GRDB
import GRDBSQLite
package import OutpostCore

/// A station's SQLite replica: domain tables holding merged current values, and the bookkeeping
/// that merges and syncs them (`docs/ARCHITECTURE.md`, "Parts").
///
/// Every request runs in one transaction and is durable when it returns. Writes use
/// `BEGIN IMMEDIATE` and read the clock and sequences inside it, so two processes sharing the file
/// never issue the same version or case number (`docs/ARCHITECTURE.md`, "Hybrid clock").
package struct StationStore: Sendable {
    package let path: String
    package let schema: Schema
    let writer: any DatabaseWriter
    /// What write transactions load before their first change, kept between them.
    let context = WriteContext()
    /// Wall-clock milliseconds since 1970; injected so tests control time.
    let wallClock: @Sendable () -> UInt64

    /// Opens (creating if needed) the replica at `path` and brings its schema up to date.
    ///
    /// - Parameter durability: `.powerCut` (the default) for anything a person relies on.
    package init(
        path: String, schema: Schema = .outpost, durability: Durability = .powerCut,
        wallClock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds
    ) throws {
        // `RETURNING` (case numbers) and `DROP COLUMN` (migration v3) arrived in SQLite 3.35.
        guard sqlite3_libversion_number() >= 3_035_000 else {
            throw StoreError(
                .sqliteTooOld,
                "this system's SQLite is \(String(cString: sqlite3_libversion())); Outpost needs 3.35 or newer: upgrade libsqlite3 (Debian 12 has 3.40)"
            )
        }
        self.path = path
        self.schema = schema
        self.wallClock = wallClock
        writer = try DatabasePool.outpost(path: path, durability: durability, pageCache: true)
        try Self.migrator.migrate(writer, refusingNewerAt: path)
        try applyPendingChangesNowUnderstood()
    }

    /// How this replica's commits wait for the disk.
    package func durability() throws -> Durability { try writer.durability() }

    package static func systemMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    // MARK: - Identity

    /// Gives a new database its identity: a random station id, the station code, the time zone
    /// used for case-number dates, and the station's own row in `stations` (its change #1).
    @discardableResult
    package func initialise(
        code: String, name: String?, timeZone: String, author: String,
        using generator: inout some RandomNumberGenerator
    ) throws -> LocalStation {
        guard StationCode.isValid(code) else {
            throw StoreError(
                .invalidValue, "invalid station code '\(code)': expected 2–8 upper-case letters or digits starting with a letter, such as SZ01")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw StoreError(.invalidValue, "unknown time zone '\(timeZone)': expected an IANA name such as Asia/Shanghai")
        }
        let station = StationID.random(using: &generator)
        return try transaction { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM outpost_local")! == 0 else {
                throw StoreError(
                    .alreadyInitialised,
                    "this database already belongs to station \(try String.fetchOne(db, sql: "SELECT code FROM outpost_local") ?? "?")")
            }
            try db.execute(
                sql: "INSERT INTO outpost_local (id, station, code, clock, time_zone) VALUES (1, ?, ?, 0, ?)",
                arguments: [Data(station.bytes), code, timeZone])
            let write = try LocalWrite(db, schema: schema, author: author, wallClock: wallClock, context: context)
            _ = try write.create("stations", [Field("code", .text(code)), Field("name", name.map(Value.text) ?? .null)])
            try write.finish()
            return write.station
        }
    }

    /// Changes the time zone that dates this station's new case numbers and shows its times.
    /// Numbers already issued keep their dates. The zone is this station's own, not replicated.
    package func setTimeZone(_ timeZone: String) throws {
        guard TimeZone(identifier: timeZone) != nil else {
            throw StoreError(.invalidValue, "unknown time zone '\(timeZone)': expected an IANA name such as Asia/Shanghai")
        }
        try transaction { db in
            guard try LocalStation.fetch(db) != nil else {
                throw StoreError(.notInitialised, "this database has no station yet: run `outpost init --station CODE` first")
            }
            try db.execute(sql: "UPDATE outpost_local SET time_zone = ?", arguments: [timeZone])
        }
    }

    /// This database's identity, or nil before `initialise`.
    package func localStation() throws -> LocalStation? {
        try writer.read { db in try LocalStation.fetch(db) }
    }

    // MARK: - Writing

    /// Runs local edits in one `BEGIN IMMEDIATE` transaction: each edit is stamped, takes the
    /// current heads as its pred, and is logged, merged and shown before this returns.
    @discardableResult
    package func write<T>(as author: String, _ body: (LocalWrite) throws -> T) throws -> T {
        try transaction { db in
            let write = try LocalWrite(db, schema: schema, author: author, wallClock: wallClock, context: context)
            let result = try body(write)
            try write.finish()
            return result
        }
    }

    /// Applies changes from other stations in one transaction, in any order, idempotently.
    ///
    /// Duplicates are recognised by change id; a known id with other content refuses the whole
    /// batch (`changeIDReused`). Changes this schema cannot apply are kept pending, never dropped.
    ///
    /// - Parameter settings: settings written in the same transaction (a sync cursor advances only
    ///   when the batch it covers is durable).
    @discardableResult
    package func apply(_ changes: [Change], settings: [String: String] = [:]) throws -> ApplyReport {
        try transaction { db in
            let context = try context.load(db)
            let applier = BatchApplier(db, schema: schema, context: context)
            let ordered = changes.sorted { $0.id < $1.id }
            try applier.prefetch(ordered)
            for change in ordered { try applier.receive(change) }
            try applier.flush()
            self.context.keep(applier.context(local: context.local))
            try Self.write(settings: settings, db)
            return applier.report
        }
    }

    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try context.transaction {
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    try Self.catchUpCustomerSearch(db)
                    return .commit
                }
                return result!
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}

/// This database's own identity.
package struct LocalStation: Hashable, Sendable {
    package var id: StationID
    package var code: String
    package var timeZone: String
    /// The lowest reading the clock may take next (set at initialisation and by a clock repair).
    /// The clock itself is the highest of this and every applied change's clock, so no write
    /// records it separately (see `LocalWrite`).
    package var clockFloor: Timestamp

    static func fetch(_ db: Database) throws -> LocalStation? {
        let statement = try db.cachedStatement(sql: "SELECT station, code, time_zone, clock FROM outpost_local")
        guard let row = try Row.fetchOne(statement) else { return nil }
        guard let id = StationID(bytes: Array(row[0] as Data)) else { return nil }
        return LocalStation(id: id, code: row[1], timeZone: row[2], clockFloor: Timestamp(rawValue: UInt64(bitPattern: row[3])))
    }
}
