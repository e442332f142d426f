import OutpostCore
package import OutpostStore

/// Builds the clerk's queue for today (`outpost today`).
///
/// The work sections are read from current fields and events; the deadline sections (overdue, due
/// soon, the reader's alerts) from the deadline cache (`CaseBook+ClockCache.swift`), all at one
/// instant.
package struct TodayQueue: Sendable {
    package let store: StationStore
    let clock: @Sendable () -> UInt64
    /// How far back "surveys and revisits to do" look: a window for the list, not a deadline.
    package static let followUpDays = 7
    /// "Due soon" in `today`: within 4 hours.
    package static let dueSoon: UInt64 = 4 * 3_600_000

    package init(store: StationStore, clock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds) {
        self.store = store
        self.clock = clock
    }

    /// Today's queue for a staff member (nil: nobody's own cases are listed), with at most
    /// `limit` cases in each section (nil: all of them).
    /// Cases with a breached clock that alerts the reader's role (of their department, when they
    /// have one): a breached first contact alerts the case's supervisors, and flags the case for
    /// escalation.
    func alerts(for member: StaffMember, now: UInt64, limit: Int?) -> CaseBook.DueQuery {
        var window = CaseBook.overdue(at: now)
        window.also = (
            """
            EXISTS (SELECT 1 FROM json_each(k.clocks) j WHERE json_extract(j.value, '$.due') < ? AND json_extract(j.value, '$.alert') = ?)
            AND (? IS NULL OR c.department IS NULL OR c.department = ?)
            """,
            [.integer(Int64(clamping: now)), .text(member.role.rawValue)] + [Value](repeating: member.department.map(Value.text) ?? .null, count: 2)
        )
        var filter = CaseFilter()
        filter.limit = limit
        return CaseBook.DueQuery(filter: filter, window: window)
    }

    package func report(for staff: String?, limit: Int? = 20) throws -> TodayReport {
        let cases = CaseBook(store: store, clock: clock)
        let clocks = try cases.clocks()
        let time = try cases.stationTime()
        let today = time.date(at: clock())
        let startOfToday = time.start(of: today)
        let windowStart = StationTime.isoText(time.start(of: LocalDate(daysSince1970: today.daysSince1970 - Int64(Self.followUpDays))))
        let open = "c.status IN ('new', 'in-progress', 'waiting')"

        /// A section: the first cases `FROM cases c ...` in `order`, and how many match in all
        /// (counted apart: a window count would read every match's row before LIMIT).
        func section(_ from: String, order: String = CaseBook.urgencyOrder, _ arguments: [Value] = []) throws -> TodayReport.Section {
            let total = try store.records("SELECT count(*) AS n FROM cases c \(from)", arguments).first?.integer("n") ?? 0
            let rows = try store.records(
                "SELECT c.* FROM cases c \(from) ORDER BY \(order) LIMIT ?", arguments + [.integer(Int64(limit ?? -1))])
            return TodayReport.Section(
                total: Int(total), cases: try cases.withDeadlines(try cases.listings(rows.map(ServiceCase.init)), clocks))
        }

        /// Closed cases of the window with no `kind` event since they were closed. The closings
        /// come from their own index (`case_events_closings`); `+case_id` keeps the planner from
        /// walking every event in case order to group them instead.
        func followUps(_ kind: EventKind, onlyKind: CaseKind?) throws -> TodayReport.Section {
            try section(
                """
                JOIN (SELECT case_id, max(created) AS closed_at FROM case_events
                      WHERE kind = 'status' AND status = 'closed' AND created >= ? GROUP BY +case_id) z ON z.case_id = c.id
                WHERE c.status = 'closed' \(onlyKind == nil ? "" : "AND c.kind = ?")
                AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = ? AND e.created >= z.closed_at)
                """, order: "z.closed_at, substr(c.id, 1, instr(c.id, '.') - 1), CAST(substr(c.id, instr(c.id, '.') + 1) AS INTEGER)",
                [.text(windowStart)] + (onlyKind.map { [Value.text($0.rawValue)] } ?? []) + [.text(kind.rawValue)])
        }

        let member = try staff.flatMap { try StaffBook(store: store).member(named: $0) }
        let empty = TodayReport.Section(total: 0, cases: [])
        let tierQueue = try member.map { member in
            try section("WHERE \(open) AND c.assignee IS NULL AND c.tier = ?", [.integer((member.tier ?? .one).number)])
        }
        let levels = NotificationLevel.allCases.filter { $0.audience == member?.role }.map(\.rawValue)
        let notifications = try member.map { member in
            try section(
                """
                WHERE EXISTS (SELECT 1 FROM json_each(c.notified) n WHERE n.value IN (SELECT value FROM json_each(?))
                              AND n.value NOT IN (SELECT value FROM json_each(coalesce(c.acknowledged, '[]'))))
                AND (? IS NULL OR c.department IS NULL OR c.department = ?)
                """, [jsonArray(levels), member.department.map(Value.text) ?? .null, member.department.map(Value.text) ?? .null])
        }
        // Every deadline section is read at one instant.
        let now = clock()
        var shown = CaseFilter()
        shown.limit = limit
        // The deadline sections, read together at one instant.
        var queries = [
            CaseBook.DueQuery(filter: shown, window: CaseBook.overdue(at: now)),
            CaseBook.DueQuery(filter: shown, window: CaseBook.DueWindow(from: now, through: now + Self.dueSoon)),
        ]
        if let member { queries.append(alerts(for: member, now: now, limit: limit)) }
        let lists = try cases.due(queries, clocks, now: now)
        let (late, soon) = (lists[0], lists[1])
        let alerts = lists.count > 2 ? TodayReport.Section(total: lists[2].total, cases: lists[2].cases) : empty
        return TodayReport(
            date: today.description, staff: staff, deadlines: Deadlines(computed: true, items: []),
            overdue: TodayReport.Section(total: late.total, cases: late.cases),
            dueSoon: TodayReport.Section(total: soon.total, cases: soon.cases),
            alerts: alerts,
            critical: try section("WHERE \(open) AND c.severity = 'critical'"),
            urgentWithoutContactToday: try section(
                """
                WHERE c.status IN ('new', 'in-progress') AND c.severity = 'urgent'
                AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact' AND e."at" >= ?)
                """, [.integer(Int64(startOfToday))]),
            mine: try staff.map { try section("WHERE \(open) AND c.assignee = ?", [.text($0)]) } ?? empty,
            tierQueue: tierQueue ?? empty, notifications: notifications ?? empty,
            surveysToDo: try followUps(.survey, onlyKind: nil),
            revisitsToDo: try followUps(.revisit, onlyKind: .complaint),
            followUpDays: Self.followUpDays
        )
    }
}
