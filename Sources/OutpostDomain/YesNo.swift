/// A yes-or-no answer typed at the desk: an inspection's checks, a quote's approval.
package enum YesNo: String, Term {
    case yes
    case no

    package var chinese: String {
        switch self {
        case .yes: "是"
        case .no: "否"
        }
    }

    package static let aliases: [String: YesNo] = [
        "y": .yes, "true": .yes, "passed": .yes, "pass": .yes, "ok": .yes, "通过": .yes, "合格": .yes, "同意": .yes, "有": .yes,
        "n": .no, "false": .no, "failed": .no, "fail": .no, "不通过": .no, "不合格": .no, "不同意": .no, "无": .no,
    ]

    package static let fieldName = Phrase("answer", "回答")

    package var isYes: Bool { self == .yes }

    /// A yes-or-no option: `what` names it in the refusal.
    static func parse(_ text: String, _ what: String) throws -> Bool {
        guard let answer = matching(text) else {
            throw DomainError(.invalid, "invalid \(what) '\(text)': expected yes or no", "无效的 \(what)「\(text)」：应为 yes（是）或 no（否）")
        }
        return answer.isYes
    }
}
