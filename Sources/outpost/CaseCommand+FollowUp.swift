import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case survey`: the satisfaction survey after closing.
    struct Survey: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the satisfaction survey of a closed case (score 1–5).",
            discussion: """
                One survey per closing. A score of 1 or 2 opens a follow-up case linked to this \
                one and notifies a lead. Use --lang zh for Chinese.

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
                let result = try desk.cases.survey(options.number, score: score, comment: comment, by: try desk.author())
                desk.report(result, done: Phrase("survey recorded (\(score)/5)", "已记录满意度调查（\(score)/5）"))
                try desk.reportFollowUp(result)
            }
        }
    }

    /// `case revisit`: the follow-up call after closing.
    struct Revisit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the result of a follow-up call on a closed case.",
            discussion: """
                Complaints get a revisit after closing. --unhappy records that the customer is \
                still unhappy (a complaint to the consumer association, say): it opens a \
                follow-up case linked to this one and notifies a lead. Use --lang zh for Chinese.

                Example:
                  outpost case revisit SZ01-20261123-0002 --outcome "客户满意，无其他问题"
                """
        )

        @OptionGroup var options: StatusStepOptions

        @Option(help: "What the customer said.")
        var outcome: String

        @Flag(help: "The customer is unhappy: open a follow-up case.")
        var unhappy = false

        func run() throws {
            try withDesk(options.station, options.output) { desk in
                let result = try desk.cases.revisit(options.number, outcome: outcome, unhappy: unhappy, by: try desk.author())
                desk.report(result, done: Phrase("revisit recorded", "已记录回访"))
                try desk.reportFollowUp(result)
            }
        }
    }
}

extension Desk {
    /// Names the follow-up case a survey or revisit opened, if it did.
    func reportFollowUp(_ result: StepResult) throws {
        guard let number = try cases.followUpOpened(by: result) else { return }
        console.line(
            console.say(
                "Follow-up case \(number) opened for the unhappy customer; a lead is notified.",
                "已为不满意的客户开立跟进案件 \(number)，并通知组长。"))
    }
}
