import ArgumentParser
import OutpostDomain
import OutpostStore

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
              outpost sla report --from 2026-11-01 --to 2026-11-30 --by station
            """,
        subcommands: [Show.self, Set.self, Report.self]
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
                    .init(title: console.say("APPLIES", "生效"), maxWidth: 16),
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

        func run() throws {
            try withDesk(station, output) { desk in
                // Checked here rather than in `validate()`, so the refusal speaks the reader's language.
                if off && on {
                    throw CommandFailure(.usage, "give --off or --on, not both", "--off 与 --on 只能给一个")
                }
                if within == nil && unit == nil && !off && !on {
                    throw CommandFailure(
                        .usage, "nothing to change: give --within, --unit, --off or --on", "没有要修改的内容：请给出 --within、--unit、--off 或 --on")
                }
                let changed = try PolicyBook(store: desk.store).setRule(
                    rule, within: within, unit: unit, applies: off ? false : (on ? true : nil), by: try desk.author())
                desk.console.line(
                    desk.console.say(
                        "\(changed.id): within \(changed.budget.phrase.english)\(off ? ", no longer applies" : "").",
                        "\(changed.id)：时限 \(changed.budget.phrase.chinese)\(off ? "，不再生效" : "")。"))
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Met and breached deadlines over a period, by rule, station or staff, with the median time to meet.",
            discussion: """
                Counts the clocks that started in the period (station dates, both included): met \
                on time, and breached (met late or overdue), with the median time from start to \
                meeting. Clocks still running are not counted.

                Example:
                  outpost sla report --from 2026-11-01 --to 2026-11-30 --by rule
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "The first day, YYYY-MM-DD (default: 7 days before --to).")
        var from: String?

        @Option(help: "The last day, YYYY-MM-DD (default: today).")
        var to: String?

        @Option(help: "rule, station or staff.")
        var by: String = "rule"

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let console = desk.console
                let today = desk.time.date(at: StationStore.systemMilliseconds())
                func date(_ text: String?, _ fallback: LocalDate, _ option: String) throws -> LocalDate {
                    guard let text else { return fallback }
                    guard let date = LocalDate(parsing: text) else {
                        throw CommandFailure(
                            .userError, "invalid \(option) '\(text)': expected YYYY-MM-DD", "无效的 \(option)「\(text)」：应为 YYYY-MM-DD")
                    }
                    return date
                }
                let last = try date(to, today, "--to")
                let first = try date(from, LocalDate(daysSince1970: last.daysSince1970 - 6), "--from")
                guard first <= last else {
                    throw CommandFailure(.userError, "--from \(first) is after --to \(last)", "--from \(first) 晚于 --to \(last)")
                }
                guard let grouping = SLAReport.Grouping(rawValue: by.lowercased()) else {
                    throw CommandFailure(
                        .userError, "invalid --by '\(by)': expected rule, station or staff", "无效的 --by「\(by)」：应为 rule、station 或 staff")
                }
                let report = try SLAReport.make(desk.cases, from: first, to: last, by: grouping)
                if json { return try JSONOutput.print(report) }
                let groupName = grouping == .rule ? "规则" : grouping == .station ? "站点" : "员工"
                console.line(console.say("Deadlines started \(first) – \(last), by \(grouping.rawValue)", "\(first) 至 \(last) 开始的时限，按\(groupName)"))
                guard !report.rows.isEmpty else {
                    return console.line("  " + console.say("no deadline met or breached in this period", "此期间没有已完成或逾期的时限"))
                }
                var table = TextTable([
                    .init(title: console.say(grouping.rawValue.uppercased(), groupName), maxWidth: 28),
                    .init(title: console.say("MET", "按时"), maxWidth: 8, alignRight: true),
                    .init(title: console.say("BREACHED", "逾期"), maxWidth: 10, alignRight: true),
                    .init(title: console.say("MEDIAN TO MEET", "完成用时中位数"), maxWidth: 16),
                ])
                for row in report.rows {
                    table.append([
                        .init(row.key, .bold), .init(String(row.met)), .init(String(row.breached), row.breached > 0 ? .red : nil),
                        .init(row.medianMinutesToMeet.map { DeadlinesView(desk: desk).duration(UInt64($0) * 60_000) }),
                    ])
                }
                for line in table.render(on: console) { console.line("  " + line) }
            }
        }
    }
}
