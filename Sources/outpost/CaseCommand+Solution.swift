import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case solution`: a solution offered, and whether the customer accepted it.
    struct Solution: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a solution offered, and the customer's answer.",
            discussion: """
                The answer can be recorded with the solution or later, alone: it then refers to \
                the solution offered last.

                Example:
                  outpost case solution SZ01-20261123-0001 "免费更换屏幕" --accepted yes
                  outpost case solution SZ01-20261123-0001 --accepted no
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Argument(help: "The solution offered.")
        var text: String?

        @Option(help: "Whether the customer accepted it: yes or no.")
        var accepted: String?

        @Flag(help: "The solution was obtained from the responsible department: answer the customer within 3 days.")
        var obtained = false

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.solution(number, text, accepted: accepted, obtained: obtained, by: try desk.author())
                desk.report(result, done: Phrase("solution recorded", "已记录解决方案"))
            }
        }
    }
}
