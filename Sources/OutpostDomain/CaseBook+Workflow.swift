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
        let located = try locate(reference)
        let now = clock()
        let when =
            try at.map { try time($0, notBefore: located.arrived, notAfter: now + Self.futureSlack, what: Phrase("contact time", "联系时间")) } ?? now
        return try step(.contact, reference, by: staff) { _ in
            var fields = [
                Field("kind", .text(EventKind.contact.rawValue)), Field("channel", .text(channel.rawValue)),
                Field("outcome", .text(outcome.rawValue)), Field("at", .integer(Int64(when))),
            ]
            if let note = Self.optional(note) { fields.append(Field("body", .text(note))) }
            return fields
        }
    }

    /// Assigns or transfers the case to a staff member, and optionally a department, with a
    /// deadline agreed with the receiving side (handbook: 转交至责任部门，并设定处理时限).
    @discardableResult
    package func assign(
        _ reference: String, to assignee: String, department: String? = nil, due: String? = nil, by staff: String
    ) throws -> StepResult {
        let assignee = try Self.required(assignee, Phrase("who to assign it to (--to NAME)", "分派给谁（--to 姓名）"))
        try checkColleague(assignee)
        let department = Self.optional(department)
        let now = clock()
        let due = try due.map { text in
            let when = try time(text, notBefore: nil, notAfter: nil, what: Phrase("due time", "处理时限"))
            guard when + 60_000 > now else {
                let shown = try stationTime().text(now)
                throw DomainError(
                    .invalid, "the due time \(text) is in the past (now is \(shown)): give a time still to come",
                    "处理时限 \(text) 已经过去（现在是 \(shown)）：请给出将来的时间")
            }
            return when
        }
        return try step(.assign, reference, by: staff) { context in
            try context.set("assignee", .text(assignee))
            if let department { try context.set("department", .text(department)) }
            if let due { try context.set("due", .integer(Int64(due))) }
            var fields = [Field("kind", .text(EventKind.assignment.rawValue)), Field("assignee", .text(assignee))]
            if let department { fields.append(Field("body", .text(department))) }
            if let due { fields.append(Field("at", .integer(Int64(due)))) }
            return fields
        }
    }

    /// Escalates to a higher tier (tier 1 "cannot resolve"): the tier rises, the reason is
    /// recorded, and the case waits in that tier's queue, unassigned, until one of its members
    /// takes it (`take`), unless `to` names who receives it.
    @discardableResult
    package func escalate(_ reference: String, tier: String, reason: String, to receiver: String? = nil, by staff: String) throws
        -> StepResult
    {
        let tier = try Tier.parse(tier)
        let reason = try Self.required(reason, Phrase("the reason (--reason \"...\")", "升级原因（--reason \"...\"）"))
        let receiver = Self.optional(receiver)
        if let receiver { try checkColleague(receiver) }
        return try step(.escalate, reference, by: staff) { context in
            let current = Tier(number: try context.shown("tier").integer ?? 1) ?? .one
            guard tier > current else {
                throw DomainError(
                    .refused,
                    "case \(context.number) is already at tier \(current.rawValue): escalate to a higher tier (to lower it on purpose, use `outpost case edit \(context.number) --tier N`)",
                    "案件 \(context.number) 已在\(current.chinese)：只能升级到更高层级（如需降级，请用 `outpost case edit \(context.number) --tier N`）")
            }
            try context.set("tier", .integer(tier.number))
            try context.set("assignee", receiver.map(Value.text) ?? .null)
            var fields = [Field("kind", .text(EventKind.escalation.rawValue)), Field("tier", .integer(tier.number)), Field("body", .text(reason))]
            if let receiver { fields.append(Field("assignee", .text(receiver))) }
            return fields
        }
    }

    /// A member of the case's tier (or a higher one) accepts an escalated case from the queue:
    /// the handbook's "the receiving side confirms".
    @discardableResult
    package func take(_ reference: String, by staff: String) throws -> StepResult {
        let member = try staffBook.actor(staff)
        return try step(.take, reference, by: staff) { context in
            let tier = Tier(number: try context.shown("tier").integer ?? 1) ?? .one
            guard (member.tier ?? .one) >= tier else {
                throw DomainError(
                    .refused,
                    "case \(context.number) waits for tier \(tier.rawValue); \(member.name) works at tier \(member.tier?.rawValue ?? "1"): a member of tier \(tier.rawValue) takes it",
                    "案件 \(context.number) 等待\(tier.chinese)接手；\(member.name) 属于\((member.tier ?? .one).chinese)：应由\(tier.chinese)人员接手")
            }
            if let holder = try context.shown("assignee").text, holder != member.name {
                throw DomainError(
                    .refused,
                    "case \(context.number) is already with \(holder): ask them, or reassign it with `outpost case assign \(context.number) --to NAME`",
                    "案件 \(context.number) 已由 \(holder) 处理：请联系对方，或用 `outpost case assign \(context.number) --to 姓名` 转派")
            }
            try context.set("assignee", .text(member.name))
            return [Field("kind", .text(EventKind.assignment.rawValue)), Field("assignee", .text(member.name)), Field("outcome", .text("taken"))]
        }
    }

    /// Refuses a colleague who is not an active member of staff, when the replica keeps a staff list.
    func checkColleague(_ name: String) throws {
        guard !(try staffBook.isEmpty()) else { return }
        _ = try staffBook.actor(name)
    }

    /// The customer warned that a repair will take longer than the handbook's 5 working days
    /// (met the `repair-warning` clock), or a walk-in complaint reported to customer service
    /// (meets `complaint-report-walk-in`).
    @discardableResult
    package func record(_ kind: EventKind, _ reference: String, note: String? = nil, by staff: String) throws -> StepResult {
        precondition(kind == .warned || kind == .reported, "record takes warned or reported")
        let note = Self.optional(note)
        return try step(kind == .warned ? .warned : .reported, reference, by: staff) { _ in
            [Field("kind", .text(kind.rawValue))] + (note.map { [Field("body", .text($0))] } ?? [])
        }
    }

    /// A solution offered, and whether the customer accepted it. Only the answer may be given,
    /// later: it then refers to the solution offered last.
    @discardableResult
    ///
    /// With `obtained`, the solution came from the responsible department and is still to be
    /// answered to the customer (the `answer-customer` clock, 3 days); the customer's answer
    /// refers to solutions offered to them.
    package func solution(
        _ reference: String, _ text: String?, accepted: String? = nil, obtained: Bool = false, by staff: String
    ) throws -> StepResult {
        let body = Self.optional(text)
        let response = try accepted.map(SolutionResponse.parse)
        if obtained {
            guard body != nil, response == nil else {
                throw DomainError(
                    .invalid, "--obtained records the department's solution: give its text, without --accepted",
                    "--obtained 记录责任部门提供的方案：请给出方案内容，不要同时用 --accepted")
            }
        }
        guard body != nil || response != nil else {
            throw DomainError(
                .invalid, "give the solution's text, or the customer's answer with --accepted yes|no",
                "请给出方案内容，或用 --accepted yes|no 记录客户的答复")
        }
        if body == nil {
            let offered =
                try store.records(
                    "SELECT count(*) AS n FROM case_events WHERE case_id = ? AND kind = 'solution' AND body IS NOT NULL AND coalesce(outcome, '') <> 'obtained'",
                    [.text(try locate(reference).id)]
                ).first?.integer("n") ?? 0
            guard offered > 0 else {
                throw DomainError(
                    .invalid, "no solution was offered on this case yet: give its text first",
                    "此案件还没有提供过方案：请先给出方案内容")
            }
        }
        return try step(body == nil ? .answer : .solution, reference, by: staff) { _ in
            var fields = [Field("kind", .text(EventKind.solution.rawValue))]
            if let body { fields.append(Field("body", .text(body))) }
            if let response { fields.append(Field("outcome", .text(response.rawValue))) }
            if obtained { fields.append(Field("outcome", .text(SolutionResponse.obtained))) }
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

    /// Closes a resolved case. A complaint closes only after a solution the customer accepted,
    /// or with a lead's `override` reason, recorded (handbook: 客户认可后方可关闭).
    @discardableResult
    package func close(_ reference: String, note: String? = nil, override: String? = nil, by staff: String) throws -> StepResult {
        let located = try locate(reference)
        let override = Self.optional(override)
        var overriding = false
        // The workflow speaks first: a case that is not resolved is refused for that reason.
        guard Workflow.allows(.close, in: located.caseStatus) else {
            throw Workflow.refusal(.close, number: located.number, status: located.caseStatus)
        }
        if located.caseKind == .complaint {
            let answer = try store.records(
                "SELECT outcome FROM case_events WHERE case_id = ? AND kind = 'solution' AND outcome IN ('accepted', 'declined') ORDER BY \(CaseEvent.latestFirst) LIMIT 1",
                [.text(located.id)]
            ).first?.string("outcome")
            if answer != SolutionResponse.accepted.rawValue {
                guard let override else {
                    let why =
                        answer == nil
                        ? Phrase("the customer has not accepted a solution", "客户还没有接受解决方案")
                        : Phrase("the customer declined the last solution", "客户拒绝了最近的解决方案")
                    throw DomainError(
                        .refused,
                        Phrase(
                            "\(ComplaintRule.closing.english): complaint \(located.number) cannot close (\(why.english)). Record the answer with `outpost case solution \(located.number) --accepted yes`, or a lead closes it with --override \"reason\"",
                            "\(ComplaintRule.closing.chinese)：投诉 \(located.number) 不能关闭（\(why.chinese)）。请用 `outpost case solution \(located.number) --accepted yes` 记录客户答复，或由组长加 --override \"原因\" 关闭"
                        ))
                }
                try staffBook.require(staff, atLeast: .lead, to: Phrase("closing a complaint the customer did not accept", "关闭客户未认可的投诉"))
                overriding = true
            }
        }
        return try step(.close, reference, by: staff, statusNote: Self.optional(note)) { _ in
            guard overriding, let override else { return nil }
            return [Field("kind", .text(EventKind.override.rawValue)), Field("outcome", .text("complaint-close")), Field("body", .text(override))]
        }
    }

    /// Reopens a resolved or closed case; the reopen count is derived from these events.
    @discardableResult
    package func reopen(_ reference: String, reason: String, by staff: String) throws -> StepResult {
        let reason = try Self.required(reason, Phrase("why it is reopened (--reason \"...\")", "重新打开的原因（--reason \"...\"）"))
        return try step(.reopen, reference, by: staff, statusNote: reason) { _ in nil }
    }

    /// The satisfaction survey after closing: a score from 1 to 5 and a comment. One per
    /// closing; a score of 1 or 2 opens a follow-up case and tells a lead.
    @discardableResult
    package func survey(_ reference: String, score: Int, comment: String? = nil, by staff: String) throws -> StepResult {
        guard (1...5).contains(score) else {
            throw DomainError(
                .invalid, "invalid score \(score): expected a whole number from 1 (very unhappy) to 5 (very happy)",
                "无效的评分 \(score)：应为 1（非常不满意）到 5（非常满意）的整数")
        }
        let located = try locate(reference)
        if try surveyedSinceClosing(located.id) {
            throw DomainError(
                .refused,
                Phrase(
                    "case \(located.number) was already surveyed since it was closed: one survey per closing (reopen it first if the customer has more to say)",
                    "案件 \(located.number) 关闭后已做过满意度调查：每次关闭只调查一次（如客户还有意见，请先重新打开）"
                ))
        }
        let comment = Self.optional(comment)
        return try step(.survey, reference, by: staff) { context in
            var fields = [Field("kind", .text(EventKind.survey.rawValue)), Field("score", .integer(Int64(score)))]
            if let comment { fields.append(Field("body", .text(comment))) }
            if score <= ComplaintRule.unhappyScore {
                let followUp = try openFollowUp(context, why: Phrase("survey \(score)/5", "满意度 \(score)/5"), by: staff)
                fields.append(Field("refers_to", .text(followUp)))
            }
            return fields
        }
    }

    /// Whether a survey was recorded after the case's last closing.
    func surveyedSinceClosing(_ caseID: String) throws -> Bool {
        try store.records(
            """
            SELECT count(*) AS n FROM case_events s WHERE s.case_id = ?1 AND s.kind = 'survey'
              AND s.created >= (SELECT max(created) FROM case_events c WHERE c.case_id = ?1 AND c.kind = 'status' AND c.status = 'closed')
            """, [.text(caseID)]
        ).first?.integer("n") ?? 0 > 0
    }

    /// The result of a follow-up call after closing. An unhappy customer (handbook: 不满意的客户
    /// 要跟进) gets a follow-up case, and a lead is told.
    @discardableResult
    package func revisit(_ reference: String, outcome: String, unhappy: Bool = false, by staff: String) throws -> StepResult {
        let outcome = try Self.required(outcome, Phrase("the revisit's result (--outcome \"...\")", "回访结果（--outcome \"...\"）"))
        return try step(.revisit, reference, by: staff) { context in
            var fields = [
                Field("kind", .text(EventKind.revisit.rawValue)), Field("body", .text(outcome)),
                Field("outcome", .text(unhappy ? "unhappy" : "satisfied")),
            ]
            if unhappy {
                let followUp = try openFollowUp(context, why: Phrase("unhappy revisit", "回访不满意"), by: staff)
                fields.append(Field("refers_to", .text(followUp)))
            }
            return fields
        }
    }

    /// Opens the follow-up of an unhappy customer's case in the same transaction: same customer,
    /// kind and channel, linked to the original, whose `notified` set tells a lead.
    private func openFollowUp(_ context: StepContext, why: Phrase, by staff: String) throws -> String {
        let write = context.write
        let number = try write.nextCaseNumber()
        let title = try context.shown("title").text ?? ""
        var fields = [
            Field("number", .text(number)), Field("customer_id", .text(try context.shown("customer_id").text ?? "")),
            Field("kind", .text(try context.shown("kind").text ?? CaseKind.complaint.rawValue)),
            Field("channel", .text(try context.shown("channel").text ?? CaseChannel.phone.rawValue)),
            Field("severity", .text(Severity.normal.rawValue)), Field("status", .text(CaseStatus.new.rawValue)),
            Field("tier", .integer(Tier.one.number)), Field("title", .text("跟进 Follow-up \(context.number): \(title)")),
            Field("description", .text(why.english + " / " + why.chinese)), Field("follow_up_of", .text(context.id)),
        ]
        for column in ["category", "service", "department", "product", "serial"] {
            if case .text(let value) = try context.shown(column) { fields.append(Field(column, .text(value))) }
        }
        let row = try write.create("cases", fields)
        let id = write.text(of: row)!
        try write.create(
            "case_events",
            [
                Field("case_id", .text(id)), Field("kind", .text(EventKind.status.rawValue)), Field("status", .text(CaseStatus.new.rawValue)),
                Field("outcome", .text(StatusStep.open.rawValue)), Field("refers_to", .text(context.id)),
            ] + (try roleField(staff)))
        try write.add("cases", context.row, "notified", NotificationLevel.followUp.rawValue)
        return id
    }

    /// Acknowledges the case's notifications meant for the actor's role, of the case's department when both
    /// name one, as `today` shows them (it then stops showing them).
    @discardableResult
    package func acknowledge(_ reference: String, by staff: String) throws -> (StepResult, [NotificationLevel]) {
        let member = try staffBook.actor(staff)
        let located = try locate(reference)
        let levels = located.openNotifications.filter { $0.audience == member.role }
        if !levels.isEmpty, !member.covers(department: located.department) {
            let theirs = located.department ?? ""
            let own = member.department ?? ""
            throw DomainError(
                .refused,
                Phrase(
                    "case \(located.number) notifies the \(member.role.english)s of \(theirs); \(member.name) is a \(member.role.english) of \(own): one of theirs acknowledges it",
                    "案件 \(located.number) 的通知发给\(theirs)的\(member.role.chinese)；\(member.name) 是\(own)的\(member.role.chinese)：请由\(theirs)确认"
                ))
        }
        guard !levels.isEmpty else {
            let open = located.openNotifications
            throw DomainError(
                .refused,
                Phrase(
                    "case \(located.number) has no notification for a \(member.role.english) to acknowledge"
                        + (open.isEmpty ? "" : " (open: " + open.map { "\($0.rawValue) for a \($0.audience.english)" }.joined(separator: ", ") + ")"),
                    "案件 \(located.number) 没有需要\(member.role.chinese)确认的通知"
                        + (open.isEmpty ? "" : "（未确认：" + open.map { "\($0.chinese)，由\($0.audience.chinese)确认" }.joined(separator: "、") + "）")
                ))
        }
        let result = try step(.ack, reference, by: staff) { context in
            for level in levels { try context.write.add("cases", context.row, "acknowledged", level.rawValue) }
            return [Field("kind", .text(EventKind.ack.rawValue)), Field("outcome", .text(levels.map(\.rawValue).joined(separator: ",")))]
        }
        return (result, levels)
    }

    /// A lead settles an after-sales step that the merged order did not allow (two concurrent
    /// refunds, a refund beside a failed re-inspection): the event stays, the settlement and its
    /// reason are recorded, and the step no longer shows as a conflict.
    @discardableResult
    package func settleStep(_ reference: String, event: String, reason: String, by staff: String) throws -> StepResult {
        try staffBook.require(staff, atLeast: .lead, to: Phrase("settling an after-sales step", "处理售后步骤冲突"))
        let reason = try Self.required(reason, Phrase("the reason (--reason \"...\")", "原因（--reason \"...\"）"))
        let located = try locate(reference)
        let open = try stepConflicts(of: located)
        guard open.contains(where: { $0.taken.eventID == event.uppercased() }) else {
            throw DomainError(
                .notFound,
                Phrase(
                    "case \(located.number) has no unsettled step \(event): "
                        + (open.isEmpty ? "it has none" : "its unsettled steps are " + open.map(\.taken.eventID).joined(separator: ", ")),
                    "案件 \(located.number) 没有待处理的步骤 \(event)："
                        + (open.isEmpty ? "没有待处理的步骤" : "待处理的步骤为 " + open.map(\.taken.eventID).joined(separator: "、"))
                ))
        }
        return try step(.settle, reference, by: staff) { _ in
            [
                Field("kind", .text(EventKind.override.rawValue)), Field("outcome", .text("step")), Field("body", .text(reason)),
                Field("refers_to", .text(event.uppercased())),
            ]
        }
    }

    /// After-sales steps the merged order did not allow and no lead has settled yet: the same on
    /// every replica, as they are folded from the same events.
    package func stepConflicts(of serviceCase: ServiceCase) throws -> [AfterSalesProgress.Anomaly] {
        guard let service = serviceCase.afterSalesService else { return [] }
        let settled = Set(
            try store.records(
                "SELECT refers_to FROM case_events WHERE case_id = ? AND kind = 'override' AND outcome = 'step'", [.text(serviceCase.id)]
            ).compactMap { $0.string("refers_to") })
        return try progress(of: serviceCase.id, service).anomalies.filter { !settled.contains($0.taken.eventID) }
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
    func step(
        _ action: WorkflowAction, _ reference: String, by staff: String, statusNote: String? = nil,
        _ body: (StepContext) throws -> [Field]?
    ) throws -> StepResult {
        let located = try locate(reference)
        let role = try roleField(staff)
        return try store.write(as: staff) { write in
            guard let row = write.rowID(located.id) else { throw notFound(reference) }
            let status = CaseStatus(rawValue: try write.shown("cases", row, "status").text ?? "") ?? .new
            guard Workflow.allows(action, in: status) else {
                throw Workflow.refusal(action, number: located.number, status: status)
            }
            let context = StepContext(write: write, row: row, id: located.id, number: located.number)
            var eventID: String?
            if let fields = try body(context) {
                let event = try write.create("case_events", [Field("case_id", .text(located.id))] + fields + role)
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
                try write.create("case_events", fields + role)
            } else if status.isOpen {
                // Keeps the case visibly open against a concurrent close (`openWins`), without
                // settling a status conflict as a side effect.
                try write.touch("cases", row, "status")
            }
            return StepResult(number: located.number, action: action, before: status, after: after, eventID: eventID)
        }
    }

    /// The `role` field of an event: the author's role, when they are on the staff list.
    func roleField(_ staff: String) throws -> [Field] {
        try staffBook.role(of: staff).map { [Field("role", .text($0.rawValue))] } ?? []
    }

    /// How far in the future a typed time may be: clocks of two machines differ a little.
    static let futureSlack: UInt64 = 5 * 60_000

    /// A time typed in the station's zone (`HH:MM` today, or `YYYY-MM-DD HH:MM`), within bounds.
    func time(_ text: String, notBefore earliest: UInt64?, notAfter latest: UInt64?, what: Phrase) throws -> UInt64 {
        let station = try stationTime()
        guard let parsed = station.parse(text, today: station.date(at: clock())) else {
            throw DomainError(
                .invalid, "invalid \(what.english) '\(text)': expected HH:MM (today) or YYYY-MM-DD HH:MM",
                "无效的\(what.chinese)「\(text)」：应为 HH:MM（今天）或 YYYY-MM-DD HH:MM")
        }
        if let latest, parsed > latest {
            throw DomainError(
                .invalid, "the \(what.english) \(text) is in the future (now is \(station.text(clock())))",
                "\(what.chinese) \(text) 晚于现在（\(station.text(clock()))）")
        }
        if let earliest, parsed + 60_000 <= earliest {
            throw DomainError(
                .invalid, "the \(what.english) \(text) is before \(station.text(earliest)), when the case began",
                "\(what.chinese) \(text) 早于案件开始的时间 \(station.text(earliest))")
        }
        return parsed
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

extension CaseBook {
    /// The number of the follow-up case a survey or revisit step opened, if it opened one.
    package func followUpOpened(by result: StepResult) throws -> String? {
        guard let event = result.eventID,
            let id = try store.records("SELECT refers_to FROM case_events WHERE id = ?", [.text(event)]).first?.string("refers_to")
        else { return nil }
        return try locate(id).number
    }
}

extension CaseBook {
    /// Every case's unsettled after-sales steps, oldest case first (`conflicts list`).
    package func allStepConflicts() throws -> [(number: String, anomaly: AfterSalesProgress.Anomaly)] {
        let rows = try store.records(
            """
            SELECT * FROM cases c WHERE c.service IS NOT NULL
            AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'milestone') > 1
            ORDER BY c.created, c.id
            """)
        return try rows.map(ServiceCase.init).flatMap { serviceCase in
            try stepConflicts(of: serviceCase).map { (serviceCase.number, $0) }
        }
    }
}
