import OutpostCore
import OutpostStore

extension CustomerBook {
    /// The cases of each customer's whole merge group, newest first as `profile` lists them, at
    /// most `limit` each, keyed by the customer's id: one query for a whole list of customers
    /// (the board's search), where `profile` per customer would also read every open conflict.
    package func cases(of customers: [Customer], limit: Int) throws -> [String: [CaseListing]] {
        let merges = try mergeMap()
        var survivorOf = [String: String]()
        for customer in customers {
            for member in merges.members(of: customer.id) { survivorOf[member] = customer.id }
        }
        guard !survivorOf.isEmpty else { return [:] }
        let names = Dictionary(customers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = try store.records(
            """
            SELECT * FROM cases WHERE customer_id IN (SELECT value FROM json_each(?))
            ORDER BY created DESC, substr(id, 1, instr(id, '.') - 1) DESC, CAST(substr(id, instr(id, '.') + 1) AS INTEGER) DESC
            """, [jsonArray(survivorOf.keys)])
        var out = [String: [CaseListing]]()
        for serviceCase in rows.map(ServiceCase.init) {
            guard let survivor = survivorOf[serviceCase.customerID], out[survivor, default: []].count < limit else { continue }
            out[survivor, default: []].append(CaseListing(case: serviceCase, customerID: survivor, customerName: names[survivor]))
        }
        return out
    }
}
