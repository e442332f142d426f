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
    package var body: String?
    package var channel: String?
    package var outcome: String?
    package var status: String?
    package var score: Int64?
    package var tier: Int64?
    package var assignee: String?
    /// When it happened, if that differs from when it was recorded (a contact), in milliseconds.
    package var at: Int64?
    /// The role its author acted under, as the staff list said at that station then.
    package var role: String?
    /// A field change (`change`): the column, and its old and new values as text.
    package var field: String?
    package var fromValue: String?
    package var toValue: String?
    /// A repair quote, in yuan.
    package var amount: String?
    /// An inspection's result, or the customer's answer to a quote (1 yes, 0 no).
    package var passed: Int64?
    /// A voucher's number, a hand-back's way (pickup, shipped), an inspection's checklist.
    package var document: String?
    /// A voucher's last valid day.
    package var validUntil: String?
    /// The event a settlement settles, or the case a follow-up opened.
    package var refersTo: String?
    /// When it was recorded, ISO 8601 UTC.
    package var created: String
    /// Who recorded it (from the change log), when known.
    package var author: String?

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

    /// When it happened: `at` when given, else when it was recorded.
    package var happened: UInt64 {
        at.map { UInt64(max(0, $0)) } ?? StationTime.milliseconds(fromISO: created) ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case id
        case caseID
        case kind, body, channel, outcome, status, score, tier, assignee, at
        case role, field, fromValue, toValue, amount, passed, document, validUntil, refersTo
        case created, author
    }

    /// Every key is always present; `at` is ISO 8601 UTC like `created`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(kind, forKey: .kind)
        try container.encode(body, forKey: .body)
        try container.encode(channel, forKey: .channel)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(status, forKey: .status)
        try container.encode(score, forKey: .score)
        try container.encode(tier, forKey: .tier)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(at.map { StationTime.isoText(UInt64(max(0, $0))) }, forKey: .at)
        try container.encode(role, forKey: .role)
        try container.encode(field, forKey: .field)
        try container.encode(fromValue, forKey: .fromValue)
        try container.encode(toValue, forKey: .toValue)
        try container.encode(amount, forKey: .amount)
        try container.encode(passed, forKey: .passed)
        try container.encode(document, forKey: .document)
        try container.encode(validUntil, forKey: .validUntil)
        try container.encode(refersTo, forKey: .refersTo)
        try container.encode(created, forKey: .created)
        try container.encode(author, forKey: .author)
    }
}
