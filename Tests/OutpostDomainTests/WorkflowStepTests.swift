import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

@Suite struct WorkflowStepTests {
    @Test func aComplaintWorkedThroughEveryStepLeavesATimelineAndDerivedCounters() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let number = try desk.open(li, severity: "urgent")
        let cases = desk.cases
        desk.clock.advance(by: TestDesk.hour)
        #expect(try cases.note(number, "客户很着急", by: "王芳").after == .new, "an internal note does not start work")
        #expect(try cases.contact(number, channel: "电话", outcome: "无人接听", at: "10:40", by: "王芳").after == .inProgress)
        try cases.contact(number, channel: "phone", outcome: "reached", note: "约好明天", by: "王芳")
        try cases.assign(number, to: "张伟", department: "物流组", by: "王芳")
        try cases.escalate(number, tier: "二线", reason: "一线无法解决", by: "张伟")
        try cases.wait(number, reason: "等照片", by: "张伟")
        try cases.note(number, "照片已收到", toCustomer: true, by: "张伟")
        try cases.resume(number, by: "张伟")
        try cases.solution(number, "补发", by: "张伟")
        try cases.solution(number, nil, accepted: "yes", by: "张伟")
        try cases.resolve(number, note: "已补发", by: "张伟")
        try cases.close(number, by: "张伟")
        try cases.survey(number, score: 4, comment: "还行", by: "王芳")
        try cases.revisit(number, outcome: "满意", by: "王芳")
        try cases.reopen(number, reason: "又坏了", by: "王芳")

