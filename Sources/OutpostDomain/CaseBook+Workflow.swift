import OutpostCore
import OutpostStore

/// The workflow steps, one per `outpost case` workflow command: each appends an event and changes fields
/// as needed, in one transaction.
///
/// Two rules are kept here for every step (`docs/ARCHITECTURE.md`, "Merge policies" and "Append-only events"):
/// - a step on an open case also writes `status` (its new value, or the current one again), so
///   the `openWins` policy sees concurrent work and a case is never closed silently while
///   another station still works on it;
/// - a step that changes the status shown appends a `status` event, so the deadline fold over
///   status events always ends with the status shown.
extension CaseBook {
    /// A note on the case: internal, or addressed to the customer.
    @discardableResult
    package func note(_ reference: String, _ text: String, toCustomer: Bool = false, by staff: String) throws -> StepResult {
        let body = try Self.required(text, Phrase("the note's text", "备注内容"))
        let action: WorkflowAction = toCustomer ? .customerNote : .note
        return try step(action, reference, by: staff) { _ in
            [Field("kind", .text((toCustomer ? EventKind.customerNote : .note).rawValue)), Field("body", .text(body))]
        }
    }

    /// A contact attempt: when (default now, or a time typed in the station's zone), the channel
    /// and the outcome.
    @discardableResult
    package func contact(
        _ reference: String, channel: String, outcome: String, note: String? = nil, at: String? = nil, by staff: String
    ) throws -> StepResult {
        let channel = try CaseChannel.parse(channel)
        let outcome = try ContactOutcome.parse(outcome)
        let now = clock()
        var when = now
        if let at {
            let time = try stationTime()
            guard let parsed = time.parse(at, today: time.date(at: now)) else {
                throw DomainError(
                    .invalid, "invalid time '\(at)': expected HH:MM (today) or YYYY-MM-DD HH:MM",
                    "无效的时间「\(at)」：应为 HH:MM（今天）或 YYYY-MM-DD HH:MM")
            }
            guard parsed <= now + 5 * 60_000 else {
                throw DomainError(.invalid, "the contact time \(at) is in the future", "联系时间 \(at) 晚于现在")
            }
            when = parsed
        }
        return try step(.contact, reference, by: staff) { _ in
            var fields = [
                Field("kind", .text(EventKind.contact.rawValue)), Field("channel", .text(channel.rawValue)),
                Field("outcome", .text(outcome.rawValue)), Field("at", .integer(Int64(when))),
            ]
            if let note = Self.optional(note) { fields.append(Field("body", .text(note))) }
            return fields
        }
    }

    /// Assigns or transfers the case to a staff member, and optionally a department.
    @discardableResult
    package func assign(_ reference: String, to assignee: String, department: String? = nil, by staff: String) throws -> StepResult {
        let assignee = try Self.required(assignee, Phrase("who to assign it to (--to NAME)", "分派给谁（--to 姓名）"))
        let department = Self.optional(department)
        return try step(.assign, reference, by: staff) { context in
            try context.set("assignee", .text(assignee))
            if let department { try context.set("department", .text(department)) }
            var fields = [Field("kind", .text(EventKind.assignment.rawValue)), Field("assignee", .text(assignee))]
            if let department { fields.append(Field("body", .text(department))) }
            return fields
        }
    }

    /// Escalates to a higher tier (tier 1 "cannot resolve"): the tier rises and the reason is
    /// recorded; the escalation clock starts from this event.
    @discardableResult
    package func escalate(_ reference: String, tier: String, reason: String, by staff: String) throws -> StepResult {
        let tier = try Tier.parse(tier)
        let reason = try Self.required(reason, Phrase("the reason (--reason \"...\")", "升级原因（--reason \"...\"）"))
        return try step(.escalate, reference, by: staff) { context in
            let current = Tier(number: try context.shown("tier").integer ?? 1) ?? .one
            guard tier > current else {
                throw DomainError(
                    .refused,
                    "case \(context.number) is already at tier \(current.rawValue): escalate to a higher tier (to lower it on purpose, use `outpost case edit \(context.number) --tier N`)",
                    "案件 \(context.number) 已在\(current.chinese)：只能升级到更高层级（如需降级，请用 `outpost case edit \(context.number) --tier N`）")
            }
            try context.set("tier", .integer(tier.number))
            return [Field("kind", .text(EventKind.escalation.rawValue)), Field("tier", .integer(tier.number)), Field("body", .text(reason))]
        }
    }

