/// The case workflow of the service handbook (`docs/ARCHITECTURE.md`, "Workflow"):
/// new → in progress → waiting on customer ⇄ in progress → resolved → closed, and closed or
/// resolved cases can be reopened.
///
/// A pure table, so the rules can be tested exhaustively and explained in a refusal. The store
/// settles what happens when stations disagree (`openWins`); this only judges local steps.
package enum Workflow {
    /// Whether a step may be taken on a case in this status.
    ///
    /// Work (contacts, solutions, milestones, assignments) belongs to open cases; notes and
    /// contacts stay possible afterwards (a follow-up call, a remark for the record); surveys and
    /// revisits come after closing, as the handbook times them.
    package static func allows(_ action: WorkflowAction, in status: CaseStatus) -> Bool {
        switch action {
        case .note, .customerNote, .contact, .ack, .settle:
            true
        case .assign, .escalate, .take, .solution, .warned, .reported:
            status.isOpen
        case .answer:
            status.isOpen || status == .resolved
        case .received, .appoint, .diagnosed, .repaired, .tested, .handedBack, .conditionsConfirmed, .inspected, .voucher, .shipped,
            .refunded:
            status.isOpen
        case .wait:
            status == .inProgress
        case .resume:
            status == .waiting
        case .resolve:
            status == .inProgress
        case .close:
            status == .resolved
        case .reopen:
            status == .resolved || status == .closed
        case .survey, .revisit:
            status == .closed
        }
    }

    /// The status a step leaves the case in (the same status when it changes nothing).
    ///
    /// A new case starts being worked with the first contact, message or solution: there is no
    /// separate "start" step. A product received while waiting on the customer ends the wait,
    /// so the clocks do not stay paused by oversight.
    package static func status(after action: WorkflowAction, from status: CaseStatus) -> CaseStatus {
        switch (action, status) {
        case (.customerNote, .new), (.contact, .new), (.solution, .new):
            .inProgress
        case (let step, .new) where step.milestone != nil:
            .inProgress
        case (.received, .waiting), (.resume, .waiting):
            .inProgress
        case (.wait, .inProgress):
            .waiting
        case (.resolve, .inProgress):
            .resolved
        case (.close, .resolved):
            .closed
        case (.reopen, .resolved), (.reopen, .closed):
            .inProgress
        default:
            status
        }
    }

    /// The steps allowed from a status, the most likely next one first.
    package static func nextSteps(from status: CaseStatus) -> [WorkflowAction] {
        let preferred: [WorkflowAction] =
            switch status {
            case .new: [.contact, .customerNote, .solution, .assign, .escalate, .note]
            case .inProgress: [.resolve, .wait, .contact, .solution, .assign, .escalate, .note]
            case .waiting: [.resume, .contact, .note, .solution, .assign, .escalate]
            case .resolved: [.close, .answer, .reopen, .contact, .note]
            case .closed: [.survey, .revisit, .reopen, .contact, .note]
            }
        return preferred.filter { allows($0, in: status) }
    }

    /// The refusal for a step the workflow does not allow, naming the steps that are.
    package static func refusal(_ action: WorkflowAction, number: String, status: CaseStatus) -> DomainError {
        let steps = nextSteps(from: status)
        let why: Phrase =
            switch (action, status) {
            case (.close, .new): Phrase("it is new and was never worked", "它是新建的，还没有处理过")
            case (.close, .inProgress), (.close, .waiting): Phrase("it is not resolved yet", "它还没有解决")
            case (.resolve, .new): Phrase("it is new and was never worked", "它是新建的，还没有处理过")
            case (.resolve, .waiting): Phrase("it is waiting on the customer: resume it first", "它在等待客户：请先恢复处理")
            case (.survey, _), (.revisit, _): Phrase("surveys and revisits follow closing", "满意度调查和回访在关闭之后进行")
            default: Phrase("it is \(status.english)", "它的状态是「\(status.chinese)」")
            }
        let example = steps.first.map { $0.example(number) }
        return DomainError(
            .refused,
            Phrase(
                "case \(number): cannot \(action.label.english) (\(why.english)); allowed now: "
                    + steps.map(\.rawValue).joined(separator: ", ") + (example.map { ", e.g. `\($0)`" } ?? ""),
                "案件 \(number) 不能\(action.label.chinese)：\(why.chinese)；现在可以："
                    + steps.map { "\($0.rawValue)（\($0.label.chinese)）" }.joined(separator: "、") + (example.map { "，例如 `\($0)`" } ?? "")
            ))
    }
}
