import ArgumentParser
import OutpostDomain

/// The after-sales milestones share everything but the milestone.
struct MilestoneOptions: ParsableArguments {
    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The case number or id.")
    var number: String

    @Option(help: "A remark (a tracking number, the repair done).")
    var note: String?
}

extension ParsableCommand {
    func record(_ milestone: Milestone, _ options: MilestoneOptions) throws {
        try withDesk(options.station, options.output) { desk in
            let result = try desk.cases.milestone(options.number, milestone, note: options.note, by: try desk.author())
            desk.report(result, done: Phrase("milestone: \(milestone.english)", "售后进度：\(milestone.chinese)"))
        }
    }
}

extension CaseCommand {
    struct Received: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After-sales: the customer's product has arrived.",
            discussion: """
                For repairs, replacements and returns. Recorded while waiting on the customer, it \
                ends the wait.

                Example:
                  outpost case received SZ01-20261123-0003 --note "外观无损"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.received, options) }
    }

    struct Repaired: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After-sales: the repair is done.",
            discussion: """
                For repairs only.

                Example:
                  outpost case repaired SZ01-20261123-0003 --note "更换电池"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.repaired, options) }
    }

    struct Shipped: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After-sales: the replacement (or the repaired product) has been shipped.",
            discussion: """
                For replacements and repairs.

                Example:
                  outpost case shipped SZ01-20261123-0003 --note "顺丰 SF1234567890"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.shipped, options) }
    }

    struct Refunded: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After-sales: the refund has been paid.",
            discussion: """
                For returns only.

                Example:
                  outpost case refunded SZ01-20261123-0004 --note "原路退回 ¥399"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.refunded, options) }
    }
}
