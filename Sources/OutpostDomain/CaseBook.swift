import OutpostCore
package import OutpostStore

/// The cases of the replica: open, list, show and edit (the `outpost case` commands); the workflow steps are
/// in `CaseBook+Workflow.swift`.
///
/// Checks that depend on the case's current values (its status, tier, kind) read them inside the
/// write transaction, so two processes on one station file cannot both take a step that only one
/// of them should.
package struct CaseBook: Sendable {
    package let store: StationStore
    /// Milliseconds since 1970: the clock "today" is read from; injected so tests control it.
    let clock: @Sendable () -> UInt64

    package init(store: StationStore, clock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds) {
        self.store = store
        self.clock = clock
    }

    var customers: CustomerBook { CustomerBook(store: store) }

    // MARK: - Opening

    /// Opens a case for a customer, with status new and tier 1, assigned to whoever opens it.
    ///
    /// A return whose purchase is more than 7 days old is refused with the rule quoted unless
    /// `override` gives a reason, which is recorded as an `override` event.
    package func open(_ new: NewCase, by staff: String) throws -> OpenedCase {
        let customer = try customers.locate(new.customer).survivor
        let kind = try CaseKind.parse(new.kind)
        let channel = try CaseChannel.parse(new.channel)
        let severity = try Severity.parse(new.severity)
        let title = new.title.trimmingSpaces()
        guard !title.isEmpty else {
            throw DomainError(.invalid, "a case needs a title: pass --title \"...\"", "案件需要标题：请加 --title \"...\"")
        }
        let category = try Self.category(new.category, for: kind)
        let service = try Self.service(new.service, for: kind)
        let time = try stationTime()
        let today = time.date(at: clock())
        let purchased = try new.purchased.map { try Self.purchaseDate($0, today: today) }
        let override = new.override?.trimmingSpaces()
        var overrideNeeded = false
        if service == .return {
            if let purchased {
                if !ReturnWindow.accepts(purchased: purchased, today: today) {
                    overrideNeeded = true
                    guard override?.isEmpty == false else {
                        let age = ReturnWindow.age(purchased: purchased, today: today)
                        throw DomainError(
                            .refused,
                            Phrase(
                                "\(ReturnWindow.rule.english). Purchased \(purchased), \(age) days ago: refused. To accept it anyway, add --override \"reason\"",
                                "\(ReturnWindow.rule.chinese)。购买日期 \(purchased)，已过 \(age) 天：不予受理。如确需受理，请加 --override \"原因\""
                            ))
                    }
                }
            } else if override?.isEmpty == false {
                overrideNeeded = true
            } else {
                throw DomainError(
                    .invalid,
                    Phrase(
                        "a return needs the purchase date to check the 7-day rule: add --purchased YYYY-MM-DD",
                        "退货需要购买日期以核对 7 天规则：请加 --purchased YYYY-MM-DD"
                    ))
            }
        }
        let tags = try new.tags.map(Self.tag)
        let (number, id) = try store.write(as: staff) { write in
            let number = try write.nextCaseNumber()
            var fields = [
                Field("number", .text(number)), Field("customer_id", .text(customer.id)), Field("kind", .text(kind.rawValue)),
                Field("channel", .text(channel.rawValue)), Field("severity", .text(severity.rawValue)),
                Field("status", .text(CaseStatus.new.rawValue)), Field("tier", .integer(Tier.one.number)),
                Field("assignee", .text(staff)), Field("title", .text(title)),
            ]
            let optional: [(String, String?)] = [
                ("category", category), ("service", service?.rawValue), ("description", new.description),
                ("product", new.product), ("serial", new.serial), ("purchased", purchased?.description),
                ("order_number", new.orderNumber), ("expects", new.expects),
            ]
            for (column, value) in optional {
                if let value = value?.trimmingSpaces(), !value.isEmpty { fields.append(Field(column, .text(value))) }
            }
            fields += tags.map { Field("tags", .text($0)) }
            let row = try write.create("cases", fields)
            let id = write.text(of: row)!
            try write.create(
                "case_events",
                [
                    Field("case_id", .text(id)), Field("kind", .text(EventKind.status.rawValue)),
                    Field("status", .text(CaseStatus.new.rawValue)), Field("outcome", .text(StatusStep.open.rawValue)),
                ])
            if overrideNeeded, let override {
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(id)), Field("kind", .text(EventKind.override.rawValue)),
                        Field("outcome", .text("return-window")), Field("body", .text(override)),
                    ])
            }
            return (number, id)
        }
        return OpenedCase(
            number: number, id: id, overrideRecorded: overrideNeeded,
            overrideUnused: !overrideNeeded && override?.isEmpty == false, deadlines: .notComputed
        )
    }

    // MARK: - Listing

    /// Cases matching a filter, most urgent first: open work before waiting, then resolved, then
    /// closed; within that the most severe first, then the oldest. (The SLA clocks will put the
    /// nearest deadline first.)
    package func list(_ filter: CaseFilter) throws -> CaseList {
        var conditions = [String]()
        var arguments = [Value]()
        func among<T: Term>(_ type: T.Type, _ texts: [String], column: String) throws {
            let terms = try texts.flatMap { $0.split(separator: ",").map(String.init) }.map(T.parse)
            guard !terms.isEmpty else { return }
            conditions.append("\(column) IN (SELECT value FROM json_each(?))")
            arguments.append(jsonArray(terms.map(\.rawValue)))
        }
        try among(CaseStatus.self, filter.statuses, column: "status")
        if filter.statuses.isEmpty, !filter.includeClosed { conditions.append("status <> 'closed'") }
        try among(CaseKind.self, filter.kinds, column: "kind")
        try among(Severity.self, filter.severities, column: "severity")
        if let assignee = filter.assignee?.trimmingSpaces() {
            conditions.append("assignee = ?")
            arguments.append(.text(assignee))
        }
        if let customer = filter.customer {
            let survivor = try customers.locate(customer).survivor.id
            conditions.append("customer_id IN (SELECT value FROM json_each(?))")
            arguments.append(jsonArray(try customers.mergeMap().members(of: survivor)))
        }
        if let text = filter.search, let search = CustomerSearch(text) {
            let merges = try customers.mergeMap()
            let matched = Set(try customers.matchingIDs(search, limit: 500).map(merges.survivor(of:)))
            let members = matched.flatMap(merges.members(of:))
            let textColumns = ["number", "title", "description", "product", "serial", "order_number"]
            let pattern = CustomerSearch.likePattern(text.trimmingSpaces())
            conditions.append(
                "(" + textColumns.map { #"\#($0) LIKE ? ESCAPE '\'"# }.joined(separator: " OR ")
                    + " OR customer_id IN (SELECT value FROM json_each(?)))")
            arguments += Array(repeating: .text(pattern), count: textColumns.count) + [jsonArray(members)]
        }
        let deadlines = Deadlines.notComputed
        if filter.overdue, !deadlines.computed {
            return CaseList(cases: [], total: 0, deadlinesComputed: false)
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // One scan: the window counts every match before LIMIT keeps the first ones.
        let rows = try store.records(
            "SELECT *, count(*) OVER () AS matches FROM cases \(whereClause) ORDER BY \(Self.urgencyOrder) LIMIT ?",
            arguments + [.integer(Int64(filter.limit ?? -1))]
        )
        let total = rows.first?.integer("matches") ?? 0
        return CaseList(cases: try listings(rows.map(ServiceCase.init)), total: Int(total), deadlinesComputed: deadlines.computed)
    }

    /// `ORDER BY` terms for "most urgent first".
    static let urgencyOrder = """
        CASE status WHEN 'new' THEN 0 WHEN 'in-progress' THEN 0 WHEN 'waiting' THEN 1 WHEN 'resolved' THEN 2 ELSE 3 END,
        CASE severity WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, created, rowid
        """

    /// Cases with the survivors of their customers, for listings.
    func listings(_ cases: [ServiceCase]) throws -> [CaseListing] {
        let names = try customers.survivorNames(of: cases.map(\.customerID))
        return cases.map { serviceCase in
            let survivor = names[serviceCase.customerID]
            return CaseListing(case: serviceCase, customerID: survivor?.id ?? serviceCase.customerID, customerName: survivor?.name)
        }
    }

    // MARK: - Showing

    /// Every field of a case, its customer, the timeline with who recorded each event, counters,
    /// open conflicts and deadlines.
    package func detail(_ reference: String) throws -> CaseDetail {
        let serviceCase = try locate(reference)
        let merges = try customers.mergeMap()
        let customer = try customers.record(merges.survivor(of: serviceCase.customerID))
        var events = try store.records("SELECT * FROM case_events WHERE case_id = ? ORDER BY created, rowid", [.text(serviceCase.id)])
            .map(CaseEvent.init)
        for index in events.indices {
            if let row = try store.rowID(events[index].id) {
                events[index].author = try store.history(of: row, in: "case_events").first?.author
            }
        }
        let conflicts = try customers.conflicts(ofRow: serviceCase.id, in: "cases")
        return CaseDetail(
            case: serviceCase, customer: customer, events: events, conflicts: conflicts,
            counters: CaseDetail.Counters(events), deadlines: .notComputed,
            openedBy: events.first { $0.outcome == StatusStep.open.rawValue }?.author
        )
    }

    /// A case by number (`SZ01-20261122-0007`, any letter case) or row id (`SZ01.42`).
    package func locate(_ reference: String) throws -> ServiceCase {
        let text = reference.trimmingSpaces().uppercased()
        guard let record = try store.records("SELECT * FROM cases WHERE number = ? OR id = ? LIMIT 1", [.text(text), .text(text)]).first else {
            throw DomainError(
                .notFound, "no case \(reference.trimmingSpaces()): find it with `outpost case list --search TEXT`",
                "没有案件 \(reference.trimmingSpaces())：可用 `outpost case list --search 关键字` 查找")
        }
        return ServiceCase(record)
    }

    // MARK: - Editing

    /// Changes a case's fields and returns the names of the columns written.
    ///
    /// Kind, category and service stay consistent: an after-sales case needs a service; a case
    /// that stops being after-sales loses it; a handbook category that no longer fits the kind
    /// is cleared.
    @discardableResult
    package func edit(_ reference: String, _ changes: CaseChanges, by staff: String) throws -> [String] {
        guard !changes.isEmpty else {
            throw DomainError(
                .invalid, "nothing to change: give a field such as --title, --severity or --product (see `outpost case edit --help`)",
                "没有要修改的内容：请给出字段，例如 --title、--severity 或 --product（见 `outpost case edit --help`）")
        }
        let current = try locate(reference)
        var values = [(String, Value)]()
        let kind = try changes.kind.map(CaseKind.parse) ?? current.caseKind ?? .consultation
        if changes.kind != nil { values.append(("kind", .text(kind.rawValue))) }
        if let category = changes.category {
            values.append(("category", try Self.category(category.isEmpty ? nil : category, for: kind).map(Value.text) ?? .null))
        } else if let existing = current.category.flatMap(CaseCategory.init(rawValue:)), existing.kind != kind {
            values.append(("category", .null))
        }
        if let service = changes.service {
            values.append(("service", try Self.service(service.isEmpty ? nil : service, for: kind).map { .text($0.rawValue) } ?? .null))
        } else if changes.kind != nil, kind == .afterSales, current.service == nil {
            _ = try Self.service(nil, for: kind)
        } else if kind != .afterSales, current.service != nil {
            values.append(("service", .null))
        }
        if let channel = changes.channel { values.append(("channel", .text(try CaseChannel.parse(channel).rawValue))) }
        if let severity = changes.severity { values.append(("severity", .text(try Severity.parse(severity).rawValue))) }
        if let tier = changes.tier { values.append(("tier", .integer(try Tier.parse(tier).number))) }
        if let title = changes.title {
            guard !title.trimmingSpaces().isEmpty else { throw DomainError(.invalid, "a case's title cannot be empty", "案件标题不能为空") }
            values.append(("title", .text(title.trimmingSpaces())))
        }
        if let purchased = changes.purchased {
            let time = try stationTime()
            values.append(
                ("purchased", purchased.isEmpty ? .null : .text(try Self.purchaseDate(purchased, today: time.date(at: clock())).description)))
        }
        if let customer = changes.customer {
            values.append(("customer_id", .text(try customers.locate(customer).survivor.id)))
        }
        let free: [(String, String?)] = [
            ("department", changes.department), ("description", changes.description), ("product", changes.product),
            ("serial", changes.serial), ("order_number", changes.orderNumber), ("expects", changes.expects),
        ]
        for (column, value) in free {
            guard let value else { continue }
            let trimmed = value.trimmingSpaces()
            values.append((column, trimmed.isEmpty ? .null : .text(trimmed)))
        }
        let addTags = try changes.addTags.map(Self.tag)
        let removeTags = try changes.removeTags.map(Self.tag)
        try store.write(as: staff) { write in
            guard let row = write.rowID(current.id) else { throw self.notFound(reference) }
            for (column, value) in values { try write.set("cases", row, column, value) }
            let present = CustomerBook.decode(try write.shown("cases", row, "tags"))
            for tag in removeTags {
                guard present.contains(tag) else {
                    throw DomainError(.invalid, "case \(current.number) has no tag '\(tag)'", "案件 \(current.number) 没有标签「\(tag)」")
                }
                try write.remove("cases", row, "tags", tag)
            }
            for tag in addTags { try write.add("cases", row, "tags", tag) }
        }
        return values.map(\.0) + (addTags.isEmpty && removeTags.isEmpty ? [] : ["tags"])
    }

    // MARK: - Helpers

    func stationTime() throws -> StationTime {
        guard let station = try store.localStation() else {
            throw DomainError(
                .notFound, "this database has no station yet: run `outpost init --station CODE` first",
                "此数据库还没有站点：请先运行 `outpost init --station 代码`")
        }
        return StationTime(zoneIdentifier: station.timeZone)
    }

    func notFound(_ reference: String) -> DomainError {
        DomainError(.notFound, "no case \(reference)", "没有案件 \(reference)")
    }

    /// A category: one of the handbook's for consultations and complaints, free text otherwise.
    static func category(_ text: String?, for kind: CaseKind) throws -> String? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        let allowed = kind.categories
        guard !allowed.isEmpty else { return text }
        guard let category = CaseCategory.matching(text), category.kind == kind else {
            throw DomainError(
                .invalid,
                Phrase(
                    "unknown category '\(text)' for a \(kind.english): expected "
                        + allowed.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", "),
                    "\(kind.chinese)没有类别「\(text)」：可选 " + allowed.map { "\($0.chinese)（\($0.rawValue)）" }.joined(separator: "、")
                ))
        }
        return category.rawValue
    }

    /// The after-sales service: required for after-sales cases, refused for the others.
    static func service(_ text: String?, for kind: CaseKind) throws -> AfterSalesService? {
        let text = text?.trimmingSpaces()
        if kind == .afterSales {
            guard let text, !text.isEmpty else {
                throw DomainError(
                    .invalid, "an after-sales case needs --service: \(AfterSalesService.allowed.english)",
                    "售后案件需要 --service：可选 \(AfterSalesService.allowed.chinese)")
            }
            return try AfterSalesService.parse(text)
        }
        guard text?.isEmpty ?? true else {
            throw DomainError(
                .invalid, "--service is only for after-sales cases (this one is a \(kind.english))",
                "--service 只用于售后案件（此案件为\(kind.chinese)）")
        }
        return nil
    }

    static func purchaseDate(_ text: String, today: LocalDate) throws -> LocalDate {
        guard let date = LocalDate(parsing: text) else {
            throw DomainError(
                .invalid, "invalid purchase date '\(text)': expected YYYY-MM-DD, such as \(today)",
                "无效的购买日期「\(text)」：应为 YYYY-MM-DD，例如 \(today)")
        }
        guard date <= today else {
            throw DomainError(
                .invalid, "purchase date \(date) is in the future (today is \(today))",
                "购买日期 \(date) 晚于今天（\(today)）")
        }
        return date
    }

    static func tag(_ text: String) throws -> String {
        guard let tag = ElementKind.tag.normalise(text) else {
            throw DomainError(.invalid, "a tag cannot be empty", "标签不能为空")
        }
        return tag
    }
}
