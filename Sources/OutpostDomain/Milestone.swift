/// An after-sales step recorded as a `milestone` event (`docs/ARCHITECTURE.md`, "After-sales steps"):
/// the `outpost case` commands of the same names. Each service has its own order
/// (`AfterSalesProgress`); the deadline clocks start and stop on these.
package enum Milestone: String, Term, Encodable {
    /// The customer's product arrived at the branch.
    case received
    /// An on-site visit booked for a time (`at`).
    case appointment
    /// Repair: the fault found, with a quote and the customer's answer to it when there is one.
    case diagnosed
    case repaired
    case tested
    /// Repair: the product went back to the customer, picked up or shipped.
    case handedBack = "handed-back"
    /// Replacement: the conditions for a replacement confirmed with the customer.
    case conditionsConfirmed = "conditions-confirmed"
    /// Replacement or return: the product checked, passed or not.
    case inspected
    /// Replacement: the voucher issued, with its number and validity date.
    case voucherIssued = "voucher-issued"
    /// The new product (a replacement) went out to the customer.
    case shipped
    case refunded

    package var english: String {
        switch self {
        case .received: "product received"
        case .appointment: "on-site appointment"
        case .diagnosed: "diagnosed"
        case .repaired: "repaired"
        case .tested: "tested"
        case .handedBack: "handed back"
        case .conditionsConfirmed: "conditions confirmed"
        case .inspected: "inspected"
        case .voucherIssued: "voucher issued"
        case .shipped: "new product shipped"
        case .refunded: "refunded"
        }
    }

    package var chinese: String {
        switch self {
        case .received: "已收到产品"
        case .appointment: "已预约上门"
        case .diagnosed: "已检测"
        case .repaired: "已修好"
        case .tested: "已测试"
        case .handedBack: "已交还客户"
        case .conditionsConfirmed: "已确认更换条件"
        case .inspected: "已验收"
        case .voucherIssued: "已发放更换凭证"
        case .shipped: "新品已发出"
        case .refunded: "已退款"
        }
    }

    package static let fieldName = Phrase("after-sales step", "售后步骤")
}
