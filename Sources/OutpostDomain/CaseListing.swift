/// A case as a listing shows it: its fields and the customer it shows under (the survivor of its
/// customer record after merges).
package struct CaseListing: Hashable, Sendable, Encodable {
    package var `case`: ServiceCase
    /// The survivor's id.
    package var customerID: String
    package var customerName: String?
    /// The case's clocks, when the listing computed them.
    package var deadlines: Deadlines?

    package init(case serviceCase: ServiceCase, customerID: String, customerName: String?) {
        self.case = serviceCase
        self.customerID = customerID
        self.customerName = customerName
    }

    private enum CustomerKeys: String, CodingKey {
        case customer, deadlines
    }

    private enum NameKeys: String, CodingKey {
        case id, name
    }

    /// The case's own fields, plus `customer: {id, name}` for the survivor.
    package func encode(to encoder: any Encoder) throws {
        try self.case.encode(to: encoder)
        var container = encoder.container(keyedBy: CustomerKeys.self)
        var customer = container.nestedContainer(keyedBy: NameKeys.self, forKey: .customer)
        try customer.encode(customerID, forKey: .id)
        try customer.encode(customerName, forKey: .name)
        if let deadlines { try container.encode(deadlines, forKey: .deadlines) }
    }
}
