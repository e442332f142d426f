/// What a clerk gives to open a case (`case open`), as typed: vocabulary in English or Chinese,
/// dates in any common form. `CaseBook.open` validates it.
package struct NewCase: Hashable, Sendable {
    /// A customer id, phone or email.
    package var customer: String
    package var kind: String
    package var channel: String
    package var severity: String
    package var title: String
    package var category: String?
    /// After-sales only: repair, replacement or return.
    package var service: String?
    package var description: String?
    package var product: String?
    package var serial: String?
    package var purchased: String?
    package var orderNumber: String?
    package var expects: String?
    package var tags: [String] = []
    /// Why a handbook rule (the 7-day return window) is set aside; recorded as an event.
    package var override: String?
    /// When the enquiry actually arrived, typed in the station's zone (default: now).
    package var receivedAt: String?
    /// When the customer received the goods (a return's 7 days count from here when given).
    package var delivered: String?
    /// The department responsible, whose supervisors an urgent case notifies.
    package var department: String?

    package init(
        customer: String, kind: String, channel: String, severity: String, title: String,
        category: String? = nil, service: String? = nil, description: String? = nil, product: String? = nil,
        serial: String? = nil, purchased: String? = nil, orderNumber: String? = nil, expects: String? = nil,
        tags: [String] = [], override: String? = nil, receivedAt: String? = nil, delivered: String? = nil, department: String? = nil
    ) {
        self.receivedAt = receivedAt
        self.delivered = delivered
        self.department = department
        self.customer = customer
        self.kind = kind
        self.channel = channel
        self.severity = severity
        self.title = title
        self.category = category
        self.service = service
        self.description = description
        self.product = product
        self.serial = serial
        self.purchased = purchased
        self.orderNumber = orderNumber
        self.expects = expects
        self.tags = tags
        self.override = override
    }
}
