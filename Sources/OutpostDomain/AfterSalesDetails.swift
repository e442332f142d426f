/// What an after-sales step records beyond the step itself, as typed at the desk
/// (`outpost case diagnosed|inspected|voucher|handed-back|appoint ...`). Each step reads the
/// details that belong to it and refuses a missing one by name.
package struct AfterSalesDetails: Hashable, Sendable {
    /// A remark: the repair done, a tracking number.
    package var note: String?
    /// Repair diagnosis: the quote, in yuan (`120`, `89.50`).
    package var quote: String?
    /// Repair diagnosis: the customer's answer to the quote, yes or no.
    package var approved: String?
    /// Replacement inspection: passed, yes or no.
    package var passed: String?
    /// Why an inspection did not pass.
    package var reason: String?
    /// Return inspection, the handbook's checklist: packaging intact, unused, receipt present.
    package var packaging: String?
    package var unused: String?
    package var receipt: String?
    /// Replacement voucher: its number and the last day it is valid.
    package var voucher: String?
    package var validUntil: String?
    /// Repair hand-back: pickup or shipped.
    package var how: String?
    /// On-site appointment: when, in the station's zone.
    package var at: String?

    package init(
        note: String? = nil, quote: String? = nil, approved: String? = nil, passed: String? = nil, reason: String? = nil,
        packaging: String? = nil, unused: String? = nil, receipt: String? = nil, voucher: String? = nil, validUntil: String? = nil,
        how: String? = nil, at: String? = nil
    ) {
        self.note = note
        self.quote = quote
        self.approved = approved
        self.passed = passed
        self.reason = reason
        self.packaging = packaging
        self.unused = unused
        self.receipt = receipt
        self.voucher = voucher
        self.validUntil = validUntil
        self.how = how
        self.at = at
    }
}