        let detail = try cases.detail(number)
        #expect(detail.case.status == "in-progress")
        #expect(detail.case.tier == 2)
        #expect(detail.case.assignee == nil, "escalated without --to: it waits in the tier-2 queue")
        #expect(detail.case.department == "物流组")
        #expect(
            detail.events.map(\.kind) == [
                "status", "note", "contact", "status", "contact", "assignment", "escalation", "status", "customer-note",
                "status", "solution", "solution", "status", "status", "survey", "revisit", "status",
            ])
        let steps = detail.events.filter { $0.kind == "status" }.map { "\($0.outcome!):\($0.status!)" }
        #expect(
            steps == [
                "open:new", "start:in-progress", "wait:waiting", "resume:in-progress", "resolve:resolved",
                "close:closed", "reopen:in-progress",
            ])
        #expect(detail.counters.contacts == 2)
        #expect(detail.counters.contactsReached == 1)
        #expect(detail.counters.reopens == 1)
        let early = detail.events[2]
        #expect(
            early.at.map { UInt64($0) }
                == StationTime(zoneIdentifier: "Asia/Shanghai").parse("10:40", today: LocalDate(year: 2026, month: 11, day: 23)!))
        #expect(detail.events.last?.body == "又坏了")
        #expect(detail.events.first { $0.kind == "escalation" }?.author == "张伟")
    }

    /// `docs/ARCHITECTURE.md`, "Merge policies": every event appended to an open case also writes `status`, so `openWins` can see
    /// the work; events on a closed case do not.
    @Test func everyStepOnAnOpenCaseWritesTheStatus() throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"), kind: "consultation")
        let row = try #require(try desk.store.rowID(try desk.cases.locate(number).id))
        func statusWrites() throws -> Int {
            try desk.store.history(of: row, in: "cases").filter { $0.operation.column == "status" }.count
        }
        #expect(try statusWrites() == 0, "the creation carries the first status")
        try desk.cases.note(number, "internal", by: "王芳")
        #expect(try statusWrites() == 1, "a note on a new case rewrites 'new'")
        try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        try desk.cases.assign(number, to: "张伟", by: "王芳")
        try desk.cases.resolve(number, by: "王芳")
        #expect(try statusWrites() == 4)
        try desk.cases.note(number, "after resolving", by: "王芳")
        try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        #expect(try statusWrites() == 4, "a resolved case is not open: its notes leave the status alone")
        try desk.cases.close(number, by: "王芳")
        #expect(try statusWrites() == 5)
    }

    @Test(arguments: [
        (WorkflowAction.close, "new", "cannot close"),
        (.resolve, "new", "never worked"),
        (.survey, "in-progress", "surveys and revisits follow closing"),
        (.revisit, "new", "surveys and revisits follow closing"),
        (.resume, "in-progress", "allowed now: resolve"),
        (.wait, "waiting", "allowed now: resume"),
        (.reopen, "waiting", "allowed now: resume"),
        (.assign, "closed", "allowed now: survey, revisit, reopen"),
        (.escalate, "resolved", "allowed now: close, solution --accepted, reopen"),
        (.received, "closed", "allowed now: survey"),
    ])
    func refusedStepsNameTheAllowedOnesAndWriteNothing(action: WorkflowAction, status: String, message: String) throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"), kind: "after-sales", service: "repair")
        let cases = desk.cases
        switch status {
        case "in-progress": try cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        case "waiting":
            try cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
            try cases.wait(number, by: "王芳")
        case "resolved", "closed":
            try cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
            try cases.solution(number, "方案", accepted: "yes", by: "王芳")
            try cases.resolve(number, by: "王芳")
            if status == "closed" { try cases.close(number, by: "王芳") }
        default: break
        }
        #expect(try desk.status(number) == status)
        let before = try desk.dump()
        #expect {
            switch action {
            case .close: try cases.close(number, by: "王芳")
            case .resolve: try cases.resolve(number, by: "王芳")
            case .survey: try cases.survey(number, score: 5, by: "王芳")
            case .revisit: try cases.revisit(number, outcome: "ok", by: "王芳")
            case .resume: try cases.resume(number, by: "王芳")
            case .wait: try cases.wait(number, by: "王芳")
            case .reopen: try cases.reopen(number, reason: "r", by: "王芳")
            case .assign: try cases.assign(number, to: "张伟", by: "王芳")
            case .escalate: try cases.escalate(number, tier: "2", reason: "r", by: "王芳")
            case .received: try cases.afterSales(number, .received, by: "王芳")
            default: Issue.record("not exercised")
            }
        } throws: { isDomainError($0, .refused, message) }
        #expect(try desk.dump() == before)
    }

    @Test func invalidStepValuesAreRefusedAndWriteNothing() throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"))
        let before = try desk.dump()
        let cases = desk.cases
        #expect { try cases.contact(number, channel: "pigeon", outcome: "reached", by: "王芳") } throws: {
            isDomainError($0, .invalid, "unknown channel")
        }
        #expect { try cases.contact(number, channel: "phone", outcome: "maybe", by: "王芳") } throws: { isDomainError($0, .invalid, "unknown outcome") }
        #expect { try cases.contact(number, channel: "phone", outcome: "reached", at: "23:59", by: "王芳") } throws: {
            isDomainError($0, .invalid, "in the future")
        }
        #expect { try cases.note(number, "  ", by: "王芳") } throws: { isDomainError($0, .invalid, "missing") }
        #expect { try cases.escalate(number, tier: "4", reason: "r", by: "王芳") } throws: { isDomainError($0, .invalid, "unknown tier") }
        #expect { try cases.escalate(number, tier: "1", reason: "r", by: "王芳") } throws: { isDomainError($0, .refused, "already at tier 1") }
        #expect { try cases.escalate(number, tier: "2", reason: "", by: "王芳") } throws: { isDomainError($0, .invalid, "missing the reason") }
        #expect { try cases.solution(number, nil, by: "王芳") } throws: { isDomainError($0, .invalid) }
        #expect { try cases.solution(number, nil, accepted: "yes", by: "王芳") } throws: { isDomainError($0, .invalid, "no solution was offered") }
        #expect { try cases.note("SZ01-20990101-0001", "x", by: "王芳") } throws: { isDomainError($0, .notFound) }
        #expect(try desk.dump() == before)
    }

    @Test func afterSalesStepsFollowTheService() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let repair = try desk.open(li, kind: "after-sales", service: "repair")
        let replacement = try desk.open(li, kind: "after-sales", service: "replacement")
        let refund = try desk.open(li, kind: "after-sales", service: "return", purchased: "2026-11-20")
        let complaint = try desk.open(li)
        let cases = desk.cases
        #expect(try cases.afterSales(repair, .received, by: "王芳").after == .inProgress, "receiving the product starts work")
        try cases.afterSales(repair, .diagnosed, by: "王芳")
        try cases.afterSales(repair, .repaired, by: "王芳")
        try cases.afterSales(repair, .tested, by: "王芳")
        try cases.afterSales(repair, .handedBack, AfterSalesDetails(note: "SF123", how: "shipped"), by: "王芳")
        try cases.contact(refund, channel: "phone", outcome: "reached", by: "王芳")
        try cases.wait(refund, reason: "等客户寄回", by: "王芳")
        #expect(try cases.afterSales(refund, .received, by: "王芳").after == .inProgress, "the product arrived: the wait ends")
        try cases.afterSales(refund, .inspected, AfterSalesDetails(packaging: "yes", unused: "yes", receipt: "yes"), by: "王芳")
        try cases.afterSales(refund, .refunded, by: "王芳")
        #expect { try cases.afterSales(replacement, .repaired, by: "王芳") } throws: {
            isDomainError($0, .refused, "not a step of a replacement")
        }
        #expect { try cases.afterSales(replacement, .shipped, by: "王芳") } throws: {
            isDomainError($0, .refused, "allowed now: conditions-confirmed")
        }
        #expect { try cases.afterSales(complaint, .received, by: "王芳") } throws: { isDomainError($0, .refused, "not after-sales") }
        #expect(
            try desk.cases.detail(repair).events.compactMap { $0.kind == "milestone" ? $0.outcome : nil } == [
                "received", "diagnosed", "repaired", "tested", "handed-back",
            ])
    }

    /// `docs/ARCHITECTURE.md`, "Merge policies": a case is never closed silently while another station still works on it.
    @Test func aConcurrentContactKeepsACaseOpenAgainstAConcurrentResolve() throws {
        let directory = try temporaryDirectory()
        let north = try TestDesk("SZ01", in: directory, seed: 1)
        let south = try TestDesk("SZ02", in: directory, seed: 2, clock: north.clock)
        let number = try north.open(try north.customer("李雷", phone: "13800138000"))
        try north.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        try north.send(to: south)
        // Apart: the north resolves, the south records later work on the same case.
        try north.cases.resolve(number, by: "王芳")
        north.clock.advance(by: 60_000)
        try south.cases.contact(number, channel: "phone", outcome: "left-message", by: "李娜")
        try north.send(to: south)
        try south.send(to: north)
        for desk in [north, south] {
            #expect(try desk.status(number) == "in-progress", "openWins keeps the case open")
            #expect(try desk.cases.detail(number).conflicts.map(\.column) == ["status"], "and the disagreement stays visible")
        }
        #expect(try north.dump() == south.dump())
        // Resolving again, having seen both, settles it.
        try north.cases.resolve(number, by: "王芳")
        #expect(try north.status(number) == "resolved")
        #expect(try north.cases.detail(number).conflicts.isEmpty)
    }
}
