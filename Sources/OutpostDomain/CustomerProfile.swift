/// Everything `customer show` prints: the record a reference resolves to, the duplicates merged
/// into it, and every case of the group, newest first.
package struct CustomerProfile: Hashable, Sendable, Encodable {
    /// The survivor.
    package var customer: Customer
    /// The id asked for, when it was merged away into `customer`.
    @Nullable package var requested: String? = nil
    /// Records merged into the survivor; nothing is deleted by a merge.
    package var mergedRecords: [Customer]
    package var cases: [CaseListing]
    package var conflicts: [FieldConflict]

}
