import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case note`: an internal note, or a message to the customer.
    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a note to a case (internal, or to the customer).",
            discussion: """
                A note to the customer counts as a response: it starts work on a new case. Notes \
                can be added in any status.

                Example:
                  outpost case note SZ01-20261123-0001 "客户说屏幕在开机后十秒变黑"
                  outpost case note SZ01-20261123-0001 --to-customer "已为您安排上门检测"
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Argument(help: "The note.")
        var text: String

        @Flag(help: "The note is addressed to the customer.")
        var toCustomer = false

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.note(number, text, toCustomer: toCustomer, by: try desk.author())
                desk.report(
                    result,
                    done: toCustomer
                        ? Phrase("message to the customer recorded", "已记录给客户的留言")
                        : Phrase("note added", "已添加备注"))
            }
        }
    }
}
