import OutpostStore

/// A case as the replica shows it: the merged current value of every field (`docs/ARCHITECTURE.md`, "Cases").
///
/// Vocabulary fields keep the stored English form; the typed accessors read them. A value this
/// version does not know never reaches the domain table (it waits pending, `docs/ARCHITECTURE.md`,
/// "Pending changes"), so the accessors only fall back for safety.
package struct ServiceCase: Hashable, Sendable, Encodable {
    package var id: String
    /// `SZ01-20261122-0007`.
    package var number: String
    /// The customer the case was opened for; shown under that record's survivor after a merge.
    package var customerID: String
    package var kind: String
    @Nullable package var category: String? = nil
    @Nullable package var service: String? = nil
    package var channel: String
    package var severity: String
    package var status: String
    package var tier: Int64
    @Nullable package var assignee: String? = nil
    @Nullable package var department: String? = nil
    package var title: String
    @Nullable package var description: String? = nil
    @Nullable package var product: String? = nil
    @Nullable package var serial: String? = nil
    /// `YYYY-MM-DD`.
    @Nullable package var purchased: String? = nil
    @Nullable package var orderNumber: String? = nil
    /// What the customer expects as a resolution.
    @Nullable package var expects: String? = nil
    package var tags: [String]
    /// When the enquiry actually arrived (`case open --received-at`), in milliseconds; the
    /// clocks start here, else at creation.
    @NullableInstant package var receivedAt: Int64? = nil
    /// When the customer received the goods: a return's 7 days count from here when given.
    @Nullable package var delivered: String? = nil
    /// The station date the return was asked for: the 7-day rule is measured then.
    @Nullable package var returnAsked: String? = nil
    /// A deadline agreed with the receiving side on assignment, in milliseconds.
    @NullableInstant package var due: Int64? = nil
    /// The case this one follows up (an unhappy survey or revisit).
    @Nullable package var followUpOf: String? = nil
    /// The earlier repair whose 3-month warranty covers this one.
    @Nullable package var warrantyOf: String? = nil
    /// The notification levels raised for this case (urgent, critical, follow-up).
    package var notified: [String]
    /// The notification levels acknowledged (`case ack`).
    package var acknowledged: [String]
    /// A complaint a lead marked complex: its solution clock counts working days.
    @Nullable package var complex: Bool? = nil
    package var created: String
    package var updated: String

    init(_ record: Record) {
        id = record.string("id") ?? ""
        number = record.string("number") ?? ""
        customerID = record.string("customer_id") ?? ""
        kind = record.string("kind") ?? ""
        category = record.string("category")
        service = record.string("service")
        channel = record.string("channel") ?? ""
        severity = record.string("severity") ?? ""
        status = record.string("status") ?? ""
        tier = record.integer("tier") ?? 1
        assignee = record.string("assignee")
        department = record.string("department")
        title = record.string("title") ?? ""
        description = record.string("description")
        product = record.string("product")
        serial = record.string("serial")
        purchased = record.string("purchased")
        orderNumber = record.string("order_number")
        expects = record.string("expects")
        tags = record.strings("tags")
        receivedAt = record.integer("received_at")
        delivered = record.string("delivered")
        returnAsked = record.string("return_asked")
        due = record.integer("due")
        followUpOf = record.string("follow_up_of")
        warrantyOf = record.string("warranty_of")
        notified = record.strings("notified")
        acknowledged = record.strings("acknowledged")
        complex = record.integer("complex").map { $0 != 0 }
        created = record.string("created") ?? ""
        updated = record.string("updated") ?? ""
    }

    package var caseKind: CaseKind? { CaseKind(rawValue: kind) }
    package var caseStatus: CaseStatus { CaseStatus(rawValue: status) ?? .new }
    package var caseSeverity: Severity { Severity(rawValue: severity) ?? .normal }
    package var caseChannel: CaseChannel? { CaseChannel(rawValue: channel) }
    package var caseTier: Tier { Tier(number: tier) ?? .one }
    package var afterSalesService: AfterSalesService? { service.flatMap(AfterSalesService.init(rawValue:)) }
    /// When the enquiry arrived: `receivedAt` when given, else when the case was created.
    package var arrived: UInt64 {
        receivedAt.map { UInt64(max(0, $0)) } ?? StationTime.milliseconds(fromISO: created) ?? 0
    }
    /// Notification levels raised and not yet acknowledged.
    package var openNotifications: [NotificationLevel] {
        notified.compactMap(NotificationLevel.init(rawValue:)).filter { !acknowledged.contains($0.rawValue) }
    }

    /// The category in a language: the handbook's name when it is one, else the text as typed.
    package func categoryLabel(in language: Language) -> String? {
        category.map { CaseCategory(rawValue: $0)?.label(in: language) ?? $0 }
    }

}
