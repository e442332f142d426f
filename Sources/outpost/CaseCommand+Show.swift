import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case show`: every field, the timeline, the deadlines, and conflict markers.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a case: every field, its deadlines and its timeline.",
            discussion: """
                A field another station changed at the same time is marked [conflict] with the \
                competing values; the case shows one of them until someone settles it.

                Example:
                  outpost case show SZ01-20261123-0001
                  outpost case show SZ01-20261123-0001 --json --lang zh
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Flag(help: "Print the case, customer, events, conflicts, counters and deadlines as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let detail = try desk.cases.detail(number)
                if json { return try JSONOutput.print(detail) }
                CaseView(desk: desk).print(detail)
            }
        }
    }
}
