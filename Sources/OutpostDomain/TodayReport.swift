/// The clerk's queue for today (`outpost today`), in the order it is worked.
package struct TodayReport: Hashable, Sendable, Encodable {
    /// The station's date, `YYYY-MM-DD`.
    package var date: String
    package var staff: String?
    /// Overdue first, then due soon: filled by the SLA clocks (`computed` false until then).
    package var deadlines: Deadlines
    /// Open critical cases, station-wide: each one is an alert.
    /// Cases with a breached clock, nearest due first.
    package var overdue: Section
    /// Cases with a clock due within 4 hours, not overdue, nearest first.
    package var dueSoon: Section
    /// Overdue cases whose breached clocks alert the reader's role.
    package var alerts: Section
    package var critical: Section
    /// Open urgent cases with no contact recorded today (the handbook wants a progress contact
    /// every working day; which days are working days is the calendar's business).
    package var urgentWithoutContactToday: Section
    /// Open cases assigned to the clerk, most urgent first.
    package var mine: Section
    /// Escalated cases waiting, unassigned, in the reader's tier (`case take`).
    package var tierQueue: Section
    /// Cases whose notifications for the reader's role are not acknowledged (`case ack`).
    package var notifications: Section
    /// Cases closed in the last `followUpDays` days with no survey since closing.
    package var surveysToDo: Section
    /// Complaints closed in the last `followUpDays` days with no revisit since closing.
    package var revisitsToDo: Section
    package var followUpDays: Int

    /// The first cases of a section, most urgent first, and how many there are in all.
    package struct Section: Hashable, Sendable, Encodable {
        package var total: Int
        package var cases: [CaseListing]
    }

    enum CodingKeys: String, CodingKey {
        case date, staff, deadlines, overdue
        case dueSoon
        case alerts
        case critical
        case urgentWithoutContactToday
        case mine
        case tierQueue
        case notifications
        case surveysToDo
        case revisitsToDo
        case followUpDays
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(staff, forKey: .staff)
        try container.encode(deadlines, forKey: .deadlines)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(dueSoon, forKey: .dueSoon)
        try container.encode(alerts, forKey: .alerts)
        try container.encode(critical, forKey: .critical)
        try container.encode(urgentWithoutContactToday, forKey: .urgentWithoutContactToday)
        try container.encode(mine, forKey: .mine)
        try container.encode(tierQueue, forKey: .tierQueue)
        try container.encode(notifications, forKey: .notifications)
        try container.encode(surveysToDo, forKey: .surveysToDo)
        try container.encode(revisitsToDo, forKey: .revisitsToDo)
        try container.encode(followUpDays, forKey: .followUpDays)
    }
}