    /// A solution offered, and whether the customer accepted it. Only the answer may be given,
    /// later: it then refers to the solution offered last.
    @discardableResult
    package func solution(_ reference: String, _ text: String?, accepted: String? = nil, by staff: String) throws -> StepResult {
        let body = Self.optional(text)
        let response = try accepted.map(SolutionResponse.parse)
        guard body != nil || response != nil else {
            throw DomainError(
                .invalid, "give the solution's text, or the customer's answer with --accepted yes|no",
                "请给出方案内容，或用 --accepted yes|no 记录客户的答复")
        }
        if body == nil {
            let offered =
                try store.records(
                    "SELECT count(*) AS n FROM case_events WHERE case_id = ? AND kind = 'solution' AND body IS NOT NULL",
                    [.text(try locate(reference).id)]
                ).first?.integer("n") ?? 0
            guard offered > 0 else {
                throw DomainError(
                    .invalid, "no solution was offered on this case yet: give its text first",
                    "此案件还没有提供过方案：请先给出方案内容")
            }
        }
        return try step(.solution, reference, by: staff) { _ in
            var fields = [Field("kind", .text(EventKind.solution.rawValue))]
            if let body { fields.append(Field("body", .text(body))) }
            if let response { fields.append(Field("outcome", .text(response.rawValue))) }
            return fields
        }
    }

    /// An after-sales milestone. Each service has its own: repair (received, repaired, shipped),
    /// replacement (received, shipped), return (received, refunded).
    @discardableResult
    package func milestone(_ reference: String, _ milestone: Milestone, note: String? = nil, by staff: String) throws -> StepResult {
        let note = Self.optional(note)
        return try step(WorkflowAction(milestone), reference, by: staff) { context in
            guard try context.shown("kind").text == CaseKind.afterSales.rawValue else {
                let kind = CaseKind(rawValue: try context.shown("kind").text ?? "") ?? .consultation
                throw DomainError(
                    .refused, "case \(context.number) is a \(kind.english), not after-sales: it has no \(milestone.english) milestone",
                    "案件 \(context.number) 是\(kind.chinese)案件，不是售后：没有「\(milestone.chinese)」这一进度")
            }
            let service = AfterSalesService(rawValue: try context.shown("service").text ?? "") ?? .repair
            guard service.milestones.contains(milestone) else {
                let allowed = service.milestones.map { WorkflowAction($0).rawValue }
                throw DomainError(
                    .refused,
                    "case \(context.number) is a \(service.english): '\(milestone.rawValue)' does not apply; its milestones are "
                        + allowed.joined(separator: ", "),
                    "案件 \(context.number) 是\(service.chinese)：不适用「\(milestone.chinese)」；可记录的进度为 " + allowed.joined(separator: "、"))
            }
            var fields = [Field("kind", .text(EventKind.milestone.rawValue)), Field("outcome", .text(milestone.rawValue))]
            if let note { fields.append(Field("body", .text(note))) }
            return fields
        }
    }

    /// Waiting on the customer: the clocks pause.
    @discardableResult
    package func wait(_ reference: String, reason: String? = nil, by staff: String) throws -> StepResult {
        try step(.wait, reference, by: staff, statusNote: Self.optional(reason)) { _ in nil }
    }

    /// Back from waiting on the customer.
    @discardableResult
    package func resume(_ reference: String, note: String? = nil, by staff: String) throws -> StepResult {
        try step(.resume, reference, by: staff, statusNote: Self.optional(note)) { _ in nil }
    }

    @discardableResult
    package func resolve(_ reference: String, note: String? = nil, by staff: String) throws -> StepResult {
        try step(.resolve, reference, by: staff, statusNote: Self.optional(note)) { _ in nil }
    }

    @discardableResult
    package func close(_ reference: String, note: String? = nil, by staff: String) throws -> StepResult {
        try step(.close, reference, by: staff, statusNote: Self.optional(note)) { _ in nil }
    }

