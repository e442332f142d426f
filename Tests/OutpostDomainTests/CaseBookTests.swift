import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

@Suite struct CaseBookTests {
    @Test func openingMakesANewTierOneCaseAssignedToTheClerkWithAStatusEvent() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let opened = try desk.cases.open(
            NewCase(
                customer: "138 0013 8000", kind: "投诉", channel: "电话", severity: "紧迫", title: "快递丢件",
                category: "物流", orderNumber: "JD1", expects: "补发", tags: ["VIP"]
            ), by: "王芳")
        #expect(opened.number == "SZ01-20261123-0001")
        // The clocks an urgent phone complaint starts, opened Monday 10:00 in Shanghai.
        #expect(
            Set(opened.deadlines.items.map(\.rule)) == [
                "first-contact-urgent", "keep-in-loop-urgent", "complaint-response-phone", "complaint-solution-phone",
            ])
        #expect(opened.deadlines.items.first { $0.rule == "first-contact-urgent" }?.due == TestDesk.morning + 8 * TestDesk.hour)
        let detail = try desk.cases.detail(opened.number)
        let serviceCase = detail.case
        #expect(serviceCase.customerID == li)
        #expect([serviceCase.kind, serviceCase.channel, serviceCase.severity, serviceCase.status] == ["complaint", "phone", "urgent", "new"])
        #expect(serviceCase.category == "logistics")
        #expect(serviceCase.tier == 1)
        #expect(serviceCase.assignee == "王芳")
        #expect(serviceCase.tags == ["vip"])
        #expect(detail.events.map(\.kind) == ["status"])
        #expect(detail.events[0].status == "new")
        #expect(detail.openedBy == "王芳")
        #expect(try desk.cases.detail(opened.id).case.number == opened.number, "by row id too")
        #expect(try desk.cases.detail(opened.number.lowercased()).case.number == opened.number)
    }

    @Test(arguments: [
        (NewCase(customer: "SZ01.2", kind: "question?", channel: "phone", severity: "normal", title: "t"), DomainError.Code.invalid, "unknown kind"),
        (NewCase(customer: "SZ01.2", kind: "complaint", channel: "pigeon", severity: "normal", title: "t"), .invalid, "unknown channel 'pigeon'"),
        (NewCase(customer: "SZ01.2", kind: "complaint", channel: "phone", severity: "severe!", title: "t"), .invalid, "unknown severity"),
        (NewCase(customer: "SZ01.2", kind: "complaint", channel: "phone", severity: "normal", title: " "), .invalid, "needs a title"),
        (
            NewCase(customer: "SZ01.2", kind: "complaint", channel: "phone", severity: "normal", title: "t", category: "order-query"), .invalid,
            "unknown category"
        ),
        (NewCase(customer: "SZ01.2", kind: "after-sales", channel: "phone", severity: "normal", title: "t"), .invalid, "needs --service"),
        (
            NewCase(customer: "SZ01.2", kind: "complaint", channel: "phone", severity: "normal", title: "t", service: "repair"), .invalid,
            "only for after-sales"
        ),
        (
            NewCase(
                customer: "SZ01.2", kind: "after-sales", channel: "phone", severity: "normal", title: "t", service: "repair", purchased: "2026-12-01"),
            .invalid, "in the future"
        ),
        (
            NewCase(customer: "SZ01.2", kind: "after-sales", channel: "phone", severity: "normal", title: "t", service: "return"), .invalid,
            "needs the purchase date"
        ),
        (
            NewCase(
                customer: "SZ01.2", kind: "after-sales", channel: "phone", severity: "normal", title: "t", service: "return", purchased: "2026-11-15"),
            .refused, "returns are accepted only within 7 days of purchase"
        ),
        (NewCase(customer: "SZ01.9", kind: "complaint", channel: "phone", severity: "normal", title: "t"), .notFound, "no customer SZ01.9"),
    ])
    func invalidCasesAreRefusedAndNothingIsWritten(new: NewCase, code: DomainError.Code, message: String) throws {
        let desk = try TestDesk()
        try desk.customer("李雷", phone: "13800138000")
        let before = try desk.dump()
        #expect { try desk.cases.open(new, by: "王芳") } throws: { isDomainError($0, code, message) }
        #expect(try desk.dump() == before)
    }

    @Test func aLateReturnIsAcceptedWithAnOverrideRecordedAsAnEvent() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        try desk.hire("王芳", "lead")
        // 2026-11-16 is 7 days before the 23rd: still inside the window.
        let inside = try desk.cases.open(
            NewCase(
                customer: li, kind: "售后", channel: "门店", severity: "一般", title: "退货",
                service: "退货", purchased: "2026-11-16", override: "不需要"), by: "王芳")
        #expect(!inside.overrideRecorded)
        #expect(inside.overrideUnused)
        #expect(try desk.eventKinds(inside.number) == ["status"])
        let late = try desk.cases.open(
            NewCase(
                customer: li, kind: "after-sales", channel: "walk-in", severity: "normal", title: "退货",
                service: "return", purchased: "2026-11-15", override: "店长批准：质量问题"), by: "王芳")
        #expect(late.overrideRecorded)
        let events = try desk.cases.detail(late.number).events
        #expect(events.map(\.kind) == ["status", "override"])
        #expect(events[1].outcome == "return-window")
        #expect(events[1].body == "店长批准：质量问题")
    }

    @Test func caseNumbersFollowTheStationsDay() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        #expect(try desk.open(li) == "SZ01-20261123-0001")
        #expect(try desk.open(li) == "SZ01-20261123-0002")
        // 16:30 UTC is 00:30 the next day in Shanghai.
        desk.clock.set(TestDesk.morning + 14 * TestDesk.hour + 30 * 60_000)
        #expect(try desk.open(li) == "SZ01-20261124-0001")
    }

    @Test func editChangesFieldsAndKeepsKindCategoryAndServiceConsistent() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let number = try desk.cases.open(
            NewCase(customer: li, kind: "complaint", channel: "phone", severity: "normal", title: "t", category: "logistics"), by: "王芳"
        ).number
        var changes = CaseChanges()
        changes.kind = "after-sales"
        changes.service = "replacement"
        changes.severity = "critical"
        changes.serial = "SN1"
        changes.addTags = ["VIP"]
        let fields = try desk.cases.edit(number, changes, by: "王芳")
        #expect(Set(fields) == ["kind", "category", "service", "severity", "serial", "tags"])
        let edited = try desk.cases.locate(number)
        #expect(edited.kind == "after-sales")
        #expect(edited.category == nil, "logistics is a complaint category")
        #expect(edited.service == "replacement")
        #expect(edited.severity == "critical")
        #expect(edited.tags == ["vip"])
        var back = CaseChanges()
        back.kind = "feedback"
        back.removeTags = ["vip"]
        try desk.cases.edit(number, back, by: "王芳")
        #expect(try desk.cases.locate(number).service == nil)
        #expect(try desk.cases.locate(number).tags.isEmpty)
        let before = try desk.dump()
        var bad = CaseChanges()
        bad.title = "new title"
        bad.removeTags = ["missing"]
        #expect { try desk.cases.edit(number, bad, by: "王芳") } throws: { isDomainError($0, .invalid, "has no tag 'missing'") }
        #expect(try desk.dump() == before)
    }

    @Test func listIsSortedByUrgencyAndFiltered() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let han = try desk.customer("韩梅梅", phone: "13900001111")
        let normal = try desk.open(li, severity: "normal", title: "普通问题")
        desk.clock.advance(by: 60_000)
        let critical = try desk.open(han, kind: "after-sales", severity: "critical", title: "POS 机坏了", service: "repair")
        desk.clock.advance(by: 60_000)
        let urgent = try desk.open(li, kind: "consultation", severity: "urgent", title: "耳机咨询", by: "张伟")
        desk.clock.advance(by: 60_000)
        let waiting = try desk.open(han, severity: "critical", title: "等资料")
        try desk.cases.contact(waiting, channel: "phone", outcome: "reached", by: "王芳")
        try desk.cases.wait(waiting, by: "王芳")
        let closed = try desk.open(li, title: "已处理")
        try desk.cases.contact(closed, channel: "phone", outcome: "reached", by: "王芳")
        try desk.cases.solution(closed, "已处理", accepted: "yes", by: "王芳")
        try desk.cases.resolve(closed, by: "王芳")
        try desk.cases.close(closed, by: "王芳")

        func numbers(_ configure: (inout CaseFilter) -> Void) throws -> [String] {
            var filter = CaseFilter()
            configure(&filter)
            return try desk.cases.list(filter).cases.map(\.case.number)
        }
        #expect(try numbers { _ in } == [critical, urgent, normal, waiting], "open work by severity, then waiting; closed hidden")
        #expect(try numbers { $0.includeClosed = true } == [critical, urgent, normal, waiting, closed])
        #expect(try numbers { $0.statuses = ["已关闭"] } == [closed])
        #expect(try numbers { $0.statuses = ["new,waiting"] } == [critical, urgent, normal, waiting])
        #expect(try numbers { $0.kinds = ["售后"] } == [critical])
        #expect(try numbers { $0.severities = ["critical", "紧迫"] } == [critical, urgent, waiting])
        #expect(try numbers { $0.assignee = "张伟" } == [urgent])
        #expect(try numbers { $0.customer = "13900001111" } == [critical, waiting])
        #expect(try numbers { $0.search = "耳机" } == [urgent], "title text")
        #expect(try numbers { $0.search = "韩梅梅" } == [critical, waiting], "customer name through the search index")
        #expect(try numbers { $0.search = normal } == [normal], "the number")
        #expect(try numbers { $0.overdue = true }.isEmpty, "no deadlines are computed yet")
        let limited = try desk.cases.list(
            {
                var filter = CaseFilter()
                filter.limit = 2
                return filter
            }())
        #expect(limited.cases.count == 2)
        #expect(limited.total == 4)
        #expect(limited.cases[0].customerName == "韩梅梅")
    }

    @Test func casesOfAMergedDuplicateListUnderTheSurvivor() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let duplicate = try desk.customer("李雷（重复）", phone: "13700000000")
        let number = try desk.open(duplicate)
        try desk.hire("主管", "supervisor")
        try desk.customers.merge(duplicate, into: li, by: "主管")
        var filter = CaseFilter()
        filter.customer = li
        let listing = try desk.cases.list(filter).cases
        #expect(listing.map(\.case.number) == [number])
        #expect(listing[0].customerID == li)
        #expect(listing[0].customerName == "李雷")
        #expect(try desk.cases.detail(number).customer?.id == li)
    }
}
