/// What the deadline clocks read of a case (`docs/ARCHITECTURE.md`, "Deadlines"): its current
/// fields and its events, in the order recorded. Nothing else: never superseded values, nor the
/// time a change was received, so every replica with the same changes reads the same facts.
package struct CaseFacts: Sendable {
    package var serviceCase: ServiceCase
    package var events: [CaseEvent]

    package init(_ serviceCase: ServiceCase, events: [CaseEvent]) {
        self.serviceCase = serviceCase
        self.events = events
    }

    package var arrival: UInt64 { serviceCase.arrived }

    /// Kinds of event no rule reads: a listing's clocks are computed without loading them (a
    /// case's notes outnumber its other events). A rule that comes to read one of them must take
    /// it off this list.
    package static let unreadKinds: [EventKind] = [.note, .change, .ack, .override]

    func of(_ kind: EventKind) -> [CaseEvent] { events.filter { $0.kind == kind.rawValue } }

    func step(_ step: Milestone) -> [CaseEvent] { of(.milestone).filter { $0.outcome == step.rawValue } }

    func status(_ status: CaseStatus) -> [CaseEvent] { of(.status).filter { $0.status == status.rawValue } }

    /// The first event of a list at or after an instant.
    func first(_ events: [CaseEvent], after instant: UInt64) -> UInt64? {
        events.map(\.happened).filter { $0 >= instant }.min()
    }

    /// Contacts in which the customer was reached.
    var reached: [CaseEvent] { of(.contact).filter { $0.outcome == ContactOutcome.reached.rawValue } }

    /// Solutions offered to the customer (with a text), not those obtained from a department.
    var offered: [CaseEvent] { of(.solution).filter { $0.body != nil && $0.outcome != SolutionResponse.obtained } }

    /// The spans the case waited on the customer: from each step into `waiting` to the next
    /// status event; the last is open while it still waits.
    var waiting: [Range<UInt64>] {
        var spans = [Range<UInt64>]()
        var since: UInt64?
        for event in of(.status) {
            let time = event.happened
            if event.status == CaseStatus.waiting.rawValue {
                if since == nil { since = time }
            } else if let start = since {
                if time > start { spans.append(start..<time) }
                since = nil
            }
        }
        if let since {
            // The status shown may have left `waiting` through a concurrent step at another
            // station, which writes no status event: the pause then ends with the case's latest
            // event.
            if serviceCase.caseStatus == .waiting {
                spans.append(since..<UInt64.max)
            } else if let end = events.filter({ !Self.unreadKinds.map(\.rawValue).contains($0.kind) }).map(\.happened).filter({ $0 > since }).max() {
                spans.append(since..<end)
            }
        }
        return spans
    }
}

extension SolutionResponse {
    /// The `outcome` of a solution obtained from the responsible department, to be answered to
    /// the customer (`case solution --obtained`).
    package static let obtained = "obtained"
}
