import ArgumentParser
import OutpostDomain

/// The pure status steps share everything but the step.
struct StatusStepOptions: ParsableArguments {
    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The case number or id.")
    var number: String
}

extension CaseCommand {
    struct Wait: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The case is waiting on the customer: its clocks pause.",
            discussion: """
                From in-progress only; `outpost case resume` goes back.

                Example:
                  outpost case wait SZ01-20261123-0001 --reason "等客户寄回产品"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "What the case waits for.")
        var reason: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.wait(options.number, reason: reason, by: try desk.author()),
                    done: Phrase("waiting on the customer", "等待客户"))
            }
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The customer answered: back to in-progress.",
            discussion: """
                Example:
                  outpost case resume SZ01-20261123-0001 --note "客户已回复"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "A remark.")
        var note: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.resume(options.number, note: note, by: try desk.author()),
                    done: Phrase("resumed", "已恢复处理"))
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an in-progress case resolved.",
            discussion: """
                A new case must be worked first (a contact, a solution); a waiting case must be \
                resumed first.

                Example:
                  outpost case resolve SZ01-20261123-0001 --note "已更换屏幕，客户确认正常"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "How it was resolved.")
        var note: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.resolve(options.number, note: note, by: try desk.author()),
                    done: Phrase("resolved", "已解决"))
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a resolved case.",
            discussion: """
                Surveys and revisits follow closing. A complaint closes only after the customer \
                accepted a solution (`outpost case solution N --accepted yes`); otherwise a lead \
                closes it with --override "reason", which is recorded. Use --lang zh for Chinese.

                Example:
                  outpost case close SZ01-20261123-0001
                  outpost case close SZ01-20261123-0002 \\
                      --override "客户拒绝方案但已按政策赔付" --as 陈组长
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "A remark.")
        var note: String?

        @Option(help: "A lead's reason to close a complaint the customer did not accept.")
        var override: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.close(options.number, note: note, override: override, by: try desk.author()),
                    done: Phrase("closed", "已关闭"))
            }
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a resolved or closed case.",
            discussion: """
                Example:
                  outpost case reopen SZ01-20261123-0001 --reason "客户反映问题再次出现"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "Why it is reopened.")
        var reason: String

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.reopen(options.number, reason: reason, by: try desk.author()),
                    done: Phrase("reopened", "已重新打开"))
            }
        }
    }
}
