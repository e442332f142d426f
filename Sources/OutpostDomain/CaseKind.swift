/// What a case is about (`docs/ARCHITECTURE.md`, "Cases").
package enum CaseKind: String, Term {
    case consultation
    case complaint
    case afterSales = "after-sales"
    case feedback

    package var chinese: String {
        switch self {
        case .consultation: "咨询"
        case .complaint: "投诉"
        case .afterSales: "售后"
        case .feedback: "反馈"
        }
    }

    package static let aliases: [String: CaseKind] = [
        "enquiry": .consultation, "inquiry": .consultation, "question": .consultation,
        "aftersales": .afterSales, "after-sale": .afterSales, "售后服务": .afterSales, "意见反馈": .feedback,
    ]

    package static let fieldName = Phrase("kind", "类型")

    /// The handbook's categories for this kind; empty where the category is free text.
    package var categories: [CaseCategory] {
        CaseCategory.allCases.filter { $0.kind == self }
    }
}
