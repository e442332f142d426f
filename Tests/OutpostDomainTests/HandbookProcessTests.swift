import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// The service handbook's process, one table per rule: roles, routing, notifications, the
/// after-sales steps of each service, the return window, the repair warranty, the complaint
/// loop and the timeline. Every row that is refused must also leave the database unchanged.
@Suite struct HandbookProcessTests {
    // MARK: - Roles

    static let roles: [Row] = [
        Row(
            "the staff list", "acting as a name not on it", .fails(.invalid, "'无名氏' is not on the staff list", "(\(TestDesk.activeStaff))"),
            act: { desk, _ throws in _ = try desk.staff.actor("无名氏") }),
        Row(
            "the staff list", "acting as a member who left", .fails(.invalid, "'刘离职' is no longer active", "(\(TestDesk.activeStaff))"),
            act: { desk, _ throws in _ = try desk.staff.actor("刘离职") }),
        Row(
            "an escalated complaint", "a name not on the staff list takes it", .fails(.invalid, "not on the staff list", TestDesk.activeStaff),
            arrange: Given.escalated, act: { desk, number throws in try desk.cases.take(number, by: "无名氏") }),
        Row(
            "an urgent complaint", "a member who left acknowledges it", .fails(.invalid, "'刘离职' is no longer active", TestDesk.activeStaff),
            arrange: { try Given.urgent($0) }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "刘离职") }),
        Row(
            "a complaint", "assigned to a member who left", .fails(.invalid, "'刘离职' is no longer active"), arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.assign(number, to: "刘离职", by: "王芳") }),
        Row(
            "a return bought 8 days ago", "a clerk opens it with an override",
            .fails(.refused, "setting aside the 7-day return rule needs a lead or above; 王芳 is a clerk"), arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-15", override: "质量问题", by: "王芳") }),
        Row(
            "a return bought 8 days ago", "a lead opens it with an override", .done, arrange: Given.customer,
            act: { desk, customer throws in
                #expect(try Given.openReturn(desk, customer, purchased: "2026-11-15", override: "质量问题", by: "李组长").overrideRecorded)
            },
            check: { desk, _ throws in try Given.overrideRecorded(desk, try desk.newestCase(), "return-window", "质量问题", role: "lead") }),
        Row(
            "a return bought 8 days ago", "a manager opens it with an override", .done, arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-15", override: "质量问题", by: "周经理") },
            check: { desk, _ throws in try Given.overrideRecorded(desk, try desk.newestCase(), "return-window", "质量问题", role: "manager") }),
        Row(
            "a return asked for in time", "a clerk moves its purchase date 8 days back with an override",
            .fails(.refused, "needs a lead or above; 王芳 is a clerk"), arrange: { try Given.returnCase($0, purchased: "2026-11-20") },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.purchased = "2026-11-15"
                        $0.override = "发票日期有误"
                    }, by: "王芳")
            }),
        Row(
            "a return asked for in time", "a lead moves its purchase date 8 days back with an override", .done,
            arrange: { try Given.returnCase($0, purchased: "2026-11-20") },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.purchased = "2026-11-15"
                        $0.override = "发票日期有误"
                    }, by: "李组长")
            },
            check: { desk, number throws in
                #expect(try desk.cases.locate(number).purchased == "2026-11-15")
                try Given.overrideRecorded(desk, number, "return-window", "发票日期有误", role: "lead")
            }),
        Row(
            "a duplicate customer", "a clerk merges it", .fails(.refused, "merging customers needs a supervisor or above; 王芳 is a clerk"),
            arrange: Given.duplicate, act: { desk, duplicate throws in try desk.customers.merge(duplicate, into: try Given.original(desk), by: "王芳") }
        ),
        Row(
            "a duplicate customer", "a lead merges it", .fails(.refused, "merging customers needs a supervisor or above; 李组长 is a lead"),
            arrange: Given.duplicate,
            act: { desk, duplicate throws in try desk.customers.merge(duplicate, into: try Given.original(desk), by: "李组长") }),
        Row(
            "a duplicate customer", "a supervisor merges it", .done, arrange: Given.duplicate,
            act: { desk, duplicate throws in try desk.customers.merge(duplicate, into: try Given.original(desk), by: "赵主管") },
            check: { desk, duplicate throws in #expect(try desk.customers.locate(duplicate).survivor.id == (try Given.original(desk))) }),
        Row(
            "a duplicate customer", "a manager merges it", .done, arrange: Given.duplicate,
            act: { desk, duplicate throws in try desk.customers.merge(duplicate, into: try Given.original(desk), by: "周经理") },
            check: { desk, duplicate throws in #expect(try desk.customers.locate(duplicate).survivor.id == (try Given.original(desk))) }),
        Row(
            "a resolved complaint the customer did not accept", "a clerk closes it with an override",
            .fails(.refused, "closing a complaint the customer did not accept needs a lead or above; 王芳 is a clerk"),
            arrange: { try Given.resolved($0) }, act: { desk, number throws in try desk.cases.close(number, override: "客户失联", by: "王芳") }),
        Row(
            "a resolved complaint the customer did not accept", "a lead closes it with an override", .done,
            arrange: { try Given.resolved($0) }, act: { desk, number throws in try desk.cases.close(number, override: "客户失联", by: "李组长") },
            check: { desk, number throws in
                #expect(try desk.status(number) == "closed")
                try Given.overrideRecorded(desk, number, "complaint-close", "客户失联", role: "lead")
            }),
        Row(
            "a resolved complaint the customer did not accept", "a manager closes it without an override",
            .fails(.refused, "the customer has not accepted a solution"), arrange: { try Given.resolved($0) },
            act: { desk, number throws in try desk.cases.close(number, by: "周经理") }),
        Row(
            "an empty staff list", "anyone adds the first member", .done, staffed: false,
            act: { desk, _ throws in try desk.staff.add("周经理", role: "经理", by: "开站") },
            check: { desk, _ throws in #expect(try desk.staff.actor("周经理").role == .manager) }),
        Row(
            "a staff list of one manager", "someone not on it adds a second member", .fails(.invalid, "'开站' is not on the staff list", "(周经理)"),
            staffed: false,
            arrange: { desk throws in
                try desk.staff.add("周经理", role: "manager", by: "开站")
                return ""
            }, act: { desk, _ throws in try desk.staff.add("王芳", role: "clerk", by: "开站") }),
        Row(
            "the staff list", "a clerk adds a member", .fails(.refused, "adding staff needs a manager or above; 王芳 is a clerk"),
            act: { desk, _ throws in try desk.staff.add("新人", role: "clerk", by: "王芳") }),
        Row(
            "the staff list", "a supervisor adds a member", .fails(.refused, "adding staff needs a manager or above; 赵主管 is a supervisor"),
            act: { desk, _ throws in try desk.staff.add("新人", role: "clerk", by: "赵主管") }),
        Row(
            "the staff list", "a manager adds a member", .done,
            act: { desk, _ throws in try desk.staff.add("新人", role: "clerk", tier: "2", by: "周经理") },
            check: { desk, _ throws in
                let member = try desk.staff.actor("新人")
                #expect(member.role == .clerk)
                #expect(member.tier == .two)
            }),
        Row(
            "the staff list", "a lead makes a clerk a lead", .fails(.refused, "changing staff needs a manager or above; 李组长 is a lead"),
            act: { desk, _ throws in try desk.staff.edit("王芳", role: "lead", by: "李组长") }),
        Row(
            "the staff list", "a manager makes a clerk a lead", .done, act: { desk, _ throws in try desk.staff.edit("王芳", role: "lead", by: "周经理") },
            check: { desk, _ throws in #expect(try desk.staff.actor("王芳").role == .lead) }),
        Row(
            "the staff list", "a supervisor records that a clerk left", .fails(.refused, "changing staff needs a manager or above"),
            act: { desk, _ throws in try desk.staff.leave("王芳", by: "赵主管") }),
        Row(
            "the staff list", "a manager records that a clerk left", .done, act: { desk, _ throws in try desk.staff.leave("王芳", by: "周经理") },
            check: { desk, _ throws in
                #expect { try desk.staff.actor("王芳") } throws: { isDomainError($0, .invalid, "'王芳' is no longer active") }
            }),
    ]

    @Test(arguments: roles)
    func roleRules(_ row: Row) throws {
        try row.run()
    }

    static let ranked: [Role] = [.clerk, .lead, .supervisor, .manager]
    static let holders: [Role: String] = [.clerk: "王芳", .lead: "李组长", .supervisor: "赵主管", .manager: "周经理"]

    @Test(arguments: ranked, ranked)
    func aRoleMayDoWhatTheRolesBelowItMay(needed: Role, held: Role) throws {
        let desk = try TestDesk.staffed()
        let name = Self.holders[held]!
        let allowed = Self.ranked.firstIndex(of: held)! >= Self.ranked.firstIndex(of: needed)!
        #expect((held >= needed) == allowed)
        let expected: Outcome = allowed ? .done : .fails(.refused, "needs a \(needed.english) or above; \(name) is a \(held.english)")
        try verify(expected, on: desk, "a \(held.english) doing a \(needed.english)'s step") {
            try desk.staff.require(name, atLeast: needed, to: Phrase("this step", "此步骤"))
        }
    }

    // MARK: - Routing

    static let routing: [Row] = [
        Row(
            "a new complaint with its clerk", "escalated to tier 2 without a receiver", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.escalate(number, tier: "2", reason: "一线无法解决", by: "王芳") },
            check: { desk, number throws in
                let shown = try desk.cases.locate(number)
                #expect(shown.tier == 2)
                #expect(shown.assignee == nil)
                #expect(try desk.tierQueue(of: "张伟") == [number])
                #expect(try desk.tierQueue(of: "李组长") == [number])
                #expect(try desk.tierQueue(of: "王芳").isEmpty, "tier 1 does not see a tier-2 case")
                #expect(try desk.tierQueue(of: "陈专家").isEmpty, "tier 3 sees its own tier's queue")
                #expect(try desk.events(number, "escalation").map(\.body) == ["一线无法解决"])
            }),
        Row(
            "a new complaint with its clerk", "escalated to tier 2 for 张伟", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.escalate(number, tier: "二线", reason: "一线无法解决", to: "张伟", by: "王芳") },
            check: { desk, number throws in
                #expect(try desk.cases.locate(number).assignee == "张伟")
                #expect(try desk.tierQueue(of: "张伟").isEmpty, "a case with a receiver does not wait in the queue")
                #expect(try desk.today.report(for: "张伟").mine.cases.map(\.case.number) == [number])
            }),
        Row(
            "a new complaint", "escalated to a name not on the staff list", .fails(.invalid, "'无名氏' is not on the staff list"),
            arrange: Given.complaint, act: { desk, number throws in try desk.cases.escalate(number, tier: "2", reason: "r", to: "无名氏", by: "王芳") }),
        Row(
            "a new complaint", "escalated to tier 1, where it is", .fails(.refused, "already at tier 1"), arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.escalate(number, tier: "1", reason: "r", by: "王芳") }),
        Row(
            "an escalated complaint", "a tier-2 clerk takes it", .done, arrange: Given.escalated,
            act: { desk, number throws in try desk.cases.take(number, by: "张伟") },
            check: { desk, number throws in
                #expect(try desk.cases.locate(number).assignee == "张伟")
                #expect(try desk.tierQueue(of: "李组长").isEmpty, "a taken case leaves the queue")
                let taken = try desk.events(number, "assignment").last
                #expect(taken?.assignee == "张伟")
                #expect(taken?.outcome == "taken")
            }),
        Row(
            "an escalated complaint", "a tier-3 clerk takes it", .done, arrange: Given.escalated,
            act: { desk, number throws in try desk.cases.take(number, by: "陈专家") },
            check: { desk, number throws in #expect(try desk.cases.locate(number).assignee == "陈专家") }),
        Row(
            "an escalated complaint", "a tier-1 clerk takes it", .fails(.refused, "waits for tier 2; 王芳 works at tier 1"), arrange: Given.escalated,
            act: { desk, number throws in try desk.cases.take(number, by: "王芳") }),
        Row(
            "an escalated complaint", "a supervisor with no tier takes it", .fails(.refused, "waits for tier 2; 赵主管 works at tier 1"),
            arrange: Given.escalated, act: { desk, number throws in try desk.cases.take(number, by: "赵主管") }),
        Row(
            "an escalated complaint 张伟 took", "a tier-2 lead takes it", .fails(.refused, "already with 张伟"),
            arrange: { desk throws in
                let number = try Given.escalated(desk)
                try desk.cases.take(number, by: "张伟")
                return number
            }, act: { desk, number throws in try desk.cases.take(number, by: "李组长") }),
        Row(
            "a complaint escalated to tier 2 for 张伟", "a tier-2 lead takes it", .fails(.refused, "already with 张伟"),
            arrange: { desk throws in
                let number = try Given.complaint(desk)
                try desk.cases.escalate(number, tier: "2", reason: "r", to: "张伟", by: "王芳")
                return number
            }, act: { desk, number throws in try desk.cases.take(number, by: "李组长") }),
        Row(
            "a complaint", "assigned to 张伟, due tomorrow 18:00", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.assign(number, to: "张伟", due: "2026-11-24 18:00", by: "王芳") },
            check: { desk, number throws in
                let shown = try desk.cases.locate(number)
                #expect(shown.assignee == "张伟")
                #expect(shown.due == Int64(TestDesk.instant("2026-11-24 18:00")))
                #expect(try desk.events(number, "assignment").last?.at == Int64(TestDesk.instant("2026-11-24 18:00")))
            }),
        Row(
            "a complaint at 10:00", "assigned with a due time of 09:00 today", .fails(.invalid, "the due time 09:00 is in the past"),
            arrange: Given.complaint, act: { desk, number throws in try desk.cases.assign(number, to: "张伟", due: "09:00", by: "王芳") }),
        Row(
            "a complaint", "assigned with a due time yesterday", .fails(.invalid, "is in the past"), arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.assign(number, to: "张伟", due: "2026-11-22 18:00", by: "王芳") }),
    ]

    @Test(arguments: routing)
    func routingRules(_ row: Row) throws {
        try row.run()
    }

    // MARK: - Notifications

    @Test(
        arguments: [
            ("urgent", "售后组", "赵主管", true),
            ("urgent", "售后组", "钱主管", false),
            ("urgent", "售后组", "孙主管", true),
            ("urgent", nil, "钱主管", true),
            ("urgent", "售后组", "周经理", false),
            ("urgent", "售后组", "李组长", false),
            ("critical", "售后组", "周经理", true),
            ("critical", "售后组", "赵主管", false),
            ("critical", nil, "孙主管", false),
            ("normal", "售后组", "赵主管", false),
            ("normal", nil, "周经理", false),
        ] as [(String, String?, String, Bool)])
    func openingACaseNotifiesItsSeveritysAudience(severity: String, department: String?, reader: String, sees: Bool) throws {
        let desk = try TestDesk.staffed()
        let opened = try desk.cases.open(
            NewCase(
                customer: try Given.customer(desk), kind: "complaint", channel: "phone", severity: severity, title: "断网", department: department),
            by: "王芳")
        #expect(opened.notified?.rawValue == (severity == "normal" ? nil : severity))
        #expect(try desk.notifications(of: reader) == (sees ? [opened.number] : []))
    }

    @Test(
        arguments: [
            ("normal", ["urgent"], ["urgent"]),
            ("normal", ["critical"], ["critical"]),
            ("normal", ["urgent", "critical"], ["critical", "urgent"]),
            ("urgent", ["critical"], ["critical", "urgent"]),
            ("normal", ["urgent", "normal", "urgent"], ["urgent"]),
            ("critical", ["urgent"], ["critical"]),
            ("critical", ["normal"], ["critical"]),
            ("urgent", ["normal"], ["urgent"]),
            ("normal", ["normal"], []),
        ])
    func raisingTheSeverityNotifiesOnceAndLoweringItDoesNot(opened: String, edits: [String], notified: [String]) throws {
        let desk = try TestDesk.staffed()
        let number = try desk.open(try Given.customer(desk), severity: opened)
        for severity in edits {
            try desk.cases.edit(number, Given.changes { $0.severity = severity }, by: "王芳")
        }
        #expect(try desk.cases.locate(number).notified.sorted() == notified)
        #expect(try desk.notifications(of: "孙主管") == (notified.contains("urgent") ? [number] : []))
        #expect(try desk.notifications(of: "周经理") == (notified.contains("critical") ? [number] : []))
    }

    static let acknowledging: [Row] = [
        Row(
            "an urgent complaint of 售后组", "its supervisor acknowledges it", .done, arrange: { try Given.urgent($0, department: "售后组") },
            act: { desk, number throws in #expect(try desk.cases.acknowledge(number, by: "赵主管").1 == [.urgent]) },
            check: { desk, number throws in
                #expect(try desk.notifications(of: "赵主管").isEmpty)
                #expect(try desk.notifications(of: "孙主管").isEmpty, "acknowledged for every supervisor")
                let ack = try desk.events(number, "ack")
                #expect(ack.map(\.outcome) == ["urgent"])
                #expect(ack.map(\.role) == ["supervisor"])
            }),
        Row(
            "an urgent complaint of no department", "a supervisor of 物流组 acknowledges it", .done, arrange: { try Given.urgent($0) },
            act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "钱主管") },
            check: { desk, _ throws in #expect(try desk.notifications(of: "孙主管").isEmpty) }),
        Row(
            "an urgent complaint of 售后组", "a supervisor of 物流组 acknowledges it", .fails(.refused, "钱主管 is a supervisor of 物流组"),
            arrange: { try Given.urgent($0, department: "售后组") }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "钱主管") }),
        Row(
            "an urgent complaint", "a lead acknowledges it", .fails(.refused, "no notification for a lead to acknowledge", "urgent for a supervisor"),
            arrange: { try Given.urgent($0) }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "李组长") }),
        Row(
            "an urgent complaint", "a manager acknowledges it", .fails(.refused, "no notification for a manager to acknowledge"),
            arrange: { try Given.urgent($0) }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "周经理") }),
        Row(
            "an urgent complaint", "a clerk acknowledges it", .fails(.refused, "no notification for a clerk to acknowledge"),
            arrange: { try Given.urgent($0) }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "王芳") }),
        Row(
            "an urgent complaint a supervisor acknowledged", "another supervisor acknowledges it",
            .fails(.refused, "no notification for a supervisor to acknowledge"),
            arrange: { desk throws in
                let number = try Given.urgent(desk)
                _ = try desk.cases.acknowledge(number, by: "赵主管")
                return number
            }, act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "孙主管") }),
        Row(
            "an urgent complaint a supervisor acknowledged", "lowered to normal and raised to urgent again", .done,
            arrange: { desk throws in
                let number = try Given.urgent(desk)
                _ = try desk.cases.acknowledge(number, by: "赵主管")
                return number
            },
            act: { desk, number throws in
                try desk.cases.edit(number, Given.changes { $0.severity = "normal" }, by: "王芳")
                try desk.cases.edit(number, Given.changes { $0.severity = "urgent" }, by: "王芳")
            }, check: { desk, _ throws in #expect(try desk.notifications(of: "赵主管").isEmpty, "notified once") }),
        Row(
            "a critical complaint", "a manager acknowledges it", .done,
            arrange: { desk throws in try desk.open(try Given.customer(desk), severity: "critical") },
            act: { desk, number throws in #expect(try desk.cases.acknowledge(number, by: "周经理").1 == [.critical]) },
            check: { desk, _ throws in #expect(try desk.notifications(of: "周经理").isEmpty) }),
        Row(
            "a critical complaint", "a supervisor acknowledges it", .fails(.refused, "critical for a manager"),
            arrange: { desk throws in try desk.open(try Given.customer(desk), severity: "critical") },
            act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "赵主管") }),
        Row(
            "a normal complaint", "a supervisor acknowledges it", .fails(.refused, "no notification for a supervisor"), arrange: Given.complaint,
            act: { desk, number throws in _ = try desk.cases.acknowledge(number, by: "赵主管") }),
        Row(
            "a complaint surveyed 1/5", "a lead acknowledges the follow-up", .done,
            arrange: { desk throws in
                let number = try Given.closed(desk)
                try desk.cases.survey(number, score: 1, by: "王芳")
                return number
            }, act: { desk, number throws in #expect(try desk.cases.acknowledge(number, by: "李组长").1 == [.followUp]) },
            check: { desk, _ throws in #expect(try desk.notifications(of: "李组长").isEmpty) }),
    ]

    @Test(arguments: acknowledging)
    func acknowledgingRules(_ row: Row) throws {
        try row.run()
    }

    // MARK: - After-sales steps

    static let repairStates = [
        StepState("repair", [], allows: ["received", "appoint"]),
        StepState("repair", [.received], allows: ["appoint", "diagnosed"]),
        StepState("repair", [.appoint], allows: ["received", "appoint", "diagnosed"]),
        StepState("repair", [.received, .quoteApproved], allows: ["appoint", "repaired"]),
        StepState("repair", [.received, .quoteDeclined], allows: ["appoint", "handed-back"]),
        StepState("repair", [.received, .diagnosed, .repaired], allows: ["appoint", "tested"]),
        StepState("repair", [.received, .diagnosed, .repaired, .tested], allows: ["appoint", "handed-back"]),
        StepState("repair", [.received, .diagnosed, .repaired, .tested, .handedBack], allows: []),
        StepState("repair", [.received, .quoteDeclined, .handedBack], allows: []),
    ]

    @Test(arguments: repairStates, [Step.received, .appoint, .diagnosed, .repaired, .tested, .handedBack])
    func repairSteps(_ state: StepState, _ step: Step) throws {
        try Given.take(step, after: state)
    }

    static let replacementStates = [
        StepState("replacement", [], allows: ["conditions-confirmed"]),
        StepState("replacement", [.conditionsConfirmed], allows: ["received"]),
        StepState("replacement", [.conditionsConfirmed, .received], allows: ["inspected"]),
        StepState("replacement", [.conditionsConfirmed, .received, .failed], allows: ["inspected"]),
        StepState("replacement", [.conditionsConfirmed, .received, .passed], allows: ["inspected", "voucher"]),
        StepState("replacement", [.conditionsConfirmed, .received, .passed, .failed], allows: ["inspected"]),
        StepState("replacement", [.conditionsConfirmed, .received, .failed, .passed], allows: ["inspected", "voucher"]),
        StepState("replacement", [.conditionsConfirmed, .received, .passed, .voucher], allows: ["shipped"]),
        StepState("replacement", [.conditionsConfirmed, .received, .passed, .voucher, .shipped], allows: []),
    ]

    @Test(arguments: replacementStates, [Step.conditionsConfirmed, .received, .passed, .voucher, .shipped])
    func replacementSteps(_ state: StepState, _ step: Step) throws {
        try Given.take(step, after: state)
    }

    static let returnStates = [
        StepState("return", [], allows: ["received"]),
        StepState("return", [.received], allows: ["inspected"]),
        StepState("return", [.received, .failed], allows: ["inspected"]),
        StepState("return", [.received, .passed], allows: ["inspected", "refunded"]),
        StepState("return", [.received, .passed, .failed], allows: ["inspected"]),
        StepState("return", [.received, .failed, .passed], allows: ["inspected", "refunded"]),
        StepState("return", [.received, .passed, .refunded], allows: []),
    ]

    @Test(arguments: returnStates, [Step.received, .passed, .refunded])
    func returnSteps(_ state: StepState, _ step: Step) throws {
        try Given.take(step, after: state)
    }

    static let stepDetails: [Row] = [
        Row(
            "a return whose inspection failed", "refunded", .fails(.refused, "the last inspection did not pass", "allowed now: inspected"),
            arrange: Given.afterSales("return", [.received, .failed]), act: Given.step(.refunded)),
        Row(
            "a refunded return", "refunded again", .fails(.refused, "it was recorded already", "allowed now: none, the return is finished"),
            arrange: Given.afterSales("return", [.received, .passed, .refunded]), act: Given.step(.refunded)),
        Row(
            "a received return", "inspected without the receipt's answer", .fails(.invalid, "checks packaging, unused and receipt"),
            arrange: Given.afterSales("return", [.received]), act: Given.step(.inspected, AfterSalesDetails(packaging: "yes", unused: "yes"))),
        Row(
            "a received return", "inspected as passed although used", .fails(.invalid, "contradicts the checklist"),
            arrange: Given.afterSales("return", [.received]),
            act: Given.step(.inspected, AfterSalesDetails(passed: "yes", packaging: "yes", unused: "no", receipt: "yes"))),
        Row(
            "a received return", "inspected with every check yes", .done, arrange: Given.afterSales("return", [.received]),
            act: Given.step(.inspected, AfterSalesDetails(packaging: "是", unused: "yes", receipt: "yes")),
            check: { desk, number throws in
                let inspection = try desk.events(number, "milestone").last
                #expect(inspection?.passed == 1)
                #expect(inspection?.document == "packaging=yes,unused=yes,receipt=yes")
                #expect(try desk.cases.detail(number).nextSteps == [.inspected, .refunded])
            }),
        Row(
            "a received return", "inspected without its packaging", .done, arrange: Given.afterSales("return", [.received]),
            act: Given.step(.inspected, AfterSalesDetails(packaging: "no", unused: "yes", receipt: "yes")),
            check: { desk, number throws in
                #expect(try desk.events(number, "milestone").last?.passed == 0)
                #expect(try desk.cases.detail(number).nextSteps == [.inspected], "no refund after a failed inspection")
            }),
        Row(
            "a replacement that passed inspection", "voucher without a number", .fails(.invalid, "a voucher needs its number and last valid day"),
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received, .passed]),
            act: Given.step(.voucherIssued, AfterSalesDetails(validUntil: "2026-12-31"))),
        Row(
            "a replacement that passed inspection", "voucher without a last valid day",
            .fails(.invalid, "a voucher needs its number and last valid day"),
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received, .passed]),
            act: Given.step(.voucherIssued, AfterSalesDetails(voucher: "V009"))),
        Row(
            "a replacement that passed inspection", "voucher valid until yesterday", .fails(.invalid, "invalid --valid-until '2026-11-22'"),
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received, .passed]),
            act: Given.step(.voucherIssued, AfterSalesDetails(voucher: "V009", validUntil: "2026-11-22"))),
        Row(
            "a replacement that passed inspection", "voucher valid until today", .done,
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received, .passed]),
            act: Given.step(.voucherIssued, AfterSalesDetails(voucher: "V009", validUntil: "2026-11-23")),
            check: { desk, number throws in
                let voucher = try desk.events(number, "milestone").last
                #expect(voucher?.document == "V009")
                #expect(voucher?.validUntil == "2026-11-23")
            }),
        Row(
            "a replacement whose inspection failed", "voucher", .fails(.refused, "the last inspection did not pass", "allowed now: inspected"),
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received, .failed]),
            act: Given.step(.voucherIssued, Step.voucher.details(for: "replacement"))),
        Row(
            "a received replacement", "inspection failed without a reason", .fails(.invalid, "needs --reason"),
            arrange: Given.afterSales("replacement", [.conditionsConfirmed, .received]), act: Given.step(.inspected, AfterSalesDetails(passed: "no"))),
        Row(
            "a tested repair", "handed back without saying how", .fails(.invalid, "how was it handed back"),
            arrange: Given.afterSales("repair", [.received, .diagnosed, .repaired, .tested]), act: Given.step(.handedBack)),
        Row(
            "a tested repair", "handed back by courier (快递)", .done,
            arrange: Given.afterSales("repair", [.received, .diagnosed, .repaired, .tested]),
            act: Given.step(.handedBack, AfterSalesDetails(how: "快递")),
            check: { desk, number throws in #expect(try desk.events(number, "milestone").last?.document == "shipped") }),
        Row(
            "a repair whose quote was declined", "repaired", .fails(.refused, "the customer declined the quote", "allowed now: appoint, handed-back"),
            arrange: Given.afterSales("repair", [.received, .quoteDeclined]), act: Given.step(.repaired)),
        Row(
            "a repair whose quote was declined", "handed back", .done, arrange: Given.afterSales("repair", [.received, .quoteDeclined]),
            act: Given.step(.handedBack, AfterSalesDetails(how: "pickup")),
            check: { desk, number throws in #expect(try desk.cases.detail(number).nextSteps.isEmpty) }),
        Row(
            "a received repair", "diagnosed with a quote but no answer", .fails(.invalid, "needs the customer's answer"),
            arrange: Given.afterSales("repair", [.received]), act: Given.step(.diagnosed, AfterSalesDetails(quote: "120"))),
        Row(
            "a received repair", "diagnosed with a quote of 89.50 approved", .done, arrange: Given.afterSales("repair", [.received]),
            act: Given.step(.diagnosed, AfterSalesDetails(quote: "89.50", approved: "yes")),
            check: { desk, number throws in
                let diagnosis = try desk.events(number, "milestone").last
                #expect(diagnosis?.amount == "89.50")
                #expect(diagnosis?.passed == 1)
            }),
        Row(
            "a new repair", "appointment without a time", .fails(.invalid, "when is the visit"), arrange: Given.afterSales("repair"),
            act: Given.step(.appointment)),
        Row(
            "a new repair", "appointment tomorrow at 14:30", .done, arrange: Given.afterSales("repair"),
            act: Given.step(.appointment, AfterSalesDetails(at: "2026-11-24 14:30")),
            check: { desk, number throws in
                #expect(try desk.events(number, "milestone").last?.at == Int64(TestDesk.instant("2026-11-24 14:30")))
                #expect(try desk.status(number) == "in-progress")
            }),
        Row(
            "a new repair", "appointment before the case began", .fails(.invalid, "is before 2026-11-23 10:00"), arrange: Given.afterSales("repair"),
            act: Given.step(.appointment, AfterSalesDetails(at: "2026-11-22 14:30"))),
        Row(
            "a new replacement", "repaired", .fails(.refused, "it is not a step of a replacement", "allowed now: conditions-confirmed"),
            arrange: Given.afterSales("replacement"), act: Given.step(.repaired)),
        Row(
            "a complaint", "product received", .fails(.refused, "not after-sales"), arrange: Given.complaint, act: Given.step(.received)),
    ]

    @Test(arguments: stepDetails)
    func afterSalesDetailRules(_ row: Row) throws {
        try row.run()
    }

    // MARK: - The return window

    static let returnWindow: [Row] = [
        Row(
            "a return bought 7 days ago", "opened", .done, arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-16") },
            check: { desk, _ throws in #expect(try desk.cases.locate(try desk.newestCase()).returnAsked == "2026-11-23") }),
        Row(
            "a return bought 8 days ago", "opened",
            .fails(
                .refused, "returns are accepted only within 7 days of purchase",
                "Purchased 2026-11-15, 8 days before the return was asked for (2026-11-23)"),
            arrange: Given.customer, act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-15") }),
        Row(
            "a return bought 30 days ago, delivered 7 days ago", "opened", .done, arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-10-24", delivered: "2026-11-16") }),
        Row(
            "a return bought 10 days ago, delivered 8 days ago", "opened", .fails(.refused, "Delivered 2026-11-15, 8 days before"),
            arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-13", delivered: "2026-11-15") }),
        Row(
            "a return delivered 7 days ago, purchase date unknown", "opened", .done, arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, delivered: "2026-11-16") }),
        Row(
            "a return with no purchase or delivery date", "opened", .fails(.invalid, "needs the purchase date"), arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer) }),
        Row(
            "a return asked for 3 days ago, 7 days after its purchase", "opened now with its arrival time", .done, arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-13", receivedAt: "2026-11-20 09:00") },
            check: { desk, _ throws in #expect(try desk.cases.locate(try desk.newestCase()).returnAsked == "2026-11-20") }),
        Row(
            "a return asked for 3 days ago, 8 days after its purchase", "opened now with its arrival time",
            .fails(.refused, "Purchased 2026-11-12, 8 days before the return was asked for (2026-11-20)"), arrange: Given.customer,
            act: { desk, customer throws in _ = try Given.openReturn(desk, customer, purchased: "2026-11-12", receivedAt: "2026-11-20 09:00") }),
        Row(
            "a consultation", "edited into a return bought 8 days ago", .fails(.refused, "Purchased 2026-11-15, 8 days"),
            arrange: { desk throws in try desk.open(try Given.customer(desk), kind: "consultation") },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.kind = "after-sales"
                        $0.service = "return"
                        $0.purchased = "2026-11-15"
                    }, by: "王芳")
            }),
        Row(
            "a consultation", "edited into a return bought 7 days ago", .done,
            arrange: { desk throws in try desk.open(try Given.customer(desk), kind: "consultation") },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.kind = "售后"
                        $0.service = "退货"
                        $0.purchased = "2026-11-16"
                    }, by: "王芳")
            },
            check: { desk, number throws in
                let shown = try desk.cases.locate(number)
                #expect(shown.service == "return")
                #expect(shown.returnAsked == "2026-11-23")
            }),
        Row(
            "a repair bought 10 days ago", "edited into a return", .fails(.refused, "Purchased 2026-11-13, 10 days"),
            arrange: { desk throws in try desk.open(try Given.customer(desk), kind: "after-sales", service: "repair", purchased: "2026-11-13") },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.service = "return" }, by: "王芳") }),
        Row(
            "a repair bought 10 days ago", "edited into a return delivered 2 days ago", .done,
            arrange: { desk throws in try desk.open(try Given.customer(desk), kind: "after-sales", service: "repair", purchased: "2026-11-13") },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.service = "return"
                        $0.delivered = "2026-11-21"
                    }, by: "王芳")
            }),
        Row(
            "a return asked for in time", "its purchase date moved 8 days before the ask", .fails(.refused, "Purchased 2026-11-15, 8 days"),
            arrange: { try Given.returnCase($0, purchased: "2026-11-20") },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.purchased = "2026-11-15" }, by: "王芳") }),
        Row(
            "a return bought long ago, delivered in time", "its delivery date cleared", .fails(.refused, "Purchased 2026-10-01"),
            arrange: { desk throws in try Given.openReturn(desk, try Given.customer(desk), purchased: "2026-10-01", delivered: "2026-11-20").number },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.delivered = "" }, by: "王芳") }),
        Row(
            "a return asked for in time, 10 days later", "its purchase date corrected to 7 days before the ask", .done,
            arrange: { try Given.returnCase($0, purchased: "2026-11-20", daysLater: 10) },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.purchased = "2026-11-16" }, by: "王芳") },
            check: { desk, number throws in
                let shown = try desk.cases.locate(number)
                #expect(shown.purchased == "2026-11-16")
                #expect(shown.returnAsked == "2026-11-23", "still measured at the ask")
            }),
        Row(
            "a return asked for in time, 10 days later", "its purchase date corrected to 8 days before the ask",
            .fails(.refused, "Purchased 2026-11-15, 8 days before the return was asked for (2026-11-23)"),
            arrange: { try Given.returnCase($0, purchased: "2026-11-20", daysLater: 10) },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.purchased = "2026-11-15" }, by: "王芳") }),
        Row(
            "a return asked for in time, 10 days later", "its kind and service given again", .done,
            arrange: { try Given.returnCase($0, purchased: "2026-11-20", daysLater: 10) },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.kind = "after-sales"
                        $0.service = "return"
                    }, by: "王芳")
            }),
        Row(
            "a return asked for in time, 10 days later", "its delivery date given", .done,
            arrange: { try Given.returnCase($0, purchased: "2026-11-20", daysLater: 10) },
            act: { desk, number throws in try desk.cases.edit(number, Given.changes { $0.delivered = "2026-11-21" }, by: "王芳") }),
        Row(
            "a repair, 10 days later", "edited into a return bought 7 days before today", .done,
            arrange: { desk throws in
                let number = try desk.open(try Given.customer(desk), kind: "after-sales", service: "repair")
                desk.clock.advance(by: 10 * TestDesk.day)
                return number
            },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.service = "return"
                        $0.purchased = "2026-11-26"
                    }, by: "王芳")
            },
            check: { desk, number throws in #expect(try desk.cases.locate(number).returnAsked == "2026-12-03") }),
        Row(
            "a repair, 10 days later", "edited into a return bought 8 days before today", .fails(.refused, "Purchased 2026-11-25, 8 days"),
            arrange: { desk throws in
                let number = try desk.open(try Given.customer(desk), kind: "after-sales", service: "repair")
                desk.clock.advance(by: 10 * TestDesk.day)
                return number
            },
            act: { desk, number throws in
                try desk.cases.edit(
                    number,
                    Given.changes {
                        $0.service = "return"
                        $0.purchased = "2026-11-25"
                    }, by: "王芳")
            }),
    ]

    @Test(arguments: returnWindow)
    func returnWindowRules(_ row: Row) throws {
        try row.run()
    }

    // MARK: - The repair warranty

    @Test(
        arguments: [
            ("handed back, the same day", true, 0, "SN-1", "repair", true),
            ("handed back, 3 months later to the day", true, 92, "SN-1", "repair", true),
            ("handed back, 3 months and a day later", true, 93, "SN-1", "repair", false),
            ("handed back, a month later, another serial", true, 30, "SN-2", "repair", false),
            ("handed back, a month later, a replacement", true, 30, "SN-1", "replacement", false),
            ("still in the workshop, a week later", false, 7, "SN-1", "repair", false),
        ])
    func aRepairWithinThreeMonthsOfAHandBackIsAWarrantyRepair(
        situation: String, handedBack: Bool, days: Int, serial: String, service: String, warranty: Bool
    ) throws {
        let desk = try TestDesk.staffed()
        let li = try Given.customer(desk)
        let first = try desk.cases.open(
            NewCase(customer: li, kind: "after-sales", channel: "walk-in", severity: "normal", title: "屏幕坏了", service: "repair", serial: "SN-1"),
            by: "王芳"
        ).number
        let steps: [Step] = handedBack ? [.received, .diagnosed, .repaired, .tested, .handedBack] : [.received, .diagnosed]
        for step in steps { try step.take(first, on: desk, service: "repair") }
        desk.clock.advance(by: UInt64(days) * TestDesk.day)
        let second = try desk.cases.open(
            NewCase(customer: li, kind: "after-sales", channel: "walk-in", severity: "normal", title: "又坏了", service: service, serial: serial),
            by: "王芳")
        #expect(second.warrantyOf == (warranty ? first : nil))
        #expect(try desk.cases.detail(second.number).warrantyOf == (warranty ? first : nil))
    }

    // MARK: - The complaint loop

    static let complaintLoop: [Row] = [
        Row(
            "a resolved complaint with no answer from the customer", "closed",
            .fails(.refused, "a complaint closes only after the customer accepts the solution", "the customer has not accepted a solution"),
            arrange: { try Given.resolved($0) }, act: { desk, number throws in try desk.cases.close(number, by: "王芳") }),
        Row(
            "a resolved complaint whose solution was declined", "closed", .fails(.refused, "the customer declined the last solution"),
            arrange: { try Given.resolved($0, answer: "no") }, act: { desk, number throws in try desk.cases.close(number, by: "王芳") }),
        Row(
            "a resolved complaint whose solution was accepted", "closed", .done, arrange: { try Given.resolved($0, answer: "yes") },
            act: { desk, number throws in try desk.cases.close(number, by: "王芳") },
            check: { desk, number throws in
                #expect(try desk.status(number) == "closed")
                #expect(try desk.events(number, "override").isEmpty)
            }),
        Row(
            "a complaint whose first solution was accepted and a second declined", "closed",
            .fails(.refused, "the customer declined the last solution"),
            arrange: { desk throws in
                let number = try Given.complaint(desk)
                try desk.cases.solution(number, "补发", accepted: "yes", by: "王芳")
                desk.clock.advance(by: 60_000)
                try desk.cases.solution(number, "换货", accepted: "no", by: "王芳")
                try desk.cases.resolve(number, by: "王芳")
                return number
            }, act: { desk, number throws in try desk.cases.close(number, by: "王芳") }),
        Row(
            "a resolved complaint with no answer", "a lead closes it with an override", .done, arrange: { try Given.resolved($0) },
            act: { desk, number throws in try desk.cases.close(number, override: "客户失联", by: "李组长") },
            check: { desk, number throws in try Given.overrideRecorded(desk, number, "complaint-close", "客户失联", role: "lead") }),
        Row(
            "a resolved consultation with no solution", "closed", .done,
            arrange: { desk throws in
                let number = try desk.open(try Given.customer(desk), kind: "consultation")
                try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
                try desk.cases.resolve(number, by: "王芳")
                return number
            }, act: { desk, number throws in try desk.cases.close(number, by: "王芳") }),
        Row(
            "a closed complaint", "surveyed 1/5", .done, arrange: Given.closed,
            act: { desk, number throws in #expect(try desk.cases.followUpOpened(by: try desk.cases.survey(number, score: 1, by: "王芳")) != nil) },
            check: Given.followedUp),
        Row(
            "a closed complaint", "surveyed 2/5", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 2, comment: "太慢", by: "王芳") }, check: Given.followedUp),
        Row(
            "a closed complaint", "surveyed 3/5", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 3, by: "王芳") }, check: Given.notFollowedUp),
        Row(
            "a closed complaint", "surveyed 4/5", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 4, by: "王芳") }, check: Given.notFollowedUp),
        Row(
            "a closed complaint", "surveyed 5/5", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 5, by: "王芳") }, check: Given.notFollowedUp),
        Row(
            "a closed complaint", "revisited, the customer unhappy", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.revisit(number, outcome: "还是不满意", unhappy: true, by: "王芳") }, check: Given.followedUp),
        Row(
            "a closed complaint", "revisited, the customer satisfied", .done, arrange: Given.closed,
            act: { desk, number throws in try desk.cases.revisit(number, outcome: "满意", by: "王芳") }, check: Given.notFollowedUp),
        Row(
            "a closed complaint already surveyed", "surveyed again", .fails(.refused, "already surveyed since it was closed"),
            arrange: { desk throws in
                let number = try Given.closed(desk)
                try desk.cases.survey(number, score: 4, by: "王芳")
                desk.clock.advance(by: TestDesk.hour)
                return number
            }, act: { desk, number throws in try desk.cases.survey(number, score: 1, by: "王芳") }),
        Row(
            "a complaint surveyed, then reopened and closed again", "surveyed again", .done,
            arrange: { desk throws in
                let number = try Given.closed(desk)
                try desk.cases.survey(number, score: 4, by: "王芳")
                desk.clock.advance(by: TestDesk.day)
                try desk.cases.reopen(number, reason: "又坏了", by: "王芳")
                try desk.cases.resolve(number, by: "王芳")
                desk.clock.advance(by: TestDesk.hour)
                try desk.cases.close(number, by: "王芳")
                desk.clock.advance(by: TestDesk.hour)
                return number
            }, act: { desk, number throws in try desk.cases.survey(number, score: 5, by: "王芳") },
            check: { desk, number throws in #expect(try desk.events(number, "survey").compactMap(\.score) == [4, 5]) }),
        Row(
            "a closed complaint", "surveyed 0/5", .fails(.invalid, "invalid score 0"), arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 0, by: "王芳") }),
        Row(
            "a closed complaint", "surveyed 6/5", .fails(.invalid, "invalid score 6"), arrange: Given.closed,
            act: { desk, number throws in try desk.cases.survey(number, score: 6, by: "王芳") }),
        Row(
            "a resolved complaint", "surveyed", .fails(.refused, "surveys and revisits follow closing"),
            arrange: { try Given.resolved($0, answer: "yes") }, act: { desk, number throws in try desk.cases.survey(number, score: 1, by: "王芳") }),
    ]

    @Test(arguments: complaintLoop)
    func complaintLoopRules(_ row: Row) throws {
        try row.run()
    }

    // MARK: - The timeline

    @Test(
        arguments: [
            ("the title", Given.changes { $0.title = "退款很慢" }, [Change("title", "退款慢", "退款很慢")]),
            ("the severity", Given.changes { $0.severity = "紧迫" }, [Change("severity", "normal", "urgent")]),
            ("the channel, on-site", Given.changes { $0.channel = "上门" }, [Change("channel", "phone", "on-site")]),
            ("the channel, fax", Given.changes { $0.channel = "传真" }, [Change("channel", "phone", "fax")]),
            ("the tier", Given.changes { $0.tier = "2" }, [Change("tier", "1", "2")]),
            ("the department", Given.changes { $0.department = "物流组" }, [Change("department", nil, "物流组")]),
            ("the description", Given.changes { $0.description = "第三次来电" }, [Change("description", nil, "第三次来电")]),
            ("the product", Given.changes { $0.product = "耳机" }, [Change("product", nil, "耳机")]),
            ("the serial", Given.changes { $0.serial = "SN9" }, [Change("serial", nil, "SN9")]),
            ("the order number", Given.changes { $0.orderNumber = "JD7" }, [Change("order_number", nil, "JD7")]),
            ("the expectation", Given.changes { $0.expects = "退款" }, [Change("expects", nil, "退款")]),
            ("the purchase date", Given.changes { $0.purchased = "2026-11-01" }, [Change("purchased", nil, "2026-11-01")]),
            ("the delivery date", Given.changes { $0.delivered = "2026-11-02" }, [Change("delivered", nil, "2026-11-02")]),
            ("the category", Given.changes { $0.category = "物流" }, [Change("category", nil, "logistics")]),
            ("the kind", Given.changes { $0.kind = "consultation" }, [Change("kind", "complaint", "consultation")]),
            (
                "the kind and service",
                Given.changes {
                    $0.kind = "after-sales"
                    $0.service = "repair"
                },
                [Change("kind", "complaint", "after-sales"), Change("service", nil, "repair")]
            ),
            (
                "three fields at once",
                Given.changes {
                    $0.title = "退款很慢"
                    $0.severity = "critical"
                    $0.product = "耳机"
                },
                [Change("severity", "normal", "critical"), Change("title", "退款慢", "退款很慢"), Change("product", nil, "耳机")]
            ),
            ("a tag", Given.changes { $0.addTags = ["VIP"] }, [Change("tags", nil, "+vip")]),
            ("the title, unchanged", Given.changes { $0.title = "退款慢" }, []),
        ])
    func everyEditedFieldAppendsAChangeWithItsAuthorsRole(field: String, changes: CaseChanges, expected: [Change]) throws {
        let desk = try TestDesk.staffed()
        let number = try desk.open(try Given.customer(desk))
        try desk.cases.edit(number, changes, by: "李组长")
        let events = try desk.events(number, "change")
        #expect(events.map { Change($0.field ?? "", $0.fromValue, $0.toValue) } == expected)
        #expect(events.allSatisfy { $0.role == "lead" && $0.author == "李组长" })
    }

    static let timeline: [Row] = [
        Row(
            "a complaint opened at 10:00", "a contact at 10:00", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "10:00", by: "王芳") },
            check: { desk, number throws in #expect(try desk.events(number, "contact").last?.at == Int64(TestDesk.instant("10:00"))) }),
        Row(
            "a complaint opened at 10:00", "a contact at 09:59", .fails(.invalid, "the contact time 09:59 is before 2026-11-23 10:00"),
            arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "09:59", by: "王芳") }),
        Row(
            "a complaint opened at 10:00", "a contact yesterday evening", .fails(.invalid, "is before 2026-11-23 10:00"), arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "2026-11-22 18:00", by: "王芳") }),
        Row(
            "a complaint opened at 10:00", "a contact at 10:05, 5 minutes ahead", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "10:05", by: "王芳") }),
        Row(
            "a complaint opened at 10:00", "a contact at 10:06", .fails(.invalid, "the contact time 10:06 is in the future"),
            arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "10:06", by: "王芳") }),
        Row(
            "a complaint opened at 10:00, an hour later", "a contact at 10:30", .done,
            arrange: { desk throws in
                let number = try Given.complaint(desk)
                desk.clock.advance(by: TestDesk.hour)
                return number
            }, act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "10:30", by: "王芳") }),
        Row(
            "an enquiry that arrived at 09:00, opened at 10:00", "a contact at 09:30", .done,
            arrange: { desk throws in
                try desk.cases.open(
                    NewCase(
                        customer: try Given.customer(desk), kind: "complaint", channel: "phone", severity: "normal", title: "t", receivedAt: "09:00"),
                    by: "王芳"
                ).number
            }, act: { desk, number throws in try desk.cases.contact(number, channel: "phone", outcome: "reached", at: "09:30", by: "王芳") }),
        Row(
            "a complaint", "a contact on site (上门)", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "上门", outcome: "reached", by: "王芳") },
            check: { desk, number throws in #expect(try desk.events(number, "contact").last?.channel == "on-site") }),
        Row(
            "a complaint", "a contact by fax (传真)", .done, arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "传真", outcome: "left-message", by: "王芳") },
            check: { desk, number throws in #expect(try desk.events(number, "contact").last?.channel == "fax") }),
        Row(
            "a complaint", "a contact by carrier pigeon", .fails(.invalid, "unknown channel 'pigeon'"), arrange: Given.complaint,
            act: { desk, number throws in try desk.cases.contact(number, channel: "pigeon", outcome: "reached", by: "王芳") }),
    ]

    @Test(arguments: timeline)
    func timelineRules(_ row: Row) throws {
        try row.run()
    }

    @Test(
        arguments: [
            ("09:00", Outcome.done),
            ("10:05", .done),
            ("10:06", .fails(.invalid, "the arrival time 10:06 is in the future")),
            ("2026-11-24 09:00", .fails(.invalid, "in the future")),
            ("2026-10-24 10:00", .done),
            ("2026-10-24 09:59", .fails(.invalid, "the arrival time 2026-10-24 09:59 is more than 30 days ago")),
            ("2026-09-01 10:00", .fails(.invalid, "more than 30 days ago")),
            ("soon", .fails(.invalid, "invalid arrival time 'soon'")),
        ])
    func anArrivalTimeIsNotInTheFutureNorMoreThan30DaysBack(receivedAt: String, expected: Outcome) throws {
        let desk = try TestDesk.staffed()
        let li = try Given.customer(desk)
        let opened = try verify(expected, on: desk, "opened as arrived at \(receivedAt)") {
            _ = try desk.cases.open(
                NewCase(customer: li, kind: "consultation", channel: "phone", severity: "normal", title: "t", receivedAt: receivedAt), by: "王芳")
        }
        if opened {
            #expect(try desk.cases.locate(try desk.newestCase()).receivedAt == Int64(TestDesk.instant(receivedAt)))
        }
    }

    @Test(arguments: [("on-site", "on-site"), ("上门", "on-site"), ("fax", "fax"), ("传真", "fax"), ("walk-in", "walk-in")])
    func aCaseOpensOnEveryHandbookChannel(typed: String, stored: String) throws {
        let desk = try TestDesk.staffed()
        let number = try desk.open(try Given.customer(desk), channel: typed)
        #expect(try desk.cases.locate(number).channel == stored)
    }
}

