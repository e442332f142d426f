import OutpostDomain

/// `customer show` as text.
struct CustomerView {
    let desk: Desk
    var console: Console { desk.console }

    func print(_ profile: CustomerProfile) {
        let customer = profile.customer
        if let requested = profile.requested {
            console.line(
                console.paint(
                    console.say(
                        "\(requested) was merged into \(customer.id):",
                        "\(requested) 已合并到 \(customer.id)："
                    ), .dim))
        }
        console.line(console.paint("\(customer.id)  \(customer.name)", .bold))
        var fields: [(Phrase, String?, String)] = [
            (Phrase("Contact", "联系人"), customer.contact, "contact"),
            (Phrase("Phones", "电话"), customer.phones.isEmpty ? nil : customer.phones.map(PhoneDisplay.format).joined(separator: ", "), "phones"),
            (Phrase("Emails", "邮箱"), customer.emails.isEmpty ? nil : customer.emails.joined(separator: ", "), "emails"),
            (Phrase("Address", "地址"), customer.address, "address"),
            (Phrase("Note", "备注"), customer.note, "note"),
            (Phrase("Created", "创建时间"), desk.local(customer.created), "created"),
            (Phrase("Updated", "更新时间"), desk.local(customer.updated), "updated"),
        ]
        if let pointer = customer.mergedInto {
            fields.append((Phrase("Merged into", "合并到"), pointer, "merged_into"))
        }
        FieldList(console: console, conflicts: profile.conflicts).print(fields)
        if !profile.mergedRecords.isEmpty {
            console.line()
            console.line(console.paint(console.say("Merged records", "已合并的记录"), .bold))
            for record in profile.mergedRecords {
                let contact = (record.phones.map(PhoneDisplay.format) + record.emails).joined(separator: ", ")
                console.line("  \(record.id)  \(record.name)" + (contact.isEmpty ? "" : "  \(contact)"))
            }
        }
        console.line()
        console.line(console.paint(console.say("Cases (\(profile.cases.count))", "案件（\(profile.cases.count)）"), .bold))
        if profile.cases.isEmpty {
            console.line("  " + console.say("none", "无"))
        } else {
            CaseTable(desk: desk, showCustomer: false).print(profile.cases, indent: "  ")
        }
    }
}
