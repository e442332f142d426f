import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case escalate`: raise a case to tier 2 or 3.
    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Escalate a case to tier 2 (technical) or 3 (experts).",
            discussion: """
                Tier 1 escalates when it cannot resolve a case; the reason is recorded and the \
                escalation clock starts. Escalating to the same or a lower tier is refused. The \
                case waits, unassigned, in that tier's queue (shown in `outpost today`) until one \
                of its members runs `outpost case take`, unless --to names who receives it.

                Example:
                  outpost case escalate SZ01-20261123-0001 --tier 2 \\
                      --reason "一线无法解决：主板故障"
                  outpost case take SZ01-20261123-0001 --as 赵强
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

        @Option(help: "Who receives it, instead of the tier's queue.")
        var to: String?

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.escalate(number, tier: tier, reason: reason, to: to, by: try desk.author())
                let label = Tier.matching(tier).map(desk.console.term) ?? tier
                let receiver = to.map { Phrase(", with \($0)", "，由 \($0) 接手") } ?? Phrase(", in its queue", "，进入该层级待接手队列")
                desk.report(result, done: Phrase("escalated to tier \(label)\(receiver.english)", "已升级至\(label)\(receiver.chinese)"))
            }
        }
    }

    /// `case take`: a member of the case's tier accepts an escalated case.
    struct Take: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take an escalated case from your tier's queue.",
            discussion: """
                The receiving side confirms a transfer: a member of the case's tier (or a higher \
                one) takes it, and it is assigned to them. `outpost today` lists the untaken cases \
                of your tier. Use --lang zh for Chinese.

                Example:
                  outpost case take SZ01-20261123-0001 --as 赵强
                """
        )

        @OptionGroup var options: StatusStepOptions

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                let staff = try desk.author()
                desk.report(try desk.cases.take(options.number, by: staff), done: Phrase("taken by \(staff)", "已由 \(staff) 接手"))
            }
        }
    }

    /// `case ack`: acknowledge a case's notifications.
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge the notifications of a case meant for your role.",
            discussion: """
                Urgent cases notify the supervisors of their department, critical cases the \
                managers, and unhappy customers' follow-ups a lead; `outpost today` shows them \
                until acknowledged. Use --lang zh for Chinese.

                Example:
                  outpost case ack SZ01-20261123-0001 --as 周主管
                """
        )

        @OptionGroup var options: StatusStepOptions

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                let (result, levels) = try desk.cases.acknowledge(options.number, by: try desk.author())
                let names = levels.map(desk.console.term).joined(separator: ", ")
                desk.report(result, done: Phrase("acknowledged: \(names)", "已确认：\(names)"))
            }
        }
    }
}

extension CaseCommand {
    /// `case warned`: the customer was told a repair will take longer.
    struct Warned: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that the customer was warned a repair will take longer than 5 working days.",
            discussion: """
                The handbook asks to warn the customer early when a repair cannot be handed back \
                within 5 working days; this meets the repair-warning deadline. Use --lang zh for \
                Chinese.

                Example:
                  outpost case warned SZ01-20261123-0003 --note "配件缺货，预计多 3 天"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "What the customer was told.")
        var note: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.record(.warned, options.number, note: note, by: try desk.author()),
                    done: Phrase("customer warned", "已提前告知客户"))
            }
        }
    }

    /// `case reported`: a walk-in complaint reported to customer service.
    struct Reported: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a walk-in complaint was reported to customer service.",
            discussion: """
                A complaint made at the counter is answered on the spot and reported to the \
                customer-service department within 2 hours. Use --lang zh for Chinese.

                Example:
                  outpost case reported SZ01-20261123-0002 --note "已报客服部王主管"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "To whom, and what was said.")
        var note: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.record(.reported, options.number, note: note, by: try desk.author()),
                    done: Phrase("reported to customer service", "已上报客服部门"))
            }
        }
    }
}
