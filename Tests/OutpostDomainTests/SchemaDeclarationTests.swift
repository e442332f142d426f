import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import Testing

/// The domain's record types and the clerk's inputs are checked against `Schema.outpost`, the
/// one declaration of the replicated fields: a column added to the schema and forgotten in a type
/// (or the other way round) fails here. The vocabulary is checked the same way in
/// `VocabularyTests`.
@Suite struct SchemaDeclarationTests {
    /// `customerID` → `customer_id`, `orderNumber` → `order_number`, as the JSON encoder writes them.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for (index, character) in name.enumerated() {
            if character.isUppercase {
                let previous = name[name.index(name.startIndex, offsetBy: max(0, index - 1))]
                if index > 0, !previous.isUppercase { out += "_" }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// A field kept in a property wrapper (`@Nullable`) is reflected as its storage, `_name`.
    static func fields(of value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label).map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 }.map(snakeCase)
    }

    static func columns(_ table: String) -> [String] {
        Schema.outpost.table(table)?.tableColumns.map(\.name) ?? []
    }

    /// A desk with one customer, one case and its first event.
    static func desk() throws -> (TestDesk, String) {
        let desk = try TestDesk()
        try desk.customer("李雷", phone: "13800138000")
        return (desk, try desk.open("13800138000"))
    }

    @Test func aCaseHasExactlyTheColumnsOfCases() throws {
        let (desk, number) = try Self.desk()
        #expect(Self.fields(of: try desk.cases.locate(number)) == Self.columns("cases"))
    }

    @Test func aCustomerHasExactlyTheColumnsOfCustomers() throws {
        let (desk, _) = try Self.desk()
        let customer = try #require(try desk.customers.find("李雷").first)
        #expect(Self.fields(of: customer) == Self.columns("customers"))
    }

    /// An event is the row of `case_events` plus who wrote it, which the change log knows; it has
    /// no `updated`, as events never change.
    @Test func anEventHasTheColumnsOfCaseEventsAndItsAuthor() throws {
        let (desk, number) = try Self.desk()
        let event = try #require(try desk.cases.detail(number).events.first)
        #expect(Self.fields(of: event) == Self.columns("case_events").filter { $0 != "updated" } + ["author"])
    }

    /// What `case open` and `case edit` take are columns of `cases`, named as the columns are, or
    /// one of the inputs that are not columns (listed here, each with its reason).
    @Test func theClerksInputsAreColumnsOfCases() {
        let columns = Set(Self.columns("cases"))
        // The customer is typed as a phone, email or id and becomes `customer_id`; an override is
        // an event; tags are added and removed as set elements of `tags`.
        let inputs: Set = ["customer", "override", "add_tags", "remove_tags"]
        let open = Self.fields(of: NewCase(customer: "", kind: "", channel: "", severity: "", title: ""))
        let edit = Self.fields(of: CaseChanges())
        #expect(Set(open).subtracting(columns).subtracting(inputs).isEmpty, "\(Set(open).subtracting(columns))")
        #expect(Set(edit).subtracting(columns).subtracting(inputs).isEmpty, "\(Set(edit).subtracting(columns))")
        // Every column a clerk may write by hand is editable.
        // The rest are written by the steps and rules: arrival and warranty on opening, the day a
        // return was asked for by the 7-day rule, `due` on assignment, follow-ups by surveys and
        // revisits, notifications by severity and `case ack`.
        let workflow: Set = [
            "id", "number", "status", "assignee", "created", "updated", "received_at", "warranty_of", "return_asked", "due",
            "follow_up_of", "notified", "acknowledged",
        ]
        #expect(columns.subtracting(workflow).subtracting(edit).subtracting(["customer_id"]) == ["tags"], "tags are edited as add_tags/remove_tags")
    }

    @Test func theJSONOfACaseAndACustomerFollowsTheColumns() throws {
        let (desk, number) = try Self.desk()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let serviceCase = try JSONSerialization.jsonObject(with: try encoder.encode(try desk.cases.locate(number))) as? [String: Any]
        #expect(Set(serviceCase?.keys.map { $0 } ?? []) == Set(Self.columns("cases")))
        let customer = try JSONSerialization.jsonObject(with: try encoder.encode(try #require(try desk.customers.find("李雷").first))) as? [String: Any]
        #expect(Set(customer?.keys.map { $0 } ?? []) == Set(Self.columns("customers")))
    }
}
