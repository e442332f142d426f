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
    package var category: String?
    package var service: String?
    package var channel: String
    package var severity: String
    package var status: String
    package var tier: Int64
    package var assignee: String?
    package var department: String?
    package var title: String
    package var description: String?
    package var product: String?
    package var serial: String?
    /// `YYYY-MM-DD`.
    package var purchased: String?
    package var orderNumber: String?
    /// What the customer expects as a resolution.
    package var expects: String?
    package var tags: [String]
    /// When the enquiry actually arrived (`case open --received-at`), in milliseconds; the
    /// clocks start here, else at creation.
    package var receivedAt: Int64?
    /// When the customer received the goods: a return's 7 days count from here when given.
    package var delivered: String?
    /// The station date the return was asked for: the 7-day rule is measured then.
    package var returnAsked: String?
    /// A deadline agreed with the receiving side on assignment, in milliseconds.
    package var due: Int64?
    /// The case this one follows up (an unhappy survey or revisit).
    package var followUpOf: String?
    /// The earlier repair whose 3-month warranty covers this one.
    package var warrantyOf: String?
    /// The notification levels raised for this case (urgent, critical, follow-up).
    package var notified: [String]
    /// The notification levels acknowledged (`case ack`).
    package var acknowledged: [String]
    /// A complaint a lead marked complex: its solution clock counts working days.
    package var complex: Bool?
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

    enum CodingKeys: String, CodingKey {
        case id, number
        case customerID
        case kind, category, service, channel, severity, status, tier, assignee, department, title, description
        case product, serial, purchased
        case orderNumber
        case expects, tags
        case receivedAt, delivered, returnAsked, due, followUpOf, warrantyOf, notified, acknowledged, complex
        case created, updated
    }

    /// Every key is always present (null when empty): names follow the `cases` table's columns.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(customerID, forKey: .customerID)
        try container.encode(kind, forKey: .kind)
        try container.encode(category, forKey: .category)
        try container.encode(service, forKey: .service)
        try container.encode(channel, forKey: .channel)
        try container.encode(severity, forKey: .severity)
        try container.encode(status, forKey: .status)
        try container.encode(tier, forKey: .tier)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(department, forKey: .department)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(product, forKey: .product)
        try container.encode(serial, forKey: .serial)
        try container.encode(purchased, forKey: .purchased)
        try container.encode(orderNumber, forKey: .orderNumber)
        try container.encode(expects, forKey: .expects)
        try container.encode(tags, forKey: .tags)
        try container.encode(receivedAt.map { StationTime.isoText(UInt64(max(0, $0))) }, forKey: .receivedAt)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(returnAsked, forKey: .returnAsked)
        try container.encode(due.map { StationTime.isoText(UInt64(max(0, $0))) }, forKey: .due)
        try container.encode(followUpOf, forKey: .followUpOf)
        try container.encode(warrantyOf, forKey: .warrantyOf)
        try container.encode(notified, forKey: .notified)
        try container.encode(acknowledged, forKey: .acknowledged)
        try container.encode(complex, forKey: .complex)
        try container.encode(created, forKey: .created)
        try container.encode(updated, forKey: .updated)
    }
}
