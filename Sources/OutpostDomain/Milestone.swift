/// An after-sales step recorded as a `milestone` event (the `outpost case` steps `received`, `repaired`,
/// `shipped`, `refunded`). The SLA clocks start and stop on these.
package enum Milestone: String, Term {
    /// The customer's product arrived at the branch.
    case received
    case repaired
    /// The replacement (or the repaired product) went out to the customer.
    case shipped
    case refunded

    package var english: String {
        switch self {
        case .received: "product received"
        case .repaired: "repaired"
        case .shipped: "shipped"
        case .refunded: "refunded"
        }
    }

    package var chinese: String {
        switch self {
        case .received: "已收到产品"
        case .repaired: "已修好"
        case .shipped: "已发货"
        case .refunded: "已退款"
        }
    }

    package static let fieldName = Phrase("milestone", "售后进度")
}
