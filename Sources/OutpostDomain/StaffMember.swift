import OutpostStore

/// One member of staff (`docs/ARCHITECTURE.md`, "Staff and roles"): a replicated row of `staff`,
/// merged like every other row. Nobody is deleted: leaving marks the row `left`.
package struct StaffMember: Hashable, Sendable, Encodable {
    package var id: String
    /// The name typed after `--as`.
    package var name: String
    package var role: Role
    /// The support tier the person works in, for escalations and `case take`.
    @Nullable package var tier: Tier? = nil
    @Nullable package var department: String? = nil
    /// The station code the person usually works at.
    @Nullable package var station: String? = nil
    /// False once the person has left.
    package var active: Bool

    init(_ record: Record) {
        id = record.string("id") ?? ""
        name = record.string("name") ?? ""
        role = record.string("role").flatMap(Role.init(rawValue:)) ?? .clerk
        tier = record.integer("tier").flatMap(Tier.init(number:))
        department = record.string("department")
        station = record.string("station")
        active = record.string("status") != "left"
    }

    /// Whether the person receives notifications about a case of this department: everyone
    /// when either side names no department.
    package func covers(department other: String?) -> Bool {
        guard let department, let other else { return true }
        return department == other
    }
}
