import OutpostStore

/// A customer record as the replica shows it (`docs/ARCHITECTURE.md`, "Customers").
///
/// `mergedInto` is the record's own pointer, unresolved: who a record really is comes from
/// `MergeMap`, because pointers can chain or, made concurrently, form a cycle.
package struct Customer: Hashable, Sendable, Encodable {
    /// The short row id, such as `SZ01.17`.
    package var id: String
    package var name: String
    /// The contact person, for an organisation.
    package var contact: String?
    /// E.164, first given first (`CustomerBook` orders them; the domain row keeps them sorted).
    package var phones: [String]
    /// Lower-cased, sorted.
    package var emails: [String]
    package var address: String?
    package var note: String?
    package var mergedInto: String?
    /// ISO 8601 UTC.
    package var created: String
    package var updated: String

    init(_ record: Record) {
        id = record.string("id") ?? ""
        name = record.string("name") ?? ""
        contact = record.string("contact")
        phones = record.strings("phones")
        emails = record.strings("emails")
        address = record.string("address")
        note = record.string("note")
        mergedInto = record.string("merged_into")
        created = record.string("created") ?? ""
        updated = record.string("updated") ?? ""
    }

    /// The columns `init(_:)` reads.
    static let columns = "id, name, contact, phones, emails, address, note, merged_into, created, updated"

    private enum CodingKeys: String, CodingKey {
        case id, name, contact, phones, emails, address, note
        case mergedInto
        case created, updated
    }

    /// Every key is always present (null when empty), so scripts can rely on the shape.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(contact, forKey: .contact)
        try container.encode(phones, forKey: .phones)
        try container.encode(emails, forKey: .emails)
        try container.encode(address, forKey: .address)
        try container.encode(note, forKey: .note)
        try container.encode(mergedInto, forKey: .mergedInto)
        try container.encode(created, forKey: .created)
        try container.encode(updated, forKey: .updated)
    }
}
