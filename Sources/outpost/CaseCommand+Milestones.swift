import ArgumentParser
import OutpostDomain

/// The after-sales steps share the case and a remark; each adds the details that belong to it.
struct MilestoneOptions: ParsableArguments {
    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The case number or id.")
    var number: String

    @Option(help: "A remark (a tracking number, the repair done).")
    var note: String?
}

extension ParsableCommand {
    func record(_ step: Milestone, _ options: MilestoneOptions, _ details: AfterSalesDetails = .init()) throws {
        var details = details
        details.note = options.note
        try withDesk(options.station, options.output) { desk in
            let result = try desk.cases.afterSales(options.number, step, details, by: try desk.author())
            desk.report(result, done: Phrase("step recorded: \(step.english)", "已记录售后步骤：\(step.chinese)"))
        }
    }
}

/// The after-sales steps, one command each, in the handbook's orders (`docs/ARCHITECTURE.md`,
/// "After-sales steps"):
/// - repair: received (or appoint) → diagnosed → repaired → tested → handed-back;
/// - replacement: conditions-confirmed → received → inspected → voucher → shipped;
/// - return: received → inspected → refunded.
extension CaseCommand {
    static let stepsHelp = """
        Steps by service (a step out of order is refused with exit code 4, naming the steps \
        allowed; use --lang zh for Chinese):
          repair: received (or appoint) → diagnosed → repaired → tested → handed-back
          replacement: conditions-confirmed → received → inspected → voucher → shipped
          return: received → inspected → refunded
        """

    struct Received: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After-sales: the customer's product has arrived.",
            discussion: """
                Recorded while waiting on the customer, it ends the wait.

                \(CaseCommand.stepsHelp)

                Example:
                  outpost case received SZ01-20261123-0003 --note "外观无损"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.received, options) }
    }

    struct Appoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Repair: book an on-site visit.",
            discussion: """
                The time is typed in the station's zone. Booking again moves the visit.

                Example:
                  outpost case appoint SZ01-20261123-0003 --at "2026-11-25 14:00"
                """
        )

        @OptionGroup var options: MilestoneOptions

        @Option(help: "When: YYYY-MM-DD HH:MM, or HH:MM today.")
        var at: String

        func run() throws { try record(.appointment, options, AfterSalesDetails(at: at)) }
    }

    struct Diagnosed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Repair: the fault is found; record the quote and the customer's answer.",
            discussion: """
                With --quote, --approved records whether the customer agreed. A declined quote \
                goes straight to handed-back.

                Example:
                  outpost case diagnosed SZ01-20261123-0003 --quote 180 --approved yes \\
                      --note "主板电容损坏"
                """
        )

        @OptionGroup var options: MilestoneOptions

        @Option(help: "The quote, in yuan.")
        var quote: String?

        @Option(help: "The customer's answer to the quote: yes or no.")
        var approved: String?

        func run() throws { try record(.diagnosed, options, AfterSalesDetails(quote: quote, approved: approved)) }
    }

    struct Repaired: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Repair: the repair is done.",
            discussion: """
                Example:
                  outpost case repaired SZ01-20261123-0003 --note "更换电池"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.repaired, options) }
    }

    struct Tested: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Repair: the repaired product passed its test.",
            discussion: """
                Example:
                  outpost case tested SZ01-20261123-0003 --note "连续运行 2 小时正常"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.tested, options) }
    }

    struct HandedBack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handed-back",
            abstract: "Repair: the product went back to the customer.",
            discussion: """
                A repair of the same serial number opened within 3 months is marked a warranty \
                repair.

                Example:
                  outpost case handed-back SZ01-20261123-0003 --how pickup
                """
        )

        @OptionGroup var options: MilestoneOptions

        @Option(help: "pickup or shipped.")
        var how: String

        func run() throws { try record(.handedBack, options, AfterSalesDetails(how: how)) }
    }

    struct ConditionsConfirmed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conditions-confirmed",
            abstract: "Replacement: the conditions for a replacement are confirmed with the customer.",
            discussion: """
                Example:
                  outpost case conditions-confirmed SZ01-20261123-0005 \\
                      --note "质量问题，符合换新条件"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.conditionsConfirmed, options) }
    }

    struct Inspected: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replacement or return: the product is inspected.",
            discussion: """
                A replacement takes --passed yes|no, with --reason when it did not pass. A return \
                takes the handbook's checklist, --packaging, --unused and --receipt yes|no: it \
                passes only when all three are yes. A product may be inspected again until the \
                voucher is issued or the refund paid.

                Example:
                  outpost case inspected SZ01-20261123-0004 --packaging yes --unused yes \\
                      --receipt yes
                  outpost case inspected SZ01-20261123-0005 --passed no --reason "人为损坏"
                """
        )

        @OptionGroup var options: MilestoneOptions

        @Option(help: "Whether it passed: yes or no.")
        var passed: String?

        @Option(help: "Why it did not pass.")
        var reason: String?

        @Option(help: "Return: packaging intact, yes or no.")
        var packaging: String?

        @Option(help: "Return: unused, yes or no.")
        var unused: String?

        @Option(help: "Return: receipt present, yes or no.")
        var receipt: String?

        func run() throws {
            try record(
                .inspected, options, AfterSalesDetails(passed: passed, reason: reason, packaging: packaging, unused: unused, receipt: receipt))
        }
    }

    struct Voucher: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replacement: issue the replacement voucher.",
            discussion: """
                Only after a passed inspection.

                Example:
                  outpost case voucher SZ01-20261123-0005 --number HX-0042 \\
                      --valid-until 2026-12-31
                """
        )

        @OptionGroup var options: MilestoneOptions

        @Option(name: .customLong("number"), help: "The voucher's number.")
        var voucher: String

        @Option(help: "The last day it is valid: YYYY-MM-DD.")
        var validUntil: String

        func run() throws { try record(.voucherIssued, options, AfterSalesDetails(voucher: voucher, validUntil: validUntil)) }
    }

    struct Shipped: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replacement: the new product has been shipped.",
            discussion: """
                Example:
                  outpost case shipped SZ01-20261123-0005 --note "顺丰 SF1234567890"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.shipped, options) }
    }

    struct Refunded: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Return: the refund has been paid.",
            discussion: """
                Once, and only after a passed inspection.

                Example:
                  outpost case refunded SZ01-20261123-0004 --note "原路退回 ¥399"
                """
        )

        @OptionGroup var options: MilestoneOptions

        func run() throws { try record(.refunded, options) }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle an after-sales step two stations took concurrently (a lead or above).",
            discussion: """
                Each station checks a step against what it has seen. Two stations can still \
                record steps that together break the order (two refunds, a refund beside a \
                failed re-inspection): every replica then shows the later one as an unsettled \
                step in `outpost case show` and `outpost conflicts list`. A lead records what \
                was done about it; the events stay. Use --lang zh for Chinese.

                Example:
                  outpost case settle SZ01-20261123-0004 GZ02.57 \\
                      --reason "重复退款已追回" --as 陈组长
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Argument(help: "The id of the step's event, as `outpost case show` lists it.")
        var event: String

        @Option(help: "What was done about it.")
        var reason: String

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                let result = try desk.cases.settleStep(options.number, event: event, reason: reason, by: try desk.author())
                desk.report(result, done: Phrase("step \(event.uppercased()) settled", "步骤 \(event.uppercased()) 已处理"))
            }
        }
    }
}
