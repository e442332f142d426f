import ArgumentParser
import OutpostDomain

extension CustomerCommand {
    /// `customer add`: a new customer record; prints its short id.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a customer and print the new id.",
            discussion: """
                A customer needs a name and a phone or an email. Phones are stored in E.164 \
                (+8613800138000); a number without a country code is taken as Chinese.

                Example:
                  outpost customer add --name "李雷" --phone "138 0013 8000" \\
                      --email lilei@example.com --address "深圳市福田区"
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "The person's or organisation's name.")
        var name: String

        @Option(help: "A phone number (repeat for several).")
        var phone: [String] = []

        @Option(help: "An email address (repeat for several).")
        var email: [String] = []

        @Option(help: "The postal address.")
        var address: String?

        @Option(help: "The contact person, for an organisation.")
        var contact: String?

        @Option(help: "A remark about the customer.")
        var note: String?

        @Flag(help: "Print the new record as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let new = NewCustomer(name: name, phones: phone, emails: email, contact: contact, address: address, note: note)
                let added = try desk.customers.add(new, by: try desk.author())
                let customer = added.customer
                if json {
                    try JSONOutput.print(customer)
                } else {
                    desk.console.line(
                        desk.console.say(
                            "Added customer \(customer.id): \(customer.name)",
                            "已添加客户 \(customer.id)：\(customer.name)"
                        ))
                }
                for duplicate in added.possibleDuplicates {
                    desk.console.note(
                        desk.console.say(
                            "\(duplicate.id) \(duplicate.name) has the same phone or email; if it is the same person: outpost customer merge \(customer.id) --into \(duplicate.id)",
                            "\(duplicate.id) \(duplicate.name) 有相同的电话或邮箱；如是同一人，可合并：outpost customer merge \(customer.id) --into \(duplicate.id)"
                        ))
                }
            }
        }
    }
}
