import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case assign`: assign or transfer a case.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign or transfer a case to a staff member.",
            discussion: """
                --due records a deadline agreed with the receiving side (handbook: transfer to the \
                responsible department with a time limit), typed in the station's zone. Use \
                --lang zh for Chinese.

                Example:
                  outpost case assign SZ01-20261123-0001 --to 张伟 --dept 售后部 \\
                      --due "2026-11-24 18:00"
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Option(help: "The staff member taking the case.")
        var to: String

        @Option(help: "The department.")
        var dept: String?

        @Option(help: "A deadline agreed with the receiving side: HH:MM (today) or YYYY-MM-DD HH:MM.")
        var due: String?

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.assign(number, to: to, department: dept, due: due, by: try desk.author())
                desk.report(result, done: Phrase("assigned to \(to)", "已分派给 \(to)"))
            }
        }
    }
}
