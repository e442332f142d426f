/// A step a clerk takes on a case: one `outpost case` workflow command.
///
/// The raw value is the command a clerk types after `outpost case`, so a refusal can name the
/// steps allowed instead in words that can be typed.
package enum WorkflowAction: String, Hashable, Sendable, CaseIterable {
    case note
    case customerNote = "note --to-customer"
    case contact
    case assign
    case escalate
    case solution
    case received
    case repaired
    case shipped
    case refunded
    case wait
    case resume
    case resolve
    case close
    case reopen
    case survey
    case revisit

    package var label: Phrase {
        switch self {
        case .note: Phrase("add a note", "添加备注")
        case .customerNote: Phrase("write to the customer", "给客户留言")
        case .contact: Phrase("record a contact", "记录联系")
        case .assign: Phrase("assign", "分派")
        case .escalate: Phrase("escalate", "升级")
        case .solution: Phrase("offer a solution", "提供解决方案")
        case .received: Phrase("record the product received", "记录收到产品")
        case .repaired: Phrase("record the repair", "记录已修好")
        case .shipped: Phrase("record the shipment", "记录已发货")
        case .refunded: Phrase("record the refund", "记录已退款")
        case .wait: Phrase("wait on the customer", "等待客户")
        case .resume: Phrase("resume", "恢复处理")
        case .resolve: Phrase("resolve", "解决")
        case .close: Phrase("close", "关闭")
        case .reopen: Phrase("reopen", "重新打开")
        case .survey: Phrase("record a survey", "记录满意度调查")
        case .revisit: Phrase("record a revisit", "记录回访")
        }
    }

    /// A command line that takes this step, for messages that say what to type.
    package func example(_ number: String) -> String {
        switch self {
        case .note: "outpost case note \(number) \"...\""
        case .customerNote: "outpost case note \(number) --to-customer \"...\""
        case .contact: "outpost case contact \(number) --channel phone --outcome reached"
        case .assign: "outpost case assign \(number) --to NAME"
        case .escalate: "outpost case escalate \(number) --tier 2 --reason \"...\""
        case .solution: "outpost case solution \(number) \"...\""
        case .reopen: "outpost case reopen \(number) --reason \"...\""
        case .survey: "outpost case survey \(number) --score 5"
        case .revisit: "outpost case revisit \(number) --outcome \"...\""
        case .received, .repaired, .shipped, .refunded, .wait, .resume, .resolve, .close: "outpost case \(rawValue) \(number)"
        }
    }

    /// The milestone this step records, for the after-sales steps.
    package var milestone: Milestone? {
        switch self {
        case .received: .received
        case .repaired: .repaired
        case .shipped: .shipped
        case .refunded: .refunded
        default: nil
        }
    }

    package init(_ milestone: Milestone) {
        switch milestone {
        case .received: self = .received
        case .repaired: self = .repaired
        case .shipped: self = .shipped
        case .refunded: self = .refunded
        }
    }
}
