/// What an after-sales case asks for (`docs/ARCHITECTURE.md`, "Cases"). Each has its own clocks and
/// steps (`AfterSalesProgress`); a return is also subject to the 7-day rule (`ReturnWindow`).
package enum AfterSalesService: String, Term {
    case repair
    case replacement
    /// A return with a refund.
    case `return`

    package var chinese: String {
        switch self {
        case .repair: "维修"
        case .replacement: "换货"
        case .return: "退货"
        }
    }

    package static let aliases: [String: AfterSalesService] = [
        "refund": .return, "return-refund": .return, "退款": .return, "退货退款": .return,
        "exchange": .replacement, "replace": .replacement, "换新": .replacement, "修理": .repair,
    ]

    package static let fieldName = Phrase("service", "售后服务")
}
