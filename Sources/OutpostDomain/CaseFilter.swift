/// Which cases `outpost case list` shows. Vocabulary as typed, in English or Chinese.
package struct CaseFilter: Hashable, Sendable {
    /// Empty: every status but closed (closed cases need no more work; `includeClosed` or an
    /// explicit status shows them).
    package var statuses: [String] = []
    package var kinds: [String] = []
    package var severities: [String] = []
    package var assignee: String?
    /// A customer id, phone or email: the cases of its whole merge group.
    package var customer: String?
    /// Text in the number, title, description, product, serial, order number or customer.
    package var search: String?
    /// Only cases with an overdue deadline.
    package var overdue = false
    /// Only cases with an open clock due within this many milliseconds (or overdue).
    package var dueWithin: UInt64?
    package var includeClosed = false
    /// Only the cases opened at this station (its code).
    package var station: String?
    /// At most this many cases (nil: all).
    package var limit: Int? = 50

    package init() {}
}
