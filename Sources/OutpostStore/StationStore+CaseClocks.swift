import GRDB
package import OutpostCore

/// One case's entry in the deadline cache: what listings filter and order by, derived from the
/// case, its events, the policy and the calendar (`docs/ARCHITECTURE.md`, "Deadline cache").
package struct CaseClocksEntry: Hashable, Sendable {
    package var caseID: String
    /// The earliest due time of a clock not met yet, nil when no such clock has a due time.
    package var nearest: UInt64?
    /// Those clocks as JSON: `[{"rule": ..., "due": ..., "alert": ...}]`.
    package var clocks: String

    package init(caseID: String, nearest: UInt64?, clocks: String) {
        self.caseID = caseID
        self.nearest = nearest
        self.clocks = clocks
    }
}

/// Reads inside a write transaction: they see what the transaction will commit beside.
struct TransactionReader: RecordReader {
    let db: Database

    func records(_ sql: String, _ arguments: [Value]) throws -> [Record] {
        try Record.fetchAll(db, sql, arguments)
    }
}

extension StationStore {
    /// The setting naming the software that filled the deadline cache: another release may compute
    /// clocks differently, so its entries are dropped.
    static let caseClocksVersionSetting = "case-clocks.version"

    /// Computes and stores cache entries in one write transaction: `derive` reads the cases,
    /// their events, the policy and the calendar through the reader it is given, so no write can
    /// land between what it reads and what is stored. Entries from another release
    /// (`version`) are dropped first. `then` reads in the same transaction, after the entries are
    /// stored: a listing that reads there sees every entry it needs, none dropped by a write
    /// since.
    package func fillCaseClocks<T>(
        version: String, _ derive: (any RecordReader) throws -> [CaseClocksEntry], then read: (any RecordReader) throws -> T
    ) throws -> T {
        try transaction { db in
            let filled = try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [Self.caseClocksVersionSetting])
            if filled != version {
                try db.execute(sql: "DELETE FROM outpost_case_clocks")
                try Self.write(settings: [Self.caseClocksVersionSetting: version], db)
            }
            let reader = TransactionReader(db: db)
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO outpost_case_clocks (case_id, nearest, clocks) VALUES (?, ?, ?)")
            for entry in try derive(reader) {
                try statement.execute(arguments: [entry.caseID, entry.nearest.map { Int64(clamping: $0) }, entry.clocks])
            }
            return try read(reader)
        }
    }

    /// Empties the deadline cache, as a policy or calendar edit does: the next listing computes
    /// every entry again (the benchmark's cold read).
    package func dropCaseClocks() throws {
        try transaction { db in try db.execute(sql: "DELETE FROM outpost_case_clocks") }
    }

    /// Whether the cache was filled by this release (`version`); if not, every entry is stale.
    package func caseClocksCurrent(version: String) throws -> Bool {
        try setting(Self.caseClocksVersionSetting) == version
    }
}
