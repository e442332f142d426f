/// Everything `case show` prints: every field, the customer, the timeline, counters derived from
/// the events, open conflicts and the deadlines.
package struct CaseDetail: Hashable, Sendable, Encodable {
    package var `case`: ServiceCase
    /// The survivor of the case's customer record.
    @Nullable package var customer: Customer? = nil
    /// Oldest first.
    package var events: [CaseEvent]
    /// Fields whose stations disagree; the case shows one value until someone settles it.
    package var conflicts: [FieldConflict]
    package var counters: Counters
    package var deadlines: Deadlines
    /// Who opened the case.
    @Nullable package var openedBy: String? = nil
    /// Numbers of the cases that follow this one up, and of the cases this one relates to.
    package var followUps: [String] = []
    @Nullable package var followUpOf: String? = nil
    @Nullable package var warrantyOf: String? = nil
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

}
