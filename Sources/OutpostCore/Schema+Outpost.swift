extension Schema {
    /// The replicated tables of Outpost, schema version 2 (`docs/ARCHITECTURE.md`, "Schema").
    ///
    /// Tables are numbered by position in packed bookkeeping: a new table goes last.
    /// Version 2 added the staff, calendar and SLA tables, the cases' arrival, return, routing and notification
    /// columns, the events' audit and after-sales columns, and the channels on-site and fax.
    ///
    /// Part of the contract between stations: a column's policy or a value's meaning never
    /// changes under the same version. `created` and `updated` are not listed: they are derived
    /// from the row's versions on every replica.
    package static let outpost = Schema(
        version: 2,
        tables: [
            TableSchema(
                "stations",
                columns: [
                    ColumnSchema("code", .text),
                    ColumnSchema("name", .optionalText),
                    // The calendar region whose holidays and hours the station's cases count on.
                    ColumnSchema("region", .optionalText),
                ]),
            TableSchema(
                "customers",
                columns: [
                    ColumnSchema("name", .text),
                    ColumnSchema("contact", .optionalText),
                    ColumnSchema("phones", .element(.phone), policy: .addWins),
                    ColumnSchema("emails", .element(.email), policy: .addWins),
                    ColumnSchema("address", .optionalText),
                    ColumnSchema("note", .optionalText),
                    ColumnSchema("merged_into", .optionalReference("customers")),
                ]),
            TableSchema(
                "cases",
                columns: [
                    ColumnSchema("number", .text),
                    ColumnSchema("customer_id", .reference("customers")),
                    ColumnSchema("kind", .oneOf(CaseVocabulary.kinds)),
                    ColumnSchema("category", .optionalText),
                    ColumnSchema("service", .optionalOneOf(CaseVocabulary.services)),
                    ColumnSchema("channel", .oneOf(CaseVocabulary.channels)),
                    ColumnSchema("severity", .oneOf(CaseVocabulary.severities), policy: .highestRank(CaseVocabulary.severities.map(Value.text))),
                    ColumnSchema(
                        "status", .oneOf(CaseVocabulary.statuses), policy: .openWins(open: Set(CaseVocabulary.openStatuses.map(Value.text)))),
                    ColumnSchema("tier", .integer(1...3), policy: .highestRank([.integer(1), .integer(2), .integer(3)])),
                    ColumnSchema("assignee", .optionalText),
                    ColumnSchema("department", .optionalText),
                    ColumnSchema("title", .text),
                    ColumnSchema("description", .optionalText),
                    ColumnSchema("product", .optionalText),
                    ColumnSchema("serial", .optionalText),
                    ColumnSchema("purchased", .optionalText),
                    ColumnSchema("order_number", .optionalText),
                    ColumnSchema("expects", .optionalText),
                    ColumnSchema("tags", .element(.tag), policy: .addWins),
                    ColumnSchema("received_at", .optionalInteger(0...Int64.max)),
                    ColumnSchema("delivered", .optionalText),
                    ColumnSchema("return_asked", .optionalText),
                    ColumnSchema("due", .optionalInteger(0...Int64.max)),
                    ColumnSchema("follow_up_of", .optionalReference("cases")),
                    ColumnSchema("warranty_of", .optionalReference("cases")),
                    ColumnSchema("notified", .element(.tag), policy: .addWins),
                    ColumnSchema("acknowledged", .element(.tag), policy: .addWins),
                    ColumnSchema("complex", .optionalInteger(0...1)),
                ]),
            TableSchema(
                "case_events", appendOnly: true,
                columns: [
                    ColumnSchema("case_id", .reference("cases")),
                    ColumnSchema("kind", .oneOf(CaseVocabulary.eventKinds)),
                    ColumnSchema("body", .optionalText),
                    ColumnSchema("channel", .optionalText),
                    ColumnSchema("outcome", .optionalText),
                    ColumnSchema("status", .optionalText),
                    ColumnSchema("score", .optionalInteger(1...5)),
                    ColumnSchema("tier", .optionalInteger(1...3)),
                    ColumnSchema("assignee", .optionalText),
                    ColumnSchema("at", .optionalInteger(0...Int64.max)),
                    ColumnSchema("role", .optionalOneOf(CaseVocabulary.roles)),
                    ColumnSchema("field", .optionalText),
                    ColumnSchema("from_value", .optionalText),
                    ColumnSchema("to_value", .optionalText),
                    ColumnSchema("amount", .optionalText),
                    ColumnSchema("passed", .optionalInteger(0...1)),
                    ColumnSchema("document", .optionalText),
                    ColumnSchema("valid_until", .optionalText),
                    ColumnSchema("refers_to", .optionalText),
                ]),
            TableSchema(
                "staff",
                columns: [
                    ColumnSchema("name", .text),
                    ColumnSchema("role", .oneOf(CaseVocabulary.roles)),
                    ColumnSchema("tier", .optionalInteger(1...3)),
                    ColumnSchema("department", .optionalText),
                    ColumnSchema("station", .optionalText),
                    ColumnSchema("status", .oneOf(CaseVocabulary.staffStatuses)),
                ]),
            // The working calendar and the SLA policy are data, replicated like cases: a date, a
            // week or a rule set twice concurrently is read from the row written last
            // (`docs/ARCHITECTURE.md`, "Deadlines").
            TableSchema(
                "calendar_days",
                columns: [
                    ColumnSchema("day", .text),
                    ColumnSchema("kind", .oneOf(CaseVocabulary.dayKinds)),
                    ColumnSchema("name", .optionalText),
                    // Null for the whole company; a region's rows take precedence for its stations.
                    ColumnSchema("region", .optionalText),
                ]),
            TableSchema(
                "work_week",
                columns: [
                    ColumnSchema("days", .text),
                    ColumnSchema("hours", .text),
                    ColumnSchema("time_zone", .text),
                    ColumnSchema("region", .optionalText),
                ]),
            TableSchema(
                "sla_rules",
                columns: [
                    ColumnSchema("rule", .text),
                    ColumnSchema("within", .text),
                    ColumnSchema("unit", .oneOf(CaseVocabulary.clockUnits)),
                    ColumnSchema("applies", .integer(0...1)),
                ]),
        ])
}

/// The service handbook's vocabulary (`docs/ARCHITECTURE.md`, "The domain"), in the canonical English form stored.
package enum CaseVocabulary {
    package static let kinds = ["consultation", "complaint", "after-sales", "feedback"]
    package static let services = ["repair", "replacement", "return"]
    package static let channels = ["phone", "email", "web", "social", "walk-in", "on-site", "fax"]
    /// Lowest first: the order `highestRank` uses.
    package static let severities = ["normal", "urgent", "critical"]
    package static let statuses = ["new", "in-progress", "waiting", "resolved", "closed"]
    package static let openStatuses = ["new", "in-progress", "waiting"]
    package static let eventKinds = [
        "note", "customer-note", "contact", "assignment", "escalation", "status", "solution",
        "milestone", "survey", "revisit", "override", "change", "ack", "warned", "reported",
    ]
    /// A calendar date's kind: a holiday, an extra working day, or back to the usual week.
    package static let dayKinds = ["holiday", "workday", "usual"]
    /// How a deadline clock counts.
    package static let clockUnits = ["elapsed", "business-hours", "working-days"]
    /// Lowest first: a role may do what the roles below it may.
    package static let roles = ["clerk", "lead", "supervisor", "manager"]
    package static let staffStatuses = ["active", "left"]
}
