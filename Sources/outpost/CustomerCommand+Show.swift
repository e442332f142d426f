import ArgumentParser
import OutpostDomain

extension CustomerCommand {
    /// `customer show`: one customer, the records merged into it, and its cases.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a customer's details and cases, newest first.",
            discussion: """
                A merged duplicate shows the record it was merged into, with every case of both.

                Example:
                  outpost customer show SZ01.17
                  outpost customer show 13800138000 --json
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The customer's id, phone or email.")
        var customer: String

        @Flag(help: "Print the customer, merged records and cases as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let profile = try desk.customers.profile(customer)
                if json { return try JSONOutput.print(profile) }
                CustomerView(desk: desk).print(profile)
            }
        }
    }
}
