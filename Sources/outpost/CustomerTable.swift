import OutpostDomain

/// Customers as an aligned table (`customer find`); phones as clerks read them, first given
/// first (`PhoneDisplay`).
enum CustomerTable {
    static func print(_ customers: [Customer], on console: Console) {
        var table = TextTable([
            .init(title: console.say("ID", "编号"), maxWidth: 12),
            .init(title: console.say("NAME", "姓名"), maxWidth: 20),
            .init(title: console.say("CONTACT", "联系人"), maxWidth: 12),
            .init(title: console.say("PHONES", "电话"), maxWidth: 34),
            .init(title: console.say("EMAILS", "邮箱"), maxWidth: 30),
        ])
        for customer in customers {
            table.append([
                .init(customer.id, .bold), .init(customer.name), .init(customer.contact),
                .init(customer.phones.isEmpty ? nil : customer.phones.map(PhoneDisplay.format).joined(separator: ", ")),
                .init(customer.emails.isEmpty ? nil : customer.emails.joined(separator: ", ")),
            ])
        }
        for line in table.render(on: console) { console.line(line) }
    }
}
