import OutpostCore
package import OutpostStore

/// Builds the clerk's queue for today (issue 5 "`outpost today`").
///
/// Everything here is read from current fields and events: no deadline arithmetic. The
/// deadline sections (overdue, due soon, critical alerts not yet seen by a manager) belong to
/// the SLA clocks and are reported as not computed until they exist.
package struct TodayQueue: Sendable {
    package let store: StationStore
    let clock: @Sendable () -> UInt64
    /// How far back "surveys and revisits to do" look: a window for the list, not a deadline.
    package static let followUpDays = 7

    package init(store: StationStore, clock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds) {
        self.store = store
        self.clock = clock
    }

    /// Today's queue for a staff member (nil: nobody's own cases are listed).
    package func report(for staff: String?) throws -> TodayReport {
        let cases = CaseBook(store: store, clock: clock)
        let time = try cases.stationTime()
        let now = clock()
        let today = time.date(at: now)
        let startOfToday = time.start(of: today)
        let windowStart = StationTime.isoText(time.start(of: LocalDate(daysSince1970: today.daysSince1970 - Int64(Self.followUpDays))))
        let open = "status IN ('new', 'in-progress', 'waiting')"
        func query(_ sql: String, _ arguments: [Value] = []) throws -> [CaseListing] {
            try cases.listings(try store.records(sql, arguments).map(ServiceCase.init))
        }
        let critical = try query("SELECT * FROM cases WHERE \(open) AND severity = 'critical' ORDER BY \(CaseBook.urgencyOrder)")
        let urgent = try query("""
            SELECT * FROM cases c WHERE status IN ('new', 'in-progress') AND severity = 'urgent'
            AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact' AND e."at" >= ?)
            ORDER BY \(CaseBook.urgencyOrder)
            """, [.integer(Int64(startOfToday))])
        let mine = try staff.map { staff in
            try query("SELECT * FROM cases WHERE \(open) AND assignee = ? ORDER BY \(CaseBook.urgencyOrder)", [.text(staff)])
        } ?? []
        func followUps(_ kind: EventKind, onlyKind: CaseKind?) throws -> [CaseListing] {
            try query("""
                SELECT c.* FROM cases c
                JOIN (SELECT case_id, max(created) AS closed_at FROM case_events
                      WHERE kind = 'status' AND status = 'closed' AND created >= ? GROUP BY case_id) z ON z.case_id = c.id
                WHERE c.status = 'closed' \(onlyKind == nil ? "" : "AND c.kind = ?")
                AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = ? AND e.created >= z.closed_at)
                ORDER BY z.closed_at
                """, [.text(windowStart)] + (onlyKind.map { [Value.text($0.rawValue)] } ?? []) + [.text(kind.rawValue)])
        }
        return TodayReport(
            date: today.description, staff: staff, deadlines: .notComputed, critical: critical,
            urgentWithoutContactToday: urgent, mine: mine,
            surveysToDo: try followUps(.survey, onlyKind: nil), revisitsToDo: try followUps(.revisit, onlyKind: .complaint),
            followUpDays: Self.followUpDays
        )
    }
}