/// A `change` event as the timeline shows it.
struct Change: Hashable, Sendable, CustomStringConvertible {
    var field: String
    var from: String?
    var to: String?

    init(_ field: String, _ from: String?, _ to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }

    var description: String { "\(field): \(from ?? "∅") → \(to ?? "∅")" }
}

/// The situations the tables start from, on a staffed desk; each returns the case (or customer)
/// the row acts on.
enum Given {
    static func customer(_ desk: TestDesk) throws -> String {
        try desk.customer("李雷", phone: "13800138000")
    }

    /// A complaint opened by the tier-1 clerk 王芳, assigned to her.
    static func complaint(_ desk: TestDesk) throws -> String {
        try desk.open(try customer(desk))
    }

    /// A complaint escalated to tier 2 without a receiver: waiting in the tier's queue.
    static func escalated(_ desk: TestDesk) throws -> String {
        let number = try complaint(desk)
        try desk.cases.escalate(number, tier: "2", reason: "一线无法解决", by: "王芳")
        return number
    }

    /// An urgent complaint, of a department or none.
    static func urgent(_ desk: TestDesk, department: String? = nil) throws -> String {
        try desk.cases.open(
            NewCase(customer: try customer(desk), kind: "complaint", channel: "phone", severity: "urgent", title: "断网", department: department),
            by: "王芳"
        ).number
    }

