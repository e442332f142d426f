/// The kinds of append-only case events (`docs/ARCHITECTURE.md`, "Append-only events"; schema `CaseVocabulary.eventKinds`).
package enum EventKind: String, Term {
    case note
    case customerNote = "customer-note"
    case contact
    case assignment
    case escalation
    case status
    case solution
    case milestone
    case survey
    case revisit
    /// A handbook rule set aside on purpose, with the reason (the 7-day return rule).
    case override
    /// A field edited: `field`, `from_value`, `to_value` (the timeline's audit trail).
    case change
    /// Notifications acknowledged (`case ack`).
    case ack
    /// The customer was warned that a repair will take longer than the handbook's 5 working days.
    case warned
    /// A walk-in complaint was reported to the customer-service department.
    case reported

    package var english: String {
        switch self {
        case .note: "note"
        case .customerNote: "note to customer"
        case .contact: "contact"
        case .assignment: "assignment"
        case .escalation: "escalation"
        case .status: "status"
        case .solution: "solution"
        case .milestone: "milestone"
        case .survey: "survey"
        case .revisit: "revisit"
        case .override: "override"
        case .change: "change"
        case .ack: "acknowledged"
        case .warned: "customer warned"
        case .reported: "reported to customer service"
        }
    }

    package var chinese: String {
        switch self {
        case .note: "内部备注"
        case .customerNote: "致客户"
        case .contact: "联系"
        case .assignment: "分派"
        case .escalation: "升级"
        case .status: "状态"
        case .solution: "解决方案"
        case .milestone: "售后进度"
        case .survey: "满意度调查"
        case .revisit: "回访"
        case .override: "例外批准"
        case .change: "修改"
        case .ack: "已确认通知"
        case .warned: "已提前告知客户"
        case .reported: "已上报客服部门"
        }
    }

    package static let fieldName = Phrase("event kind", "事件类型")
}
