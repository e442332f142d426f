import OutpostCore
import OutpostStore

/// The deadline clocks of cases (`docs/ARCHITECTURE.md`, "Deadlines"): computed from the case's
/// events and fields, the policy and the calendar, never synced. A case's own page computes them
/// afresh; listings filter and order by the local deadline cache (`CaseBook+ClockCache.swift`).
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

    /// The policy and calendars, read through `reader` (the store, unless a transaction must see
    /// them with what it writes).
    package func clocks() throws -> Clocks { try clocks(store) }

    func clocks(_ reader: any RecordReader) throws -> Clocks {
        let regions = try PolicyBook.regions(from: reader)
        var regional = [String: WorkingCalendar]()
        for region in Set(regions.values) { regional[region] = try PolicyBook.calendar(region: region, from: reader) }
        return Clocks(
            policy: try PolicyBook.policy(from: reader), calendar: try PolicyBook.calendar(region: nil, from: reader), regional: regional,
            regions: regions)
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

    /// Listings with their deadlines, all computed at one instant (`now`, else the clock's).
    func withDeadlines(_ listings: [CaseListing], _ clocks: Clocks, now: UInt64? = nil) throws -> [CaseListing] {
        let events = try clockEvents(of: listings.map(\.case.id))
        let now = now ?? clock()
        return listings.map { listing in
            var listing = listing
            let facts = CaseFacts(listing.case, events: events[listing.case.id] ?? [])
            listing.deadlines = Deadlines.compute(facts, policy: clocks.policy, calendar: clocks.calendar(for: listing.case), now: now)
            return listing
        }
    }

    /// Cases asked for in one query hold this many ids: a list of every case not closed is read
    /// in a few dozen queries, not one per case, and no statement binds a huge array.
    static let clockEventsChunk = 2_000

    /// The events the clocks read (`CaseFacts.unreadKinds` left out) of each of `caseIDs`, each
    /// case's in the order recorded, as `events(of:)` returns them.
    func clockEvents(of caseIDs: [String], _ reader: (any RecordReader)? = nil) throws -> [String: [CaseEvent]] {
        let reader = reader ?? store
        var events = [String: [CaseEvent]]()
        let unread = jsonArray(CaseFacts.unreadKinds.map(\.rawValue))
        var start = 0
        while start < caseIDs.count {
            let chunk = caseIDs[start..<min(start + Self.clockEventsChunk, caseIDs.count)]
            start += chunk.count
            let rows = try reader.records(
                """
                SELECT * FROM case_events WHERE case_id IN (SELECT value FROM json_each(?))
                AND kind NOT IN (SELECT value FROM json_each(?)) ORDER BY \(CaseEvent.recordedOrder)
                """, [jsonArray(Array(chunk)), unread])
            for row in rows {
                let event = CaseEvent(row)
                events[event.caseID, default: []].append(event)
            }
        }
        return events
    }
}
