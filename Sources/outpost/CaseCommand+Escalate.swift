import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case escalate`: raise a case to tier 2 or 3.
    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Escalate a case to tier 2 (technical) or 3 (experts).",
            discussion: """
                Tier 1 escalates when it cannot resolve a case; the reason is recorded and the \
                escalation clock starts. Escalating to the same or a lower tier is refused.

                Example:
                  outpost case escalate SZ01-20261123-0001 --tier 2 --reason "一线无法解决：主板故障"
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Option(help: "2 or 3 (二线, 三线).")
        var tier: String

        @Option(help: "Why the case is escalated.")
        var reason: String

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.escalate(number, tier: tier, reason: reason, by: try desk.author())
                let label = Tier.matching(tier).map(desk.console.term) ?? tier
                desk.report(result, done: Phrase("escalated to tier \(label)", "已升级至\(label)"))
            }
        }
    }
}
