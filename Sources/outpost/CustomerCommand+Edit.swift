import ArgumentParser
import OutpostDomain

extension CustomerCommand {
    /// `customer edit`: change fields; add or remove phones and emails one by one.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a customer's fields, phones and emails.",
            discussion: """
                An empty value clears a field (--note ""). Phones and emails are added and \
                removed one by one, so a phone another station adds at the same time is kept.

                Example:
                  outpost customer edit SZ01.17 --address "深圳市南山区" \\
                      --add-phone "139 0000 1111" --remove-email old@example.com
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The customer's id, phone or email.")
        var customer: String

        @Option(help: "A new name.")
        var name: String?

        @Option(help: "The contact person.")
        var contact: String?

        @Option(help: "The postal address.")
        var address: String?

        @Option(help: "A remark about the customer.")
        var note: String?

        @Option(help: "Add a phone (repeatable).")
        var addPhone: [String] = []

        @Option(help: "Remove a phone (repeatable).")
        var removePhone: [String] = []

        @Option(help: "Add an email (repeatable).")
        var addEmail: [String] = []

        @Option(help: "Remove an email (repeatable).")
        var removeEmail: [String] = []

        func run() throws {
            try withDesk(station, output) { desk in
                let changes = CustomerChanges(
                    name: name, contact: contact, address: address, note: note,
                    addPhones: addPhone, removePhones: removePhone, addEmails: addEmail, removeEmails: removeEmail
                )
                let updated = try desk.customers.edit(customer, changes, by: try desk.author())
                desk.console.line(desk.console.say("Updated customer \(updated.id): \(updated.name)", "已更新客户 \(updated.id)：\(updated.name)"))
            }
        }
    }
}
