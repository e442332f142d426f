import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case survey`: the satisfaction survey after closing.
    struct Survey: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the satisfaction survey of a closed case (score 1–5).",
            discussion: """
                Example:
                  outpost case survey SZ01-20261123-0001 --score 5 --comment "处理很及时"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "1 (very unhappy) to 5 (very happy).")
        var score: Int

        @Option(help: "The customer's comment.")
        var comment: String?

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.survey(options.number, score: score, comment: comment, by: try desk.author()),
                    done: Phrase("survey recorded (\(score)/5)", "已记录满意度调查（\(score)/5）"))
            }
        }
    }

    /// `case revisit`: the follow-up call after closing.
    struct Revisit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the result of a follow-up call on a closed case.",
            discussion: """
                Complaints get a revisit after closing.

                Example:
                  outpost case revisit SZ01-20261123-0002 --outcome "客户满意，无其他问题"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "What the customer said.")
        var outcome: String

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                desk.report(
                    try desk.cases.revisit(options.number, outcome: outcome, by: try desk.author()),
                    done: Phrase("revisit recorded", "已记录回访"))
            }
        }
    }
}
