import ArgumentParser
import OutpostDomain

/// `outpost sla`: the SLA policy's rules, as data a manager can change.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Show and change the deadline rules (the SLA policy).",
        discussion: """
            Each rule reads a time limit of the service handbooks: the cases it applies to, the \
            event that starts it and the one that meets it, its duration and unit, and who is \
            alerted when it breaches. A manager changes a rule's duration, unit and whether it \
            applies; the change is replicated, and deadlines are recomputed on every station. \
            Use --lang zh for Chinese.

            Example:
              outpost sla show
              outpost sla set first-contact-urgent --within 6h
              outpost sla set keep-in-loop-critical --within 2h --unit business-hours
              outpost sla set revisit --off
            """,
        subcommands: [Show.self, Set.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule with its duration, unit and handbook line.",
            discussion: """
                Example:
                  outpost sla show
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try withDesk(station, output) { desk in
                let console = desk.console
                var table = TextTable([
                    .init(title: console.say("RULE", "规则"), maxWidth: 26),
                    .init(title: console.say("WHAT", "内容"), maxWidth: 44),
                    .init(title: console.say("WITHIN", "时限"), maxWidth: 22),
                    .init(title: console.say("ALERTS", "提醒"), maxWidth: 12),
                    .init(title: console.say("HANDBOOK", "手册"), maxWidth: 8),
                    .init(title: console.say("APPLIES", "生效"), maxWidth: 10),
                ])
                for entry in try PolicyBook(store: desk.store).policy().all {
                    let rule = entry.rule
                    table.append([
                        .init(rule.id, .bold), .init(console.say(rule.title)), .init(console.say(rule.budget.phrase)),
                        .init(console.term(rule.alert)), .init(rule.handbook.map { "#\($0)" }.joined(separator: ",")),
                        .init(
                            (entry.applies ? console.say("yes", "是") : console.say("no", "否"))
                                + (entry.changed ? console.say(" (changed)", "（已修改）") : "")),
                    ])
                }
                for line in table.render(on: console) { console.line(line) }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a rule's duration, unit, or whether it applies (a manager).",
            discussion: """
                --within takes hours, minutes, days or working days: 8h, 90m, 3d, 3wd. With \
                --unit business-hours, hours count only working hours of the calendar.

                Example:
                  outpost sla set first-contact-normal --within 8h --unit business-hours
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The rule's id, as `outpost sla show` lists it.")
        var rule: String

        @Option(help: "The duration: 8h, 90m, 3d or 3wd.")
        var within: String?

        @Option(help: "elapsed, business-hours or working-days.")
        var unit: String?

        @Flag(help: "The rule no longer applies.")
        var off = false

        @Flag(help: "The rule applies again.")
        var on = false

        func validate() throws {
            if off && on { throw ValidationError("give --off or --on, not both") }
            if within == nil && unit == nil && !off && !on { throw ValidationError("nothing to change: give --within, --unit, --off or --on") }
        }

        func run() throws {
            try withDesk(station, output) { desk in
                let changed = try PolicyBook(store: desk.store).setRule(
                    rule, within: within, unit: unit, applies: off ? false : (on ? true : nil), by: try desk.author())
                desk.console.line(
                    desk.console.say(
                        "\(changed.id): within \(changed.budget.phrase.english)\(off ? ", no longer applies" : "").",
                        "\(changed.id)：时限 \(changed.budget.phrase.chinese)\(off ? "，不再生效" : "")。"))
            }
        }
    }
}
