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
    @Nullable package var contact: String? = nil
    /// E.164, first given first (`CustomerBook` orders them; the domain row keeps them sorted).
    package var phones: [String]
    /// Lower-cased, sorted.
    package var emails: [String]
    @Nullable package var address: String? = nil
    @Nullable package var note: String? = nil
    @Nullable package var mergedInto: String? = nil
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

}
