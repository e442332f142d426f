/// The handbook's sub-kinds of consultations and complaints (`docs/ARCHITECTURE.md`, "Cases").
///
/// After-sales cases are divided by `AfterSalesService` instead, and feedback has no fixed
/// categories, so for those two kinds the category is free text.
package enum CaseCategory: String, Term {
    case technicalSupport = "technical-support"
    case orderQuery = "order-query"
    case productInformation = "product-information"
    case product
    case serviceQuality = "service-quality"
    case logistics
    case customerRights = "customer-rights"
    case sales

    package var kind: CaseKind {
        switch self {
        case .technicalSupport, .orderQuery, .productInformation: .consultation
        case .product, .serviceQuality, .logistics, .customerRights, .sales: .complaint
        }
    }

    package var chinese: String {
        switch self {
        case .technicalSupport: "技术支持"
        case .orderQuery: "订单查询"
        case .productInformation: "产品信息"
        case .product: "产品"
        case .serviceQuality: "服务质量"
        case .logistics: "物流"
        case .customerRights: "客户权益"
        case .sales: "销售"
        }
    }

    package static let aliases: [String: CaseCategory] = [
        "tech-support": .technicalSupport, "technical": .technicalSupport, "order": .orderQuery,
        "product-info": .productInformation, "service": .serviceQuality, "delivery": .logistics,
        "rights": .customerRights, "产品质量": .product, "配送": .logistics,
    ]

    package static let fieldName = Phrase("category", "类别")
}
