/// What a clerk gives to add a customer (`customer add`), as typed: the desk validates and
/// normalises it.
package struct NewCustomer: Hashable, Sendable {
    package var name: String
    package var phones: [String]
    package var emails: [String]
    package var contact: String?
    package var address: String?
    package var note: String?

    package init(name: String, phones: [String] = [], emails: [String] = [], contact: String? = nil, address: String? = nil, note: String? = nil) {
        self.name = name
        self.phones = phones
        self.emails = emails
        self.contact = contact
        self.address = address
        self.note = note
    }
}
