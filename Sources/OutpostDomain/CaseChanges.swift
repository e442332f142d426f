/// Edits to a case's fields (`case edit`), as typed. A nil field stays as it is; an empty text
/// clears an optional field. Status, assignee and tier raises have their own workflow steps,
/// which also record events; `tier` here is for lowering on purpose (`docs/ARCHITECTURE.md`, "Merge policies").
package struct CaseChanges: Hashable, Sendable {
    package var customer: String?
    package var kind: String?
    package var category: String?
    package var service: String?
    package var channel: String?
    package var severity: String?
    package var tier: String?
    package var department: String?
    package var title: String?
    package var description: String?
    package var product: String?
    package var serial: String?
    package var purchased: String?
    package var orderNumber: String?
    package var expects: String?
    package var delivered: String?
    /// A complaint marked complex (yes) or not (no), by a lead or above.
    package var complex: String?
    /// Why a handbook rule the edit would break is set aside (a lead or above).
    package var override: String?
    package var addTags: [String] = []
    package var removeTags: [String] = []

    package init() {}

    package var isEmpty: Bool { self == CaseChanges() }
}
