/// What a member of staff may do at the desk (`docs/ARCHITECTURE.md`, "Staff and roles"), lowest
/// first: each role may do what the roles below it may.
///
/// The handbooks name the department supervisor (部门主管) and the CS manager (客户服务部经理), and
/// send complaints to a team lead (组长). A station is one trusted machine: roles decide what the
/// front allows, not who may sign in.
package enum Role: String, Term, Comparable, Encodable {
    case clerk
    case lead
    case supervisor
    case manager

    package var chinese: String {
        switch self {
        case .clerk: "客服专员"
        case .lead: "组长"
        case .supervisor: "部门主管"
        case .manager: "客服经理"
        }
    }

    package static let aliases: [String: Role] = [
        "staff": .clerk, "agent": .clerk, "客服": .clerk, "专员": .clerk, "team-lead": .lead, "主管": .supervisor,
        "经理": .manager, "客户服务部经理": .manager,
    ]

    package static let fieldName = Phrase("role", "角色")

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    package static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
