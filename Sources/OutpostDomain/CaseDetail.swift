/// Everything `case show` prints: every field, the customer, the timeline, counters derived from
/// the events, open conflicts and the deadlines.
package struct CaseDetail: Hashable, Sendable, Encodable {
    package var `case`: ServiceCase
    /// The survivor of the case's customer record.
    package var customer: Customer?
    /// Oldest first.
    package var events: [CaseEvent]
    /// Fields whose stations disagree; the case shows one value until someone settles it.
    package var conflicts: [FieldConflict]
    package var counters: Counters
    package var deadlines: Deadlines
    /// Who opened the case.
    package var openedBy: String?
    /// Numbers of the cases that follow this one up, and of the cases this one relates to.
    package var followUps: [String] = []
    package var followUpOf: String?
    package var warrantyOf: String?
    /// After-sales: the steps allowed next, and the steps the merged order did not allow that no
    /// lead has settled yet.
    package var nextSteps: [Milestone] = []
    package var unsettledSteps: [UnsettledStep] = []

    /// A step two stations took concurrently that together break the service's order.
    package struct UnsettledStep: Hashable, Sendable, Encodable {
        package var event: String
        package var step: String
        package var why: String
        package var whyChinese: String
    }

    /// Counts derived from the events, never stored (`docs/ARCHITECTURE.md`, "Append-only events").
    package struct Counters: Hashable, Sendable, Encodable {
        package var contacts: Int
        package var contactsReached: Int
        package var reopens: Int

        init(_ events: [CaseEvent]) {
            contacts = events.filter { $0.kind == EventKind.contact.rawValue }.count
            contactsReached = events.filter { $0.kind == EventKind.contact.rawValue && $0.outcome == ContactOutcome.reached.rawValue }.count
            reopens = events.filter { $0.kind == EventKind.status.rawValue && $0.outcome == StatusStep.reopen.rawValue }.count
        }
    }

    enum CodingKeys: String, CodingKey {
        case `case`, customer, events, conflicts, counters, deadlines
        case openedBy, followUps, followUpOf, warrantyOf, nextSteps, unsettledSteps
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.case, forKey: .case)
        try container.encode(customer, forKey: .customer)
        try container.encode(events, forKey: .events)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(counters, forKey: .counters)
        try container.encode(deadlines, forKey: .deadlines)
        try container.encode(openedBy, forKey: .openedBy)
        try container.encode(followUps, forKey: .followUps)
        try container.encode(followUpOf, forKey: .followUpOf)
        try container.encode(warrantyOf, forKey: .warrantyOf)
        try container.encode(nextSteps.map(\.rawValue), forKey: .nextSteps)
        try container.encode(unsettledSteps, forKey: .unsettledSteps)
    }
}
