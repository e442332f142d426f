import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case assign`: assign or transfer a case.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign or transfer a case to a staff member.",
            discussion: """
                Example:
                  outpost case assign SZ01-20261123-0001 --to 张伟 --dept 售后部
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

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.assign(number, to: to, department: dept, by: try desk.author())
                desk.report(result, done: Phrase("assigned to \(to)", "已分派给 \(to)"))
            }
        }
    }
}
