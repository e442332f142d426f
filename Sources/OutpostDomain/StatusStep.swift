/// The workflow step a `status` event records in its `outcome` column, so the timeline can say
/// what happened and counters (reopens) can be derived from events alone.
package enum StatusStep: String, Hashable, Sendable {
    /// The case was opened (status new).
    case open
    /// First work on a new case moved it to in progress.
    case start
    case wait
    case resume
    case resolve
    case close
    case reopen

    /// The step that moves a case from one status to another by a workflow action.
    init(action: WorkflowAction, from status: CaseStatus, to next: CaseStatus) {
        switch (status, next) {
        case (.new, .inProgress): self = .start
        case (.waiting, .inProgress): self = .resume
        case (_, .waiting): self = .wait
        case (_, .resolved): self = .resolve
        case (_, .closed): self = .close
        default: self = action == .reopen ? .reopen : .start
        }
    }

    package var label: Phrase {
        switch self {
        case .open: Phrase("opened", "创建")
        case .start: Phrase("work started", "开始处理")
        case .wait: Phrase("waiting on the customer", "等待客户")
        case .resume: Phrase("resumed", "恢复处理")
        case .resolve: Phrase("resolved", "已解决")
        case .close: Phrase("closed", "已关闭")
        case .reopen: Phrase("reopened", "重新打开")
        }
    }
}
