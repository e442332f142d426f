import OutpostStore

/// One member of staff (`docs/ARCHITECTURE.md`, "Staff and roles"): a replicated row of `staff`,
/// merged like every other row. Nobody is deleted: leaving marks the row `left`.
package struct StaffMember: Hashable, Sendable, Encodable {
    package var id: String
    /// The name typed after `--as`.
    package var name: String
    package var role: Role
    /// The support tier the person works in, for escalations and `case take`.
    package var tier: Tier?
    package var department: String?
    /// The station code the person usually works at.
    package var station: String?
    package var isActive: Bool

    init(_ record: Record) {
        id = record.string("id") ?? ""
        name = record.string("name") ?? ""
        role = record.string("role").flatMap(Role.init(rawValue:)) ?? .clerk
        tier = record.integer("tier").flatMap(Tier.init(number:))
        department = record.string("department")
        station = record.string("station")
        isActive = record.string("status") != "left"
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, tier, department, station, active
    }

    /// Every key is always present, so a script reading the JSON sees nulls rather than gaps.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(role.rawValue, forKey: .role)
        try container.encode(tier?.number, forKey: .tier)
        try container.encode(department, forKey: .department)
        try container.encode(station, forKey: .station)
        try container.encode(isActive, forKey: .active)
    }

    /// Whether the person receives notifications about a case of this department: everyone
    /// when either side names no department.
    package func covers(department other: String?) -> Bool {
        guard let department, let other else { return true }
        return department == other
    }
}