    /// A complaint worked and resolved; `answer` is the customer's answer to the solution offered, if one was.
    static func resolved(_ desk: TestDesk, answer: String? = nil) throws -> String {
        let number = try complaint(desk)
        try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        if let answer { try desk.cases.solution(number, "补发", accepted: answer, by: "王芳") }
        try desk.cases.resolve(number, by: "王芳")
        return number
    }

    /// A complaint whose solution the customer accepted, closed.
    static func closed(_ desk: TestDesk) throws -> String {
        let number = try resolved(desk, answer: "yes")
        try desk.cases.close(number, by: "王芳")
        return number
    }

    static func openReturn(
        _ desk: TestDesk, _ customer: String, purchased: String? = nil, delivered: String? = nil, receivedAt: String? = nil,
        override: String? = nil, by staff: String = "王芳"
    ) throws -> OpenedCase {
        try desk.cases.open(
            NewCase(
                customer: customer, kind: "after-sales", channel: "walk-in", severity: "normal", title: "退货", service: "return",
                purchased: purchased, override: override, receivedAt: receivedAt, delivered: delivered),
            by: staff)
    }

    /// A return asked for today, then `daysLater` days pass.
    static func returnCase(_ desk: TestDesk, purchased: String, daysLater: UInt64 = 0) throws -> String {
        let number = try openReturn(desk, try customer(desk), purchased: purchased).number
        desk.clock.advance(by: daysLater * TestDesk.day)
        return number
    }

