import OutpostStore

/// One append-only entry of a case's timeline (`docs/ARCHITECTURE.md`, "Append-only events").
///
/// How each kind uses the shared columns:
/// - `note`, `customer-note`: `body`.
/// - `contact`: `channel`, `outcome` (reached, no-answer, left-message), `at` (when), `body`.
/// - `assignment`: `assignee`, and the department in `body`.
/// - `escalation`: `tier` (the new tier), the reason in `body`.
/// - `status`: `status` (the new status), the workflow step in `outcome` (open, start, wait,
///   resume, resolve, close, reopen), the reason in `body`.
/// - `solution`: `body`, and `outcome` accepted/declined once the customer answered.
/// - `milestone`: `outcome` (the after-sales step, `Milestone`), `body`; a diagnosis's quote in
///   `amount` and the customer's answer in `passed`; an inspection's result in `passed`, its
///   checklist in `document` and reason in `body`; a voucher's number in `document` and last day
///   in `valid_until`; a hand-back's way in `document`; an appointment's time in `at`.
/// - `change`: a field edited (`field`, `from_value`, `to_value`).
/// - `ack`: a notification acknowledged (`outcome`: its level).
/// - `survey`: `score` 1–5, the comment in `body`.
/// - `revisit`: the result in `body`.
/// - `override`: the rule set aside in `outcome` (`return-window`, `complaint-close`, `step`), the
///   reason in `body`, the settled event in `refers_to`.
/// - every event: the author's role in `role`.
package struct CaseEvent: Hashable, Sendable, Encodable {
    package var id: String
    package var caseID: String
    package var kind: String
    @Nullable package var body: String? = nil
    @Nullable package var channel: String? = nil
    @Nullable package var outcome: String? = nil
    @Nullable package var status: String? = nil
    @Nullable package var score: Int64? = nil
    @Nullable package var tier: Int64? = nil
    @Nullable package var assignee: String? = nil
    /// When it happened, if that differs from when it was recorded (a contact), in milliseconds.
    @NullableInstant package var at: Int64? = nil
    /// The role its author acted under, as the staff list said at that station then.
    @Nullable package var role: String? = nil
    /// A field change (`change`): the column, and its old and new values as text.
    @Nullable package var field: String? = nil
    @Nullable package var fromValue: String? = nil
    @Nullable package var toValue: String? = nil
    /// A repair quote, in yuan.
    @Nullable package var amount: String? = nil
    /// An inspection's result, or the customer's answer to a quote (1 yes, 0 no).
    @Nullable package var passed: Int64? = nil
    /// A voucher's number, a hand-back's way (pickup, shipped), an inspection's checklist.
    @Nullable package var document: String? = nil
    /// A voucher's last valid day.
    @Nullable package var validUntil: String? = nil
    /// The event a settlement settles, or the case a follow-up opened.
    @Nullable package var refersTo: String? = nil
    /// When it was recorded, ISO 8601 UTC.
    package var created: String
    /// Who recorded it (from the change log), when known.
    @Nullable package var author: String? = nil

    init(_ record: Record) {
        id = record.string("id") ?? ""
        caseID = record.string("case_id") ?? ""
        kind = record.string("kind") ?? ""
        body = record.string("body")
        channel = record.string("channel")
        outcome = record.string("outcome")
        status = record.string("status")
        score = record.integer("score")
        tier = record.integer("tier")
        assignee = record.string("assignee")
        at = record.integer("at")
        role = record.string("role")
        field = record.string("field")
        fromValue = record.string("from_value")
        toValue = record.string("to_value")
        amount = record.string("amount")
        passed = record.integer("passed")
        document = record.string("document")
        validUntil = record.string("valid_until")
        refersTo = record.string("refers_to")
        created = record.string("created") ?? ""
    }

    package var eventKind: EventKind? { EventKind(rawValue: kind) }

    /// `ORDER BY` terms for "in the order recorded", the same on every replica: by creation time,
    /// then, within a millisecond, by the creating station's code and its sequence as a number
    /// (so one station's events keep their order: `SZ01.9` before `SZ01.10`).
    package static let recordedOrder =
        "created, substr(id, 1, instr(id, '.') - 1), CAST(substr(id, instr(id, '.') + 1) AS INTEGER)"

    /// `recordedOrder`, latest first.
    package static let latestFirst =
        "created DESC, substr(id, 1, instr(id, '.') - 1) DESC, CAST(substr(id, instr(id, '.') + 1) AS INTEGER) DESC"

    /// When it happened: a contact's `at` (it may be recorded after the fact), else when it was
    /// recorded. For an assignment `at` is the agreed due time and for an appointment the booked
    /// visit: neither is when the event happened.
    package var happened: UInt64 {
        let recorded = StationTime.milliseconds(fromISO: created) ?? 0
        guard kind == EventKind.contact.rawValue, let at else { return recorded }
        return UInt64(max(0, at))
    }

}
