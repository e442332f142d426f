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

    /// How clocks are computed, as a number: bump it with any change to the rules' defaults,
    /// `CaseFacts`, `DeadlineClock`, `WorkingCalendar` or `Deadlines.compute`, so that entries an
    /// earlier build stored are dropped rather than trusted.
    static let clockRevision = 1

    /// The software that fills the cache: entries from another release or clock revision are dropped.
    static var clockCacheVersion: String { "\(OutpostVersion.text)+clocks.\(clockRevision)" }

    /// The ids of the cases `FROM cases c` `whereClause` keeps that have no entry (all of them
    /// when `all`), read through `reader`.
    func missingClocks(_ whereClause: String, _ arguments: [Value], all: Bool = false, _ reader: any RecordReader) throws -> [String] {
        try reader.records(
            """
            SELECT c.id FROM cases c \(whereClause.isEmpty ? "WHERE" : whereClause + " AND")
            \(all ? "1" : "NOT EXISTS (SELECT 1 FROM outpost_case_clocks k WHERE k.case_id = c.id)")
            """, arguments
        ).compactMap { $0.string("id") }
    }

    /// Fills the cache for every case `FROM cases c` `whereClause` keeps that has no entry, in
    /// chunks: what a listing's own transaction then finds missing is only what was written since.
    func fillClockCache(_ whereClause: String, _ arguments: [Value]) throws {
        let current = try store.caseClocksCurrent(version: Self.clockCacheVersion)
        let missing = try missingClocks(whereClause, arguments, all: !current, store)
        var start = 0
        while start < missing.count {
            let chunk = Array(missing[start..<min(start + Self.clockCacheChunk, missing.count)])
            start += chunk.count
            try store.fillCaseClocks(version: Self.clockCacheVersion, { reader in try clockEntries(of: chunk, reader) }, then: { _ in })
        }
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

    /// One deadline listing: the cases `filter`'s fields keep whose nearest open clock falls in
    /// `window`.
    struct DueQuery {
        var filter: CaseFilter
        var window: DueWindow
    }

    /// The cases `filter`'s fields keep whose nearest open clock falls in `window`, nearest first
    /// (then most urgent), at most `filter.limit`, each with its deadlines computed at `now`.
    func due(_ filter: CaseFilter, _ window: DueWindow, _ clocks: Clocks, now: UInt64) throws -> CaseList {
        try due([DueQuery(filter: filter, window: window)], clocks, now: now)[0]
    }

    /// Several deadline listings read together: the cache is filled for their cases first, then
    /// one write transaction computes whatever a write has dropped since and reads every listing,
    /// so no case goes missing between the fill and the reads, and the listings agree with each
    /// other. Full deadlines are computed afterwards, for the cases shown only.
    func due(_ queries: [DueQuery], _ clocks: Clocks, now: UInt64) throws -> [CaseList] {
        let prepared = try queries.map { query in (conditions: try conditions(query.filter), query: query) }
        for (whereClause, arguments) in Set(prepared.map { Pair($0.conditions.0, $0.conditions.1) }).map({ ($0.text, $0.values) }) {
            try fillClockCache(whereClause, arguments)
        }
        let pages = try store.fillCaseClocks(
            version: Self.clockCacheVersion,
            { reader in
                var missing = Set<String>()
                for (conditions, _) in prepared { missing.formUnion(try missingClocks(conditions.0, conditions.1, reader)) }
                return try clockEntries(of: missing.sorted(), reader)
            },
            then: { reader in
                try prepared.map { conditions, query in try page(query, conditions, reader) }
            })
        return try pages.map { total, rows in
            CaseList(
                cases: try withDeadlines(try listings(rows.map(ServiceCase.init)), clocks, now: now), total: total, deadlinesComputed: true)
        }
    }

    /// A `WHERE` clause and its arguments, hashable, so that listings over the same cases fill once.
    private struct Pair: Hashable {
        var text: String
        var values: [Value]
        init(_ text: String, _ values: [Value]) {
            self.text = text
            self.values = values
        }
    }

    /// How many cases a listing keeps in all, and the rows of those it shows.
    private func page(_ query: DueQuery, _ conditions: (String, [Value]), _ reader: any RecordReader) throws -> (Int, [Record]) {
        let (whereClause, arguments) = conditions
        var window = ["k.nearest <= ?"]
        var bound: [Value] = [.integer(Int64(clamping: query.window.through))]
        if let from = query.window.from {
            window.append("k.nearest >= ?")
            bound.append(.integer(Int64(clamping: from)))
        }
        if let (condition, values) = query.window.also {
            window.append(condition)
            bound += values
        }
        let filtered = whereClause.isEmpty ? "WHERE" : whereClause + " AND"
        let within = window.joined(separator: " AND ")
        // Counted apart, scanning the cases and probing each one's entry: a window count would
        // read every match's row before LIMIT. The page walks the due-time index and stops after
        // the cases it shows.
        let total =
            try reader.records(
                "SELECT count(*) AS n FROM cases c \(filtered) EXISTS (SELECT 1 FROM outpost_case_clocks k WHERE k.case_id = c.id AND \(within))",
                arguments + bound
            ).first?.integer("n") ?? 0
        let rows = try reader.records(
            """
            SELECT c.* FROM cases c JOIN outpost_case_clocks k ON k.case_id = c.id \(filtered) \(within)
            ORDER BY k.nearest, \(Self.urgencyOrder) LIMIT ?
            """, arguments + bound + [.integer(Int64(query.filter.limit ?? -1))])
        return (Int(total), rows)
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
                "EXISTS (SELECT 1 FROM json_each(k.clocks) j WHERE json_extract(j.value, '$.rule') = ? AND json_extract(j.value, '$.due') <= ?)",
                [Value.text(rule), .integer(Int64(clamping: through))]
            )
        }
        var counted = filter
        counted.limit = 0
        var overdue = Self.overdue(at: now)
        overdue.also = also
        let lists = try due(
            [DueQuery(filter: filter, window: DueWindow(from: nil, through: through, also: also)), DueQuery(filter: counted, window: overdue)],
            clocks, now: now)
        return (lists[0], lists[1].total, now)
    }

    /// Overdue cases: a clock not met whose due time has passed.
    static func overdue(at now: UInt64) -> DueWindow { DueWindow(from: nil, through: max(now, 1) - 1) }
}
