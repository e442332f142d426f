import ArgumentParser
import OutpostDomain

extension CustomerCommand {
    /// `customer merge`: a supervisor joins two records made for the same person.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a duplicate customer record into the one to keep.",
            discussion: """
                The duplicate points at the survivor: its cases show under the survivor and \
                nothing is deleted. If the survivor was itself merged, the duplicate joins the \
                record it resolves to. A merge that would make a loop is refused.

                Example:
                  outpost customer merge SZ02.5 --into SZ01.17
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The duplicate record's id.")
        var duplicate: String

        @Option(help: "The id of the record to keep.")
        var into: String

        func run() throws {
            try withDesk(station, output) { desk in
                let merged = try desk.customers.merge(duplicate, into: into, by: try desk.author())
                let console = desk.console
                if merged.alreadyMerged {
                    console.line(
                        console.say(
                            "\(merged.duplicate) is already merged into \(merged.survivor): nothing to do.",
                            "\(merged.duplicate) 已合并到 \(merged.survivor)：无需操作。"))
                } else {
                    console.line(
                        console.say(
                            "Merged \(merged.duplicate) into \(merged.survivor); \(merged.casesMoved) case(s) now show under \(merged.survivor).",
                            "已将 \(merged.duplicate) 合并到 \(merged.survivor)；\(merged.casesMoved) 个案件现归于 \(merged.survivor)。"
                        ))
                }
            }
        }
    }
}
