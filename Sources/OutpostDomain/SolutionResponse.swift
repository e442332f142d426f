/// Whether the customer accepted a solution offered (`outpost case solution --accepted yes|no`).
package enum SolutionResponse: String, Term {
    case accepted
    case declined

    package var chinese: String {
        switch self {
        case .accepted: "客户接受"
        case .declined: "客户拒绝"
        }
    }

    package static let aliases: [String: SolutionResponse] = [
        "yes": .accepted, "y": .accepted, "true": .accepted, "是": .accepted, "接受": .accepted,
        "no": .declined, "n": .declined, "false": .declined, "否": .declined, "拒绝": .declined, "不接受": .declined,
    ]

    package static let fieldName = Phrase("answer", "客户答复")
}
