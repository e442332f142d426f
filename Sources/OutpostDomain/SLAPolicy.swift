import OutpostCore

/// The SLA policy in force (`docs/ARCHITECTURE.md`, "Deadlines"): the handbooks' rules
/// (`SLARule.defaults`) with the changes managers made, read from the replicated `sla_rules`
/// rows. A rule set at two stations concurrently is read from the row written last.
package struct SLAPolicy: Sendable {
    /// The rules that apply, with their budgets as changed.
    package var rules: [SLARule]
    /// Every rule, whether it applies, for `sla show`.
    package var all: [(rule: SLARule, applies: Bool, changed: Bool)]

    package static let defaults = SLAPolicy(changes: [:])

    /// A manager's change to one rule.
    package struct Change: Hashable, Sendable {
        package var budget: ClockBudget
        package var applies: Bool
    }

    package init(changes: [String: Change]) {
        all = SLARule.defaults.map { rule in
            var rule = rule
            guard let change = changes[rule.id] else { return (rule, true, false) }
            rule.budget = change.budget
            return (rule, change.applies, true)
        }
        rules = all.filter(\.applies).map(\.rule)
    }
}