    /// Reopens a resolved or closed case; the reopen count is derived from these events.
    @discardableResult
    package func reopen(_ reference: String, reason: String, by staff: String) throws -> StepResult {
        let reason = try Self.required(reason, Phrase("why it is reopened (--reason \"...\")", "重新打开的原因（--reason \"...\"）"))
        return try step(.reopen, reference, by: staff, statusNote: reason) { _ in nil }
    }

    /// The satisfaction survey after closing: a score from 1 to 5 and a comment.
    @discardableResult
    package func survey(_ reference: String, score: Int, comment: String? = nil, by staff: String) throws -> StepResult {
        guard (1...5).contains(score) else {
            throw DomainError(
                .invalid, "invalid score \(score): expected a whole number from 1 (very unhappy) to 5 (very happy)",
                "无效的评分 \(score)：应为 1（非常不满意）到 5（非常满意）的整数")
        }
        let comment = Self.optional(comment)
        return try step(.survey, reference, by: staff) { _ in
            var fields = [Field("kind", .text(EventKind.survey.rawValue)), Field("score", .integer(Int64(score)))]
            if let comment { fields.append(Field("body", .text(comment))) }
            return fields
        }
    }

    /// The result of a follow-up call after closing.
    @discardableResult
    package func revisit(_ reference: String, outcome: String, by staff: String) throws -> StepResult {
        let outcome = try Self.required(outcome, Phrase("the revisit's result (--outcome \"...\")", "回访结果（--outcome \"...\"）"))
        return try step(.revisit, reference, by: staff) { _ in
            [Field("kind", .text(EventKind.revisit.rawValue)), Field("body", .text(outcome))]
        }
    }

    // MARK: - The step

    /// What a step's body sees inside the transaction.
    struct StepContext {
        let write: LocalWrite
        let row: RowID
        let id: String
        let number: String

        /// A field as the case shows it, including this transaction's edits.
        func shown(_ column: String) throws -> Value {
            try write.shown("cases", row, column)
        }

        func set(_ column: String, _ value: Value) throws {
            try write.set("cases", row, column, value)
        }
    }

    /// Runs one step in one transaction: checks the workflow against the status the store holds
    /// now (read inside the transaction, so two processes cannot both take a step only one of
    /// them should), lets `body` check more and change fields, appends the step's event (the fields
    /// `body` returns, if any), then writes the status and its event as `docs/ARCHITECTURE.md` asks
    /// ("Merge policies", "Append-only events").
    private func step(
        _ action: WorkflowAction, _ reference: String, by staff: String, statusNote: String? = nil,
        _ body: (StepContext) throws -> [Field]?
    ) throws -> StepResult {
        let located = try locate(reference)
        return try store.write(as: staff) { write in
            guard let row = write.rowID(located.id) else { throw notFound(reference) }
            let status = CaseStatus(rawValue: try write.shown("cases", row, "status").text ?? "") ?? .new
            guard Workflow.allows(action, in: status) else {
                throw Workflow.refusal(action, number: located.number, status: status)
            }
            let context = StepContext(write: write, row: row, id: located.id, number: located.number)
            var eventID: String?
            if let fields = try body(context) {
                let event = try write.create("case_events", [Field("case_id", .text(located.id))] + fields)
                eventID = write.text(of: event)
            }
            let after = Workflow.status(after: action, from: status)
            if after != status {
                try write.set("cases", row, "status", .text(after.rawValue))
                var fields = [
                    Field("case_id", .text(located.id)), Field("kind", .text(EventKind.status.rawValue)),
                    Field("status", .text(after.rawValue)),
                    Field("outcome", .text(StatusStep(action: action, from: status, to: after).rawValue)),
                ]
                if let statusNote { fields.append(Field("body", .text(statusNote))) }
                try write.create("case_events", fields)
            } else if status.isOpen {
                // Keeps the case visibly open against a concurrent close (`openWins`), without
                // settling a status conflict as a side effect.
                try write.touch("cases", row, "status")
            }
            return StepResult(number: located.number, action: action, before: status, after: after, eventID: eventID)
        }
    }

    static func required(_ text: String, _ what: Phrase) throws -> String {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else {
            throw DomainError(.invalid, "missing \(what.english)", "缺少\(what.chinese)")
        }
        return trimmed
    }

    static func optional(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingSpaces(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
