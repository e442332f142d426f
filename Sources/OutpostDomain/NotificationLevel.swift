/// Why a case was brought to someone's attention (`docs/ARCHITECTURE.md`, "Staff and roles"),
/// stored as an element of the case's `notified` set: two stations raising the same level add the
/// same element, so a case is notified once per level on every replica.
package enum NotificationLevel: String, Term, Encodable {
    /// An urgent case: reported to the supervisors of its department (handbook: 上报部门主管).
    case urgent
    /// A critical case: reported to the CS managers (上报客户服务部经理).
    case critical
    /// An unhappy survey or revisit opened a follow-up: a lead is told.
    case followUp = "follow-up"

    package var chinese: String {
        switch self {
        case .urgent: "紧急案件"
        case .critical: "重大案件"
        case .followUp: "需跟进"
        }
    }

    package static let fieldName = Phrase("notification", "通知")

    /// Who receives it: the members of this role (of the case's department, for those who have one).
    package var audience: Role {
        switch self {
        case .urgent: .supervisor
        case .critical: .manager
        case .followUp: .lead
        }
    }

    /// The level a severity raises, if any.
    package init?(_ severity: Severity) {
        switch severity {
        case .normal: return nil
        case .urgent: self = .urgent
        case .critical: self = .critical
        }
    }
}
