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
    /// The customer's answer to the solution offered last: also after resolving, since the
    /// answer often comes once the solution was carried out.
    case answer = "solution --accepted"
    case take
    case warned
    case reported
    case ack
    case settle
    case received
    case appoint
    case diagnosed
    case repaired
    case tested
    case handedBack = "handed-back"
    case conditionsConfirmed = "conditions-confirmed"
    case inspected
    case voucher
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
        case .answer: Phrase("record the customer's answer", "记录客户答复")
        case .take: Phrase("take", "接手")
        case .warned: Phrase("record the customer warned", "记录已提前告知客户")
        case .reported: Phrase("record the report to customer service", "记录已上报客服部门")
        case .ack: Phrase("acknowledge", "确认知悉")
        case .settle: Phrase("settle a step", "处理步骤冲突")
        case .received: Phrase("record the product received", "记录收到产品")
        case .appoint: Phrase("book an on-site visit", "预约上门")
        case .diagnosed: Phrase("record the diagnosis", "记录检测结果")
        case .repaired: Phrase("record the repair", "记录已修好")
        case .tested: Phrase("record the test", "记录已测试")
        case .handedBack: Phrase("record the hand-back", "记录交还客户")
        case .conditionsConfirmed: Phrase("confirm the replacement's conditions", "确认更换条件")
        case .inspected: Phrase("record the inspection", "记录验收")
        case .voucher: Phrase("issue the voucher", "发放更换凭证")
        case .shipped: Phrase("record the new product shipped", "记录新品已发出")
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
        case .answer: "outpost case solution \(number) --accepted yes"
        case .reopen: "outpost case reopen \(number) --reason \"...\""
        case .survey: "outpost case survey \(number) --score 5"
        case .revisit: "outpost case revisit \(number) --outcome \"...\""
        case .appoint: "outpost case appoint \(number) --at \"YYYY-MM-DD HH:MM\""
        case .diagnosed: "outpost case diagnosed \(number) --quote 120 --approved yes"
        case .handedBack: "outpost case handed-back \(number) --how pickup"
        case .inspected: "outpost case inspected \(number) --passed yes"
        case .voucher: "outpost case voucher \(number) --number V001 --valid-until YYYY-MM-DD"
        case .settle: "outpost case settle \(number) EVENT --reason \"...\""
        case .warned, .reported: "outpost case \(rawValue) \(number) --note \"...\""
        case .take, .ack, .received, .repaired, .tested, .conditionsConfirmed, .shipped, .refunded, .wait, .resume, .resolve, .close:
            "outpost case \(rawValue) \(number)"
        }
    }

    /// The milestone this step records, for the after-sales steps.
    package var milestone: Milestone? {
        switch self {
        case .appoint: .appointment
        case .voucher: .voucherIssued
        default: Milestone(rawValue: rawValue)
        }
    }

    package init(_ milestone: Milestone) {
        switch milestone {
        case .appointment: self = .appoint
        case .voucherIssued: self = .voucher
        default: self.init(rawValue: milestone.rawValue)!
        }
    }
}
