/// Every deadline of a case, all of them shown, not only the nearest (`docs/ARCHITECTURE.md`,
/// "Deadlines").
package struct Deadlines: Hashable, Sendable, Encodable {
    /// False where no clocks apply (a replica read without a policy); kept for the JSON shape.
    package var computed: Bool
    package var items: [Deadline]

    package init(computed: Bool, items: [Deadline]) {
        self.computed = computed
        self.items = items
    }

    package static let notComputed = Deadlines(computed: false, items: [])

    /// The clocks of a case at `now`: every rule of the policy that applies and has started.
    package static func compute(_ facts: CaseFacts, policy: SLAPolicy, calendar: WorkingCalendar, now: UInt64) -> Deadlines {
        var items = [Deadline]()
        for rule in policy.rules where rule.applies(facts) {
            guard let start = rule.start(facts) else { continue }
            let pauses = rule.pauses ? facts.waiting : []
            let clock = DeadlineClock(start: start, budget: rule.budget, pauses: pauses)
            var due = clock.due(on: calendar)
            if let fixed = rule.fixedDue?(facts) { due = fixed }
            let metAt = rule.met(facts, start)
            var deadline = Deadline(rule: rule.id, title: rule.title, due: due, state: .running, alert: rule.alert)
            deadline.metAt = metAt
            deadline.started = start
            switch (metAt, due) {
            case (let met?, let due?):
                deadline.state = met <= due ? .met : .metLate
                if met > due { deadline.late = met - due }
            case (_?, nil):
                deadline.state = .met
            case (nil, nil):
                deadline.state = .paused
                deadline.pausedLeft = clock.left(at: now, on: calendar)
            case (nil, let due?):
                if now > due {
                    deadline.state = .breached
                    deadline.late = now - due
                } else if pauses.last.map({ $0.upperBound == UInt64.max && $0.lowerBound <= now }) == true {
                    deadline.state = .paused
                    deadline.pausedLeft = clock.left(at: now, on: calendar)
                } else {
                    deadline.left = due - now
                }
            }
            items.append(deadline)
        }
        // Open clocks first, nearest due first; then those met.
        items.sort { a, b in
            (a.isOpen ? 0 : 1, a.due ?? UInt64.max, a.rule) < (b.isOpen ? 0 : 1, b.due ?? UInt64.max, b.rule)
        }
        return Deadlines(computed: true, items: items)
    }

    /// The nearest due time among the open clocks.
    package var nearest: UInt64? { items.filter(\.isOpen).compactMap(\.due).min() }

    package var isOverdue: Bool { items.contains { $0.state == .breached } }
}
