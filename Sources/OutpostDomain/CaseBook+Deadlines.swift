import OutpostCore
import OutpostStore

/// The deadline clocks of cases (`docs/ARCHITECTURE.md`, "Deadlines"): recomputed on every read
/// from the case's events and fields, the policy and the calendar, never stored.
extension CaseBook {
    /// The policy and calendar this replica holds, read once per request.
    package struct Clocks: Sendable {
        package var policy: SLAPolicy
        /// The company's calendar.
        package var calendar: WorkingCalendar
        /// Each region's calendar, and the region of each station by code.
        package var regional: [String: WorkingCalendar] = [:]
        package var regions: [String: String] = [:]

        /// The calendar a case counts on: its opening station's region's, else the company's.
        package func calendar(for serviceCase: ServiceCase) -> WorkingCalendar {
            let code = String(serviceCase.id.prefix { $0 != "." })
            return regions[code].flatMap { regional[$0] } ?? calendar
        }
    }

    package func clocks() throws -> Clocks {
        let book = PolicyBook(store: store)
        let regions = try book.regions()
        var regional = [String: WorkingCalendar]()
        for region in Set(regions.values) { regional[region] = try book.calendar(region: region) }
        return Clocks(policy: try book.policy(), calendar: try book.calendar(), regional: regional, regions: regions)
    }

    /// The events of a case, in the order recorded.
    func events(of caseID: String) throws -> [CaseEvent] {
        try store.records("SELECT * FROM case_events WHERE case_id = ? ORDER BY \(CaseEvent.recordedOrder)", [.text(caseID)]).map(CaseEvent.init)
    }

    /// Every clock of a case now.
    package func deadlines(of serviceCase: ServiceCase, events: [CaseEvent]? = nil, _ clocks: Clocks) throws -> Deadlines {
        let events = try events ?? self.events(of: serviceCase.id)
        return Deadlines.compute(
            CaseFacts(serviceCase, events: events), policy: clocks.policy, calendar: clocks.calendar(for: serviceCase), now: clock())
    }

    /// Listings with their deadlines.
    func withDeadlines(_ listings: [CaseListing], _ clocks: Clocks) throws -> [CaseListing] {
        try listings.map { listing in
            var listing = listing
            listing.deadlines = try deadlines(of: listing.case, clocks)
            return listing
        }
    }
}
