import Foundation
import OutpostCore
import OutpostStore

/// Listing by deadline through the local deadline cache (`docs/ARCHITECTURE.md`, "Deadline
/// cache").
///
/// Which cases are overdue or due soon, and in which order, depends on each case's open clocks'
/// due times, which do not depend on the time of reading: only on the case, its events, the policy
/// and the calendar. The cache keeps them per case; any write to those drops the entries it
/// affects, and a read computes the missing ones. A listing then reads the due times from an index
/// and computes full deadlines only for the cases it shows.
extension CaseBook {
    /// Cases computed and stored per write transaction: a cold cache fills in short
    /// transactions, and a sync waiting for the write lock waits for one of them at most.
    static let clockCacheChunk = 2_000

    /// The software that fills the cache: entries from another release are dropped.
    static var clockCacheVersion: String { OutpostVersion.text }

    /// Fills the cache for every case `FROM cases c` `whereClause` keeps that has no entry.
    func fillClockCache(_ whereClause: String, _ arguments: [Value]) throws {
        let current = try store.caseClocksCurrent(version: Self.clockCacheVersion)
        let missing = try store.records(
            """
            SELECT c.id FROM cases c \(whereClause.isEmpty ? "WHERE" : whereClause + " AND")
            \(current ? "NOT EXISTS (SELECT 1 FROM outpost_case_clocks k WHERE k.case_id = c.id)" : "1")
            """, arguments
        ).compactMap { $0.string("id") }
        guard !current || !missing.isEmpty else { return }
        var start = 0
        // A stale release's entries are dropped by the first fill, even when nothing is missing.
        repeat {
            let chunk = Array(missing[start..<min(start + Self.clockCacheChunk, missing.count)])
            start += chunk.count
            try store.fillCaseClocks(version: Self.clockCacheVersion) { reader in
                try clockEntries(of: chunk, reader)
            }
        } while start < missing.count
    }

    /// The cache entries of `caseIDs`, everything read through `reader`.
    func clockEntries(of caseIDs: [String], _ reader: any RecordReader) throws -> [CaseClocksEntry] {
        guard !caseIDs.isEmpty else { return [] }
        let clocks = try clocks(reader)
        let rows = try reader.records("SELECT * FROM cases WHERE id IN (SELECT value FROM json_each(?))", [jsonArray(caseIDs)])
        let events = try clockEvents(of: caseIDs, reader)
        return rows.map { row in
            let serviceCase = ServiceCase(row)
            // Due times and what met them do not depend on the instant given.
            let deadlines = Deadlines.compute(
                CaseFacts(serviceCase, events: events[serviceCase.id] ?? []), policy: clocks.policy,
                calendar: clocks.calendar(for: serviceCase), now: 0)
            let open = deadlines.items.filter { $0.metAt == nil && $0.due != nil }
            let entries = open.map { CachedClock(rule: $0.rule, due: $0.due!, alert: $0.alert.rawValue) }
            let json = (try? JSONEncoder().encode(entries)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            return CaseClocksEntry(caseID: serviceCase.id, nearest: open.compactMap(\.due).min(), clocks: json)
        }
    }

    /// One open clock as the cache holds it.
    struct CachedClock: Encodable {
        var rule: String
        var due: UInt64
        var alert: String
    }

    /// Which cases a deadline listing keeps, by their nearest open clock's due time.
    struct DueWindow {
        /// Due at or after this instant (nil: however long ago).
        var from: UInt64?
        /// Due at or before this instant.
        var through: UInt64
        /// A further condition on `c` (the case) and `k` (its cache entry), and its arguments.
        var also: (String, [Value])?
    }

    /// The cases `filter`'s fields keep whose nearest open clock falls in `window`, nearest first
    /// (then most urgent), at most `filter.limit`, each with its deadlines computed at `now`.
    /// `fill: false` when the caller has just filled the cache for these cases.
    func due(_ filter: CaseFilter, _ window: DueWindow, _ clocks: Clocks, now: UInt64, fill: Bool = true) throws -> CaseList {
        let (whereClause, arguments) = try conditions(filter)
        if fill { try fillClockCache(whereClause, arguments) }
        var conditions = ["k.nearest <= ?"]
        var bound: [Value] = [.integer(Int64(clamping: window.through))]
        if let from = window.from {
            conditions.append("k.nearest >= ?")
            bound.append(.integer(Int64(clamping: from)))
        }
        if let (condition, values) = window.also {
            conditions.append(condition)
            bound += values
        }
        let filtered = whereClause.isEmpty ? "WHERE" : whereClause + " AND"
        let window = conditions.joined(separator: " AND ")
        // Counted apart, scanning the cases and probing each one's entry: a window count would
        // read every match's row before LIMIT. The page walks the due-time index and stops after
        // the cases it shows.
        let total =
            try store.records(
                "SELECT count(*) AS n FROM cases c \(filtered) EXISTS (SELECT 1 FROM outpost_case_clocks k WHERE k.case_id = c.id AND \(window))",
                arguments + bound
            ).first?.integer("n") ?? 0
        let rows = try store.records(
            """
            SELECT c.* FROM cases c JOIN outpost_case_clocks k ON k.case_id = c.id \(filtered) \(window)
            ORDER BY k.nearest, \(Self.urgencyOrder) LIMIT ?
            """, arguments + bound + [.integer(Int64(filter.limit ?? -1))])
        let listings = try withDeadlines(try listings(rows.map(ServiceCase.init)), clocks, now: now)
        return CaseList(cases: listings, total: Int(total), deadlinesComputed: true)
    }

    /// The cases overdue or due within `horizon` that `filter` keeps, nearest due first, at most
    /// `filter.limit`; with a `rule`, only those with a clock of that rule overdue or due within
    /// it. Also how many of them are overdue, and the instant they were read at.
    package func due(within horizon: UInt64, _ filter: CaseFilter, rule: String?) throws -> (list: CaseList, overdue: Int, now: UInt64) {
        let now = clock()
        let clocks = try self.clocks()
        let through = now.addingReportingOverflow(horizon).overflow ? UInt64.max : now + horizon
        let also = rule.map { rule in
            (
                "EXISTS (SELECT 1 FROM json_each(k.clocks) j WHERE j.value ->> 'rule' = ? AND j.value ->> 'due' <= ?)",
                [Value.text(rule), .integer(Int64(clamping: through))]
            )
        }
        let list = try due(filter, DueWindow(from: nil, through: through, also: also), clocks, now: now)
        var counted = filter
        counted.limit = 0
        var overdue = Self.overdue(at: now)
        overdue.also = also
        return (list, try due(counted, overdue, clocks, now: now, fill: false).total, now)
    }

    /// Overdue cases: a clock not met whose due time has passed.
    static func overdue(at now: UInt64) -> DueWindow { DueWindow(from: nil, through: max(now, 1) - 1) }
}
