/// Where a case stands in the workflow (`docs/ARCHITECTURE.md`, "Workflow"; the steps are in `Workflow`).
package enum CaseStatus: String, Term {
    case new
    case inProgress = "in-progress"
    /// Waiting on the customer: the clocks pause (`docs/ARCHITECTURE.md`, "Deadlines").
    case waiting
    case resolved
    case closed

    package var chinese: String {
        switch self {
        case .new: "新建"
        case .inProgress: "处理中"
        case .waiting: "等待客户"
        case .resolved: "已解决"
        case .closed: "已关闭"
        }
    }

    package static let aliases: [String: CaseStatus] = [
        "open": .new, "progress": .inProgress, "inprogress": .inProgress, "working": .inProgress,
        "waiting-on-customer": .waiting, "pending": .waiting, "等待": .waiting, "待客户": .waiting,
        "解决": .resolved, "关闭": .closed, "新": .new,
    ]

    package static let fieldName = Phrase("status", "状态")

    /// Open states: the `openWins` policy keeps a case open while any station still works on it.
    package var isOpen: Bool {
        switch self {
        case .new, .inProgress, .waiting: true
        case .resolved, .closed: false
        }
    }
}
