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
    var staffBook: StaffBook { StaffBook(store: store) }

    // MARK: - Opening

    /// Opens a case for a customer, with status new and tier 1, assigned to whoever opens it.
    ///
    /// - A return outside the 7-day window (`ReturnWindow`) is refused with the rule quoted unless
    ///   a lead gives an `override` reason, recorded as an `override` event.
    /// - A repair of a serial number handed back within 3 months is marked a warranty repair.
    /// - An urgent or critical case notifies its audience (`NotificationLevel`).
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
        let now = clock()
        let arrived = try new.receivedAt.map(receivedAt) ?? now
        let today = time.date(at: now)
        let purchased = try new.purchased.map { try Self.purchaseDate($0, today: today) }
        let delivered = try new.delivered.map { try Self.deliveryDate($0, today: today) }
        let asked = time.date(at: arrived)
        let override = Self.optional(new.override)
        let overrideNeeded =
            service == .return
            ? try returnWindowOverride(purchased: purchased, delivered: delivered, asked: asked, override: override, by: staff) : false
        let warranty = service == .repair ? try warrantyRepair(serial: new.serial, at: arrived) : nil
        let notified = NotificationLevel(severity)
        let tags = try new.tags.map(Self.tag)
        let role = try roleField(staff)
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
                ("order_number", new.orderNumber), ("expects", new.expects), ("department", new.department),
                ("delivered", delivered?.description), ("return_asked", service == .return ? asked.description : nil),
                ("warranty_of", warranty?.id),
            ]
            for (column, value) in optional {
                if let value = value?.trimmingSpaces(), !value.isEmpty { fields.append(Field(column, .text(value))) }
            }
            if new.receivedAt != nil { fields.append(Field("received_at", .integer(Int64(arrived)))) }
            if let notified { fields.append(Field("notified", .text(notified.rawValue))) }
            fields += tags.map { Field("tags", .text($0)) }
            let row = try write.create("cases", fields)
            let id = write.text(of: row)!
            try write.create(
                "case_events",
                [
                    Field("case_id", .text(id)), Field("kind", .text(EventKind.status.rawValue)),
                    Field("status", .text(CaseStatus.new.rawValue)), Field("outcome", .text(StatusStep.open.rawValue)),
                ] + role)
            if overrideNeeded, let override {
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(id)), Field("kind", .text(EventKind.override.rawValue)),
                        Field("outcome", .text("return-window")), Field("body", .text(override)),
                    ] + role)
            }
            return (number, id)
        }
        return OpenedCase(
            number: number, id: id, overrideRecorded: overrideNeeded, overrideUnused: !overrideNeeded && override != nil,
            deadlines: try deadlines(of: try locate(id), try clocks()), warrantyOf: warranty?.number, notified: notified
        )
    }

    /// When an enquiry arrived, typed at `case open --received-at`: not in the future, and not
    /// more than 30 days back (older paperwork is a new enquiry, not a late entry).
    func receivedAt(_ text: String) throws -> UInt64 {
        let now = clock()
        let earliest = now - min(now, 30 * 86_400_000)
        let what = Phrase("arrival time", "受理时间")
        let when = try time(text, notBefore: nil, notAfter: now + Self.futureSlack, what: what)
        guard when >= earliest else {
            throw DomainError(
                .invalid,
                "the arrival time \(text) is more than 30 days ago: open it as today's enquiry and say when it arrived in --description",
                "受理时间 \(text) 早于 30 天前：请按今天的咨询开案，并在 --description 中写明实际到达时间")
        }
        return when
    }

    /// Whether the 7-day return rule needs setting aside, refusing when it does and no lead gives
    /// a reason. Counted from delivery when known, else purchase; measured at `asked`, the day
    /// the return was asked for (handbook: 以消費者提交退貨申請的時間為準).
    func returnWindowOverride(purchased: LocalDate?, delivered: LocalDate?, asked: LocalDate, override: String?, by staff: String) throws
        -> Bool
    {
        let rule = Phrase("setting aside the 7-day return rule", "破例受理超过 7 天的退货")
        guard let start = delivered ?? purchased else {
            guard override != nil else {
                throw DomainError(
                    .invalid,
                    Phrase(
                        "a return needs the purchase date to check the 7-day rule: add --purchased YYYY-MM-DD (or --delivered YYYY-MM-DD)",
                        "退货需要购买日期以核对 7 天规则：请加 --purchased YYYY-MM-DD（或 --delivered YYYY-MM-DD）"
                    ))
            }
            try staffBook.require(staff, atLeast: .lead, to: rule)
            return true
        }
        guard !ReturnWindow.accepts(purchased: start, today: asked) else { return false }
        guard override != nil else {
            let age = ReturnWindow.age(purchased: start, today: asked)
            let counted = delivered == nil ? Phrase("Purchased", "购买日期") : Phrase("Delivered", "收货日期")
            throw DomainError(
                .refused,
                Phrase(
                    "\(ReturnWindow.rule.english). \(counted.english) \(start), \(age) days before the return was asked for (\(asked)): refused. A lead may accept it anyway with --override \"reason\"",
                    "\(ReturnWindow.rule.chinese)。\(counted.chinese) \(start)，距申请退货（\(asked)）已 \(age) 天：不予受理。如确需受理，请由组长加 --override \"原因\""
                ))
        }
        try staffBook.require(staff, atLeast: .lead, to: rule)
        return true
    }

    /// The earlier repair of this serial number handed back within the 3-month repair warranty
    /// before `at` (handbook: 提供3個月維修保障期), latest first.
    func warrantyRepair(serial: String?, at: UInt64) throws -> ServiceCase? {
        guard let serial = Self.optional(serial) else { return nil }
        let time = try stationTime()
        let rows = try store.records(
            """
            SELECT c.*, max(e.created) AS handed FROM cases c JOIN case_events e ON e.case_id = c.id
            WHERE c.serial = ? AND c.service = 'repair' AND e.kind = 'milestone' AND e.outcome = 'handed-back'
            GROUP BY c.id ORDER BY handed DESC
            """, [.text(serial)])
        for row in rows {
            guard let handed = row.string("handed").flatMap(StationTime.milliseconds(fromISO:)) else { continue }
            if time.date(at: at) <= time.date(at: handed).adding(months: ReturnWindow.repairWarrantyMonths) {
                return ServiceCase(row)
            }
        }
        return nil
    }

    // MARK: - Listing

    /// Cases matching a filter, most urgent first: open work before waiting, then resolved, then
    /// closed; within that the most severe first, then the oldest. A deadline filter (overdue, due
    /// within) lists the nearest due time first.
    package func list(_ filter: CaseFilter) throws -> CaseList {
        let (whereClause, arguments) = try conditions(filter)
        let clocks = try self.clocks()
        if filter.overdue || filter.dueWithin != nil {
            // Within a horizon includes overdue: due before now is due before now plus anything.
            let now = clock()
            let window =
                filter.dueWithin.map { DueWindow(from: nil, through: now.addingReportingOverflow($0).overflow ? .max : now + $0) }
                ?? Self.overdue(at: now)
            return try due(filter, window, clocks, now: now)
        }
        // One scan: the window counts every match before LIMIT keeps the first ones.
        let rows = try store.records(
            "SELECT *, count(*) OVER () AS matches FROM cases \(whereClause) ORDER BY \(Self.urgencyOrder) LIMIT ?",
            arguments + [.integer(Int64(filter.limit ?? -1))]
        )
        let total = rows.first?.integer("matches") ?? 0
        return CaseList(cases: try withDeadlines(try listings(rows.map(ServiceCase.init)), clocks), total: Int(total), deadlinesComputed: true)
    }

    /// The `WHERE` clause and its arguments for a filter's statuses, kinds, severities, assignee,
    /// customer and search.
    func conditions(_ filter: CaseFilter) throws -> (String, [Value]) {
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
        if let station = filter.station {
            conditions.append("substr(id, 1, instr(id, '.') - 1) = ?")
            arguments.append(.text(station))
        }
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
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// `ORDER BY` terms for "most urgent first"; ties by the case id's station code and sequence,
    /// so every replica lists cases in the same order (the rowid is a local handle).
    static let urgencyOrder = """
        CASE status WHEN 'new' THEN 0 WHEN 'in-progress' THEN 0 WHEN 'waiting' THEN 1 WHEN 'resolved' THEN 2 ELSE 3 END,
        CASE severity WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, created,
        substr(id, 1, instr(id, '.') - 1), CAST(substr(id, instr(id, '.') + 1) AS INTEGER)
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
        var events = try store.records("SELECT * FROM case_events WHERE case_id = ? ORDER BY \(CaseEvent.recordedOrder)", [.text(serviceCase.id)])
            .map(CaseEvent.init)
        for index in events.indices {
            if let row = try store.rowID(events[index].id) {
                events[index].author = try store.history(of: row, in: "case_events").first?.author
            }
        }
        let conflicts = try customers.conflicts(ofRow: serviceCase.id, in: "cases")
        var detail = CaseDetail(
            case: serviceCase, customer: customer, events: events, conflicts: conflicts,
            counters: CaseDetail.Counters(events), deadlines: try deadlines(of: serviceCase, events: events, try clocks()),
            openedBy: events.first { $0.outcome == StatusStep.open.rawValue }?.author
        )
        detail.followUps = try store.records("SELECT number FROM cases WHERE follow_up_of = ? ORDER BY created, id", [.text(serviceCase.id)])
            .compactMap { $0.string("number") }
        detail.followUpOf = try serviceCase.followUpOf.map { try locate($0).number }
        detail.warrantyOf = try serviceCase.warrantyOf.map { try locate($0).number }
        if let service = serviceCase.afterSalesService {
            detail.nextSteps = serviceCase.caseStatus.isOpen ? try progress(of: serviceCase.id, service).allowed : []
            detail.unsettledSteps = try stepConflicts(of: serviceCase).map {
                CaseDetail.UnsettledStep(event: $0.taken.eventID, step: $0.taken.step.rawValue, why: $0.why.english, whyChinese: $0.why.chinese)
            }
        }
        return detail
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
    /// is cleared. Every field that changes appends a `change` event (old → new), so the
    /// timeline is an audit trail. The case is read once, inside the write transaction.
    @discardableResult
    package func edit(_ reference: String, _ changes: CaseChanges, by staff: String) throws -> [String] {
        var withoutOverride = changes
        withoutOverride.override = nil
        guard !withoutOverride.isEmpty else {
            throw DomainError(
                .invalid, "nothing to change: give a field such as --title, --severity or --product (see `outpost case edit --help`)",
                "没有要修改的内容：请给出字段，例如 --title、--severity 或 --product（见 `outpost case edit --help`）")
        }
        let located = try locate(reference)
        let time = try stationTime()
        let today = time.date(at: clock())
        let newKind = try changes.kind.map(CaseKind.parse)
        let newChannel = try changes.channel.map(CaseChannel.parse)
        let newSeverity = try changes.severity.map(Severity.parse)
        let newTier = try changes.tier.map(Tier.parse)
        if let title = changes.title, title.trimmingSpaces().isEmpty {
            throw DomainError(.invalid, "a case's title cannot be empty", "案件标题不能为空")
        }
        let newPurchased = try changes.purchased.map { $0.isEmpty ? nil : try Self.purchaseDate($0, today: today) }
        let newDelivered = try changes.delivered.map { $0.isEmpty ? nil : try Self.deliveryDate($0, today: today) }
        let newCustomer = try changes.customer.map { try customers.locate($0).survivor.id }
        let addTags = try changes.addTags.map(Self.tag)
        let removeTags = try changes.removeTags.map(Self.tag)
        let override = Self.optional(changes.override)
        let role = try roleField(staff)
        let complex = try changes.complex.map { try YesNo.parse($0, "--complex") }
        if complex != nil {
            try staffBook.require(staff, atLeast: .lead, to: Phrase("marking a complaint complex", "标记复杂投诉"))
            guard located.caseKind == .complaint || newKind == .complaint else {
                throw DomainError(.invalid, "only a complaint can be marked complex", "只有投诉可以标记为复杂")
            }
        }
        return try store.write(as: staff) { write in
            guard let row = write.rowID(located.id) else { throw self.notFound(reference) }
            func shown(_ column: String) throws -> Value { try write.shown("cases", row, column) }
            let current = ServiceCase(Record(columns: Self.editedColumns, values: try Self.editedColumns.map(shown)))
            var values = [(String, Value)]()
            let kind = newKind ?? current.caseKind ?? .consultation
            if newKind != nil { values.append(("kind", .text(kind.rawValue))) }
            if let category = changes.category {
                values.append(("category", try Self.category(category.isEmpty ? nil : category, for: kind).map(Value.text) ?? .null))
            } else if let existing = current.category.flatMap(CaseCategory.init(rawValue:)), existing.kind != kind {
                values.append(("category", .null))
            }
            var service = current.afterSalesService
            if let text = changes.service {
                service = try Self.service(text.isEmpty ? nil : text, for: kind)
                values.append(("service", service.map { .text($0.rawValue) } ?? .null))
            } else if newKind != nil, kind == .afterSales, current.service == nil {
                _ = try Self.service(nil, for: kind)
            } else if kind != .afterSales, current.service != nil {
                service = nil
                values.append(("service", .null))
            }
            if let channel = newChannel { values.append(("channel", .text(channel.rawValue))) }
            if let severity = newSeverity { values.append(("severity", .text(severity.rawValue))) }
            if let tier = newTier { values.append(("tier", .integer(tier.number))) }
            if let title = changes.title { values.append(("title", .text(title.trimmingSpaces()))) }
            if let purchased = newPurchased { values.append(("purchased", purchased.map { .text($0.description) } ?? .null)) }
            if let delivered = newDelivered { values.append(("delivered", delivered.map { .text($0.description) } ?? .null)) }
            if let customer = newCustomer { values.append(("customer_id", .text(customer))) }
            if let complex { values.append(("complex", .integer(complex ? 1 : 0))) }
            let free: [(String, String?)] = [
                ("department", changes.department), ("description", changes.description), ("product", changes.product),
                ("serial", changes.serial), ("order_number", changes.orderNumber), ("expects", changes.expects),
            ]
            for (column, value) in free {
                guard let value else { continue }
                let trimmed = value.trimmingSpaces()
                values.append((column, trimmed.isEmpty ? .null : .text(trimmed)))
            }
            // The 7-day rule, wherever the edit can change its answer. A case that was a return
            // keeps the day it was asked for; one that becomes a return is asked for today.
            var overridden = false
            let windowInputs = newKind != nil || changes.service != nil || changes.purchased != nil || changes.delivered != nil
            if service == .return, windowInputs {
                let wasReturn = current.afterSalesService == .return
                let asked = wasReturn ? current.returnAsked.flatMap(LocalDate.init(parsing:)) ?? today : today
                if !wasReturn { values.append(("return_asked", .text(asked.description))) }
                overridden = try self.returnWindowOverride(
                    purchased: changes.purchased != nil ? newPurchased ?? nil : current.purchased.flatMap(LocalDate.init(parsing:)),
                    delivered: changes.delivered != nil ? newDelivered ?? nil : current.delivered.flatMap(LocalDate.init(parsing:)),
                    asked: asked, override: override, by: staff)
            }
            var written = [String]()
            for (column, value) in values {
                let before = try shown(column)
                guard before != value else { continue }
                try write.set("cases", row, column, value)
                written.append(column)
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(located.id)), Field("kind", .text(EventKind.change.rawValue)), Field("field", .text(column)),
                        Field("from_value", before == .null ? .null : .text(Self.text(before))),
                        Field("to_value", value == .null ? .null : .text(Self.text(value))),
                    ] + role)
            }
            if let severity = newSeverity, severity > current.caseSeverity, let level = NotificationLevel(severity) {
                try write.add("cases", row, "notified", level.rawValue)
            }
            if overridden, let override {
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(located.id)), Field("kind", .text(EventKind.override.rawValue)),
                        Field("outcome", .text("return-window")), Field("body", .text(override)),
                    ] + role)
            }
            let present = current.tags
            for tag in removeTags {
                guard present.contains(tag) else {
                    throw DomainError(.invalid, "case \(located.number) has no tag '\(tag)'", "案件 \(located.number) 没有标签「\(tag)」")
                }
                try write.remove("cases", row, "tags", tag)
            }
            for tag in addTags { try write.add("cases", row, "tags", tag) }
            let tagChange = addTags.filter { !present.contains($0) }.map { "+" + $0 } + removeTags.map { "-" + $0 }
            if !tagChange.isEmpty {
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(located.id)), Field("kind", .text(EventKind.change.rawValue)), Field("field", .text("tags")),
                        Field("to_value", .text(tagChange.joined(separator: " "))),
                    ] + role)
                written.append("tags")
            }
            return written
        }
    }

    /// The columns `edit` reads inside its transaction.
    static let editedColumns = [
        "kind", "category", "service", "severity", "purchased", "delivered", "return_asked", "tags",
    ]

    /// A stored value as the timeline shows it.
    static func text(_ value: Value) -> String {
        switch value {
        case .text(let text): text
        case .integer(let integer): String(integer)
        default: value.description
        }
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

    static func deliveryDate(_ text: String, today: LocalDate) throws -> LocalDate {
        guard let date = LocalDate(parsing: text), date <= today else {
            throw DomainError(
                .invalid, "invalid delivery date '\(text)': expected YYYY-MM-DD, not after today (\(today))",
                "无效的收货日期「\(text)」：应为 YYYY-MM-DD，且不晚于今天（\(today)）")
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
