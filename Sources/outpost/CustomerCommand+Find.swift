import ArgumentParser
import OutpostDomain

extension CustomerCommand {
    /// `customer find`: search by any part of a name, contact person, phone or email.
    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find customers by name, phone or email.",
            discussion: """
                Any part matches, Chinese included: three characters or more use the search \
                index; shorter text is matched directly. Merged duplicates show as the record \
                they were merged into.

                A phone is found as clerks type it: whole or in part, with or without spaces \
                and dashes, with the area code and its 0 (0755 finds Shenzhen landlines), or \
                by its last digits. Phones show as they are read (138 0013 8000, \
                0755-8888 1234), the one the customer gave first first; --json gives them in \
                E.164 (+8613800138000).

                Example:
                  outpost customer find 李雷
                  outpost customer find "0755-8888 1234"
                  outpost customer find 8000
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "Part of a name, contact person, phone or email.")
        var text: String

        @Option(help: "Show at most this many customers.")
        var limit = 20

        @Flag(help: "Print the customers as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let found = try desk.customers.find(text, limit: limit)
                if json { return try JSONOutput.print(found) }
                guard !found.isEmpty else {
                    desk.console.line(desk.console.say("No customer matches “\(text)”.", "没有匹配「\(text)」的客户。"))
                    return
                }
                CustomerTable.print(found, on: desk.console)
            }
        }
    }
}