    /// Two records of one customer: returns the duplicate's id.
    static func duplicate(_ desk: TestDesk) throws -> String {
        _ = try customer(desk)
        return try desk.customer("李雷（重复）", phone: "13700000000")
    }

    static func original(_ desk: TestDesk) throws -> String {
        try desk.customers.locate("13800138000").survivor.id
    }

    static func changes(_ configure: (inout CaseChanges) -> Void) -> CaseChanges {
        var changes = CaseChanges()
        configure(&changes)
        return changes
    }

    /// An after-sales case of a service, bought 3 days ago, with these steps taken.
    static func afterSales(_ service: String, _ history: [Step] = []) -> @Sendable (TestDesk) throws -> String {
        { desk throws in
            let number = try desk.open(try customer(desk), kind: "after-sales", service: service, purchased: "2026-11-20")
            for step in history { try step.take(number, on: desk, service: service) }
            return number
        }
    }

    /// Records an after-sales step with exactly these details.
    static func step(_ milestone: Milestone, _ details: AfterSalesDetails = AfterSalesDetails()) -> @Sendable (TestDesk, String) throws -> Void {
        { desk, number throws in try desk.cases.afterSales(number, milestone, details, by: "王芳") }
    }

    /// Takes `step` on a case in `state`: done when the state allows it, else refused naming the allowed steps.
    static func take(_ step: Step, after state: StepState) throws {
        let desk = try TestDesk.staffed()
        let number = try afterSales(state.service, state.history)(desk)
        #expect(try desk.cases.detail(number).nextSteps.map { WorkflowAction($0).rawValue } == state.allowed, "case show lists the steps allowed")
        let allowed = state.allowed.isEmpty ? "none, the \(state.service) is finished" : state.allowed.joined(separator: ", ")
        let expected: Outcome = state.allowed.contains(step.command) ? .done : .fails(.refused, "cannot record", "allowed now: \(allowed)")
        let done = try verify(expected, on: desk, "\(step.rawValue) on a \(state.testDescription)") {
            try step.take(number, on: desk, service: state.service)
        }
        if done {
            #expect(try desk.events(number, "milestone").last?.outcome == step.milestone.rawValue)
            #expect(try desk.cases.detail(number).unsettledSteps.isEmpty)
        }
    }

