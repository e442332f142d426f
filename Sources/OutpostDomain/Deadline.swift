/// One deadline clock of a case (`docs/ARCHITECTURE.md`, "Deadlines"), computed on each replica
/// from the case's events and fields, the SLA policy and the calendar; never stored or synced.
package struct Deadline: Hashable, Sendable, Encodable {
    package enum State: String, Hashable, Sendable, Encodable {
        /// Due in the future.
        case running
        /// The case waits on the customer: the clock stands still with time left.
        case paused
        /// Met on time.
        case met
        /// Met, but after it was due.
        case metLate = "met-late"
        /// Due in the past and not met.
        case breached
    }

    /// The rule's id (`first-contact-urgent`, `repair`, ...).
    package var rule: String
    package var title: Phrase
    /// When the clock started, milliseconds since 1970.
    package var started: UInt64 = 0
    /// When it is due, milliseconds since 1970; nil while paused.
    package var due: UInt64?
    package var state: State
    package var metAt: UInt64?
    /// Time left (running) or late (breached, met late), in milliseconds; for a paused clock,
    /// what is left in its own unit.
    package var left: UInt64?
    package var late: UInt64?
    package var pausedLeft: ClockBudget?
    /// Who is alerted when it breaches.
    package var alert: Role

    package var isOpen: Bool { state == .running || state == .paused || state == .breached }

    enum CodingKeys: String, CodingKey {
        case rule, started, due, state, metAt, leftMinutes, lateMinutes, alert
    }

    /// Times as ISO 8601 UTC, durations in whole minutes; every key present.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(StationTime.isoText(started), forKey: .started)
        try container.encode(due.map(StationTime.isoText), forKey: .due)
        try container.encode(state, forKey: .state)
        try container.encode(metAt.map(StationTime.isoText), forKey: .metAt)
        try container.encode(left.map { $0 / 60_000 }, forKey: .leftMinutes)
        try container.encode(late.map { $0 / 60_000 }, forKey: .lateMinutes)
        try container.encode(alert.rawValue, forKey: .alert)
    }
}
