/// One rule of the SLA policy (`docs/ARCHITECTURE.md`, "Deadlines"): which cases it applies to,
/// the event that starts it and the one that meets it, its default budget, who is alerted when it
/// breaches, and the handbook line it reads. Managers change a rule's budget, unit and whether it
/// applies (`sla_rules` rows); which events start and meet it is the handbook's, and code.
package struct SLARule: Sendable {
    package var id: String
    package var title: Phrase
    /// The line of the handbooks' list of time limits this rule reads.
    package var handbook: [Int]
    package var budget: ClockBudget
    package var alert: Role
    /// Whether the case waiting on the customer pauses it (not for clocks after closing).
    package var pauses = true
    let applies: @Sendable (CaseFacts) -> Bool
    /// When it starts, or nil when it has not (yet).
    let start: @Sendable (CaseFacts) -> UInt64?
    /// When it was met, given its start, or nil.
    let met: @Sendable (CaseFacts, UInt64) -> UInt64?
    /// A due time fixed by the case itself (an agreed deadline), instead of the budget.
    var fixedDue: (@Sendable (CaseFacts) -> UInt64?)?
}

extension SLARule {
    /// The handbooks' rules, with their default budgets (the line numbers are those of the
    /// handbooks' list of time limits).
    package static let defaults: [SLARule] = {
        @Sendable func kind(_ facts: CaseFacts) -> CaseKind? { facts.serviceCase.caseKind }
        @Sendable func service(_ facts: CaseFacts) -> AfterSalesService? { facts.serviceCase.afterSalesService }
        @Sendable func severity(_ facts: CaseFacts) -> Severity { facts.serviceCase.caseSeverity }
        /// A complaint by one of the channels; a complex one (handbook line 27) changes only the
        /// solution's limit, so the response and report clocks stay.
        func complaint(_ channels: Set<CaseChannel>, solution: Bool = false) -> @Sendable (CaseFacts) -> Bool {
            { facts in
                facts.serviceCase.caseKind == .complaint && (!solution || facts.serviceCase.complex != true)
                    && facts.serviceCase.caseChannel.map(channels.contains) == true
            }
        }
        let online: Set<CaseChannel> = [.web, .email, .social, .fax]
        let counter: Set<CaseChannel> = [.walkIn, .onSite]
        let firstReached: @Sendable (CaseFacts, UInt64) -> UInt64? = { facts, start in facts.first(facts.reached, after: 0) }
        let firstResponse: @Sendable (CaseFacts, UInt64) -> UInt64? = { facts, _ in
            facts.first(facts.reached + facts.of(.customerNote), after: 0)
        }
        let firstOffered: @Sendable (CaseFacts, UInt64) -> UInt64? = { facts, _ in facts.first(facts.offered, after: 0) }
        func step(_ milestone: Milestone) -> @Sendable (CaseFacts, UInt64) -> UInt64? {
            { facts, _ in facts.first(facts.step(milestone), after: 0) }
        }
        func afterStep(_ milestone: Milestone) -> @Sendable (CaseFacts) -> UInt64? {
            { facts in facts.step(milestone).first?.happened }
        }
        /// The last progress report of the current working period: arrival, a reopening, a contact
        /// that reached the customer or a message to them; up to the resolution that ended it.
        @Sendable func keepInLoop(_ facts: CaseFacts) -> UInt64? {
            let resolved = facts.serviceCase.caseStatus.isOpen ? UInt64.max : facts.status(.resolved).last?.happened ?? UInt64.max
            let reopened = facts.of(.status).filter { $0.outcome == StatusStep.reopen.rawValue }
            let reports = facts.reached + facts.of(.customerNote) + reopened
            return ([facts.arrival] + reports.map(\.happened).filter { $0 < resolved }).max()
        }
        let resolvedAfter: @Sendable (CaseFacts, UInt64) -> UInt64? = { facts, start in
            facts.first(facts.status(.resolved), after: start)
        }
        let lastClosing: @Sendable (CaseFacts) -> UInt64? = { facts in
            facts.serviceCase.caseStatus == .closed ? facts.status(.closed).last?.happened : nil
        }
        func firstContact(_ level: Severity, _ hours: UInt64, _ line: Int) -> SLARule {
            SLARule(
                id: "first-contact-\(level.rawValue)",
                title: Phrase("first contact (\(level.english))", "首次联系（\(level.chinese)）"), handbook: [line],
                budget: .hours(hours), alert: .supervisor, applies: { severity($0) == level }, start: { $0.arrival },
                met: firstReached)
        }
        return [
            firstContact(.normal, 24, 3), firstContact(.urgent, 8, 4), firstContact(.critical, 4, 6),
            SLARule(
                id: "keep-in-loop-urgent", title: Phrase("progress contact each working day (urgent)", "每个工作日通报进展（紧迫）"),
                handbook: [5], budget: .workingDays(1), alert: .supervisor, applies: { severity($0) == .urgent }, start: keepInLoop,
                met: resolvedAfter),
            SLARule(
                id: "keep-in-loop-critical", title: Phrase("progress contact every 4 working hours (critical)", "每 4 个工作小时通报进展（非常紧迫）"),
                handbook: [7], budget: .hours(4, .businessHours), alert: .manager, applies: { severity($0) == .critical },
                start: keepInLoop, met: resolvedAfter),
            SLARule(
                id: "after-sales-response", title: Phrase("after-sales first response", "售后首次响应"), handbook: [10],
                budget: .hours(2), alert: .lead, applies: { kind($0) == .afterSales }, start: { $0.arrival }, met: firstReached),
            SLARule(
                id: "repair", title: Phrase("repair handed back", "维修完成并交还"), handbook: [12], budget: .workingDays(5),
                alert: .lead, applies: { service($0) == .repair }, start: { $0.arrival }, met: step(.handedBack)),
            SLARule(
                id: "repair-warning", title: Phrase("customer warned of a long repair", "维修周期较长时提前告知客户"), handbook: [12],
                budget: .workingDays(4), alert: .lead, applies: { service($0) == .repair }, start: { $0.arrival },
                met: { facts, start in facts.first(facts.of(.warned) + facts.step(.handedBack), after: 0) }),
            SLARule(
                id: "replacement-confirm", title: Phrase("replacement conditions confirmed", "确认更换条件"), handbook: [15],
                budget: .workingDays(2), alert: .lead, applies: { service($0) == .replacement }, start: { $0.arrival },
                met: step(.conditionsConfirmed)),
            SLARule(
                id: "replacement-voucher", title: Phrase("inspected and voucher issued", "验收并发放更换凭证"), handbook: [16],
                budget: .workingDays(2), alert: .lead, applies: { service($0) == .replacement }, start: afterStep(.received),
                met: step(.voucherIssued)),
            SLARule(
                id: "replacement-ship", title: Phrase("new product shipped", "新品发出"), handbook: [18], budget: .workingDays(5),
                alert: .lead, applies: { service($0) == .replacement }, start: afterStep(.received), met: step(.shipped)),
            SLARule(
                id: "return-refund", title: Phrase("refund after a passed inspection", "验货合格后退款"), handbook: [22],
                budget: .workingDays(7), alert: .lead, applies: { service($0) == .return },
                start: { facts in facts.step(.inspected).first { $0.passed == 1 }?.happened }, met: step(.refunded)),
            SLARule(
                id: "return-finish", title: Phrase("return finished", "退货处理完成"), handbook: [23], budget: .workingDays(7),
                alert: .lead, applies: { service($0) == .return }, start: afterStep(.received),
                met: { facts, start in facts.first(facts.step(.refunded) + facts.status(.resolved), after: start) }),
            SLARule(
                id: "complaint-response-phone", title: Phrase("complaint response (phone)", "投诉响应（电话）"), handbook: [24],
                budget: .hours(2), alert: .lead, applies: complaint([.phone]), start: { $0.arrival }, met: firstResponse),
            SLARule(
                id: "complaint-solution-phone", title: Phrase("complaint solution (phone)", "投诉解决方案（电话）"), handbook: [24],
                budget: .hours(24), alert: .lead, applies: complaint([.phone], solution: true), start: { $0.arrival }, met: firstOffered),
            SLARule(
                id: "complaint-response-online", title: Phrase("complaint response (web, email, social, fax)", "投诉响应（网页、邮件、社交媒体、传真）"),
                handbook: [25], budget: .hours(1), alert: .lead, applies: complaint(online), start: { $0.arrival }, met: firstResponse),
            SLARule(
                id: "complaint-solution-online", title: Phrase("complaint solution (web, email, social, fax)", "投诉解决方案（网页、邮件、社交媒体、传真）"),
                handbook: [25], budget: .hours(48), alert: .lead, applies: complaint(online, solution: true), start: { $0.arrival },
                met: firstOffered),
            SLARule(
                id: "complaint-report-walk-in", title: Phrase("walk-in complaint reported to customer service", "门店投诉上报客服部门"),
                handbook: [26], budget: .hours(2), alert: .lead, applies: complaint(counter), start: { $0.arrival },
                met: { facts, _ in facts.first(facts.of(.reported), after: 0) }),
            SLARule(
                id: "complaint-solution-walk-in", title: Phrase("complaint solution (walk-in)", "投诉解决方案（门店）"), handbook: [26],
                budget: .hours(24), alert: .lead, applies: complaint(counter, solution: true), start: { $0.arrival }, met: firstOffered),
            SLARule(
                id: "complaint-complex", title: Phrase("complex complaint solved", "复杂投诉解决"), handbook: [27], budget: .workingDays(7),
                alert: .supervisor, applies: { kind($0) == .complaint && $0.serviceCase.complex == true }, start: { $0.arrival },
                met: firstOffered),
            SLARule(
                id: "complaint-department", title: Phrase("department's solution to customer service", "责任部门向客服提交方案"),
                handbook: [35], budget: .hours(48), alert: .supervisor, applies: { kind($0) == .complaint },
                start: { facts in facts.of(.assignment).first { $0.body != nil }?.happened },
                met: { facts, start in facts.first(facts.of(.solution), after: start) }),
            SLARule(
                id: "answer-customer", title: Phrase("solution answered to the customer", "获得方案后答复客户"), handbook: [8],
                budget: .hours(72), alert: .lead, applies: { _ in true },
                start: { facts in facts.of(.solution).first { $0.outcome == SolutionResponse.obtained }?.happened },
                met: { facts, start in facts.first(facts.offered + facts.reached + facts.of(.customerNote), after: start) }),
            SLARule(
                id: "escalation-take", title: Phrase("escalated case taken by the new tier", "升级后由新层级接手"), handbook: [38],
                budget: .hours(2), alert: .supervisor, applies: { _ in true },
                start: { facts in facts.of(.escalation).last.flatMap { $0.assignee == nil ? $0.happened : nil } },
                met: { facts, start in facts.first(facts.of(.assignment), after: start) }),
            SLARule(
                id: "agreed-due", title: Phrase("deadline agreed on assignment", "转派时约定的处理时限"), handbook: [36],
                budget: .hours(24), alert: .supervisor, applies: { _ in true },
                start: { facts in facts.of(.assignment).last { $0.at != nil }?.happened }, met: resolvedAfter,
                fixedDue: { facts in facts.of(.assignment).last { $0.at != nil }?.at.map { UInt64(max(0, $0)) } }),
            SLARule(
                id: "survey", title: Phrase("satisfaction survey after closing", "关闭后满意度调查"), handbook: [11], budget: .hours(24),
                alert: .lead, pauses: false, applies: { _ in true }, start: lastClosing,
                met: { facts, start in facts.first(facts.of(.survey), after: start) }),
            SLARule(
                id: "revisit", title: Phrase("complaint revisit after closing", "投诉关闭后回访"), handbook: [37], budget: .workingDays(3),
                alert: .lead, pauses: false, applies: { kind($0) == .complaint }, start: lastClosing,
                met: { facts, start in facts.first(facts.of(.revisit), after: start) }),
        ]
    }()
}