    static func overrideRecorded(_ desk: TestDesk, _ number: String, _ rule: String, _ reason: String, role: String) throws {
        let overrides = try desk.events(number, "override")
        #expect(overrides.map(\.outcome) == [rule])
        #expect(overrides.map(\.body) == [reason])
        #expect(overrides.map(\.role) == [role])
    }

    /// An unhappy customer's case got one follow-up, linked to it, and a lead is told.
    static func followedUp(_ desk: TestDesk, _ number: String) throws {
        let detail = try desk.cases.detail(number)
        #expect(detail.followUps.count == 1)
        guard let followUp = detail.followUps.first else { return }
        let opened = try desk.cases.detail(followUp)
        #expect(opened.followUpOf == number)
        #expect(opened.case.followUpOf == detail.case.id)
        #expect(opened.case.status == "new")
        #expect(opened.case.customerID == detail.case.customerID)
        #expect(opened.case.kind == detail.case.kind)
        #expect(try desk.notifications(of: "李组长") == [number])
        #expect(try desk.notifications(of: "赵主管").isEmpty, "a follow-up is a lead's")
    }

    static func notFollowedUp(_ desk: TestDesk, _ number: String) throws {
        #expect(try desk.cases.detail(number).followUps.isEmpty)
        #expect(try desk.notifications(of: "李组长").isEmpty)
    }
}
