/// Edits to one customer record (`customer edit`). A nil field stays as it is; an empty text
/// clears an optional field. Phones and emails are add-wins sets: elements are added and
/// removed one by one, so a concurrent add at another station survives a removal here.
package struct CustomerChanges: Hashable, Sendable {
    package var name: String?
    package var contact: String?
    package var address: String?
    package var note: String?
    package var addPhones: [String] = []
    package var removePhones: [String] = []
    package var addEmails: [String] = []
    package var removeEmails: [String] = []

    package init(
        name: String? = nil, contact: String? = nil, address: String? = nil, note: String? = nil,
        addPhones: [String] = [], removePhones: [String] = [], addEmails: [String] = [], removeEmails: [String] = []
    ) {
        self.name = name
        self.contact = contact
        self.address = address
        self.note = note
        self.addPhones = addPhones
        self.removePhones = removePhones
        self.addEmails = addEmails
        self.removeEmails = removeEmails
    }

    package var isEmpty: Bool {
        name == nil && contact == nil && address == nil && note == nil
            && addPhones.isEmpty && removePhones.isEmpty && addEmails.isEmpty && removeEmails.isEmpty
    }
}
