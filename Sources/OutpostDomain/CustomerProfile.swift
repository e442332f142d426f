/// Everything `customer show` prints: the record a reference resolves to, the duplicates merged
/// into it, and every case of the group, newest first.
package struct CustomerProfile: Hashable, Sendable, Encodable {
    /// The survivor.
    package var customer: Customer
    /// The id asked for, when it was merged away into `customer`.
    package var requested: String?
    /// Records merged into the survivor; nothing is deleted by a merge.
    package var mergedRecords: [Customer]
    package var cases: [CaseListing]
    package var conflicts: [FieldConflict]

    enum CodingKeys: String, CodingKey {
        case customer, requested
        case mergedRecords
        case cases, conflicts
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(customer, forKey: .customer)
        try container.encode(requested, forKey: .requested)
        try container.encode(mergedRecords, forKey: .mergedRecords)
        try container.encode(cases, forKey: .cases)
        try container.encode(conflicts, forKey: .conflicts)
    }
}
