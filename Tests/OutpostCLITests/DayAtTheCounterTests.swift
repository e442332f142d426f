import Foundation
import Testing

/// A whole day of work at one station, through the built `outpost` binary: customers (CJK names
/// included), one case of every kind and every channel, every transition, refusals and invalid
/// values that leave the database unchanged, search, a merge, and `--json` read back.
@Suite(.serialized) struct DayAtTheCounterTests {
    @Test func aDayAtTheCounter() throws {
        let outpost = try OutpostBinary()
        let init_ = try outpost("init", "--station", "SZ01", "--name", "深圳福田店", "--staff", "王芳", "--time-zone", "Asia/Shanghai")
        try #require(init_.status == 0, "\(init_)")
        // The staff: 王芳 is the station's first manager; a supervisor merges customers, and a
        // tier-2 clerk takes escalated cases.
        try #require(try outpost("staff", "add", "主管", "--role", "supervisor").status == 0)
        try #require(try outpost("staff", "add", "张伟", "--role", "clerk", "--tier", "2").status == 0)

        // Customers.
        let li = try outpost("customer", "add", "--name", "李雷", "--phone", "138 0013 8000", "--email", "LiLei@Example.com", "--address", "深圳市福田区")
        #expect(li.status == 0)
        #expect(li.standardOutput == "Added customer SZ01.5: 李雷\n")
        try outpost("customer", "add", "--name", "欧阳娜娜", "--phone", "139 0000 1111")
        try outpost(
            "customer", "add", "--name", "Acme Trading Co.", "--contact", "John Smith", "--phone", "+44 20 7946 0958", "--email", "ops@acme.example")
        let duplicate = try outpost("customer", "add", "--name", "李雷", "--phone", "13800138000")
        #expect(duplicate.standardOutput == "Added customer SZ01.8: 李雷\n")
        #expect(duplicate.standardError.contains("SZ01.5 李雷 has the same phone or email"), "\(duplicate)")
        let ambiguous = try outpost("customer", "show", "13800138000")
        #expect(ambiguous.status == 1)
        #expect(
            ambiguous.standardError
                == "outpost: 13800138000 belongs to several customers (SZ01.5 李雷, SZ01.8 李雷): give the id, or merge them with `outpost customer merge`\n"
        )

        // Search: the trigram index for three characters or more, LIKE below; phones by any part.
        let found = try outpost("customer", "find", "李")
        #expect(
            found.standardOutput == """
                ID      NAME  CONTACT  PHONES         EMAILS
                SZ01.5  李雷  —        138 0013 8000  lilei@example.com
                SZ01.8  李雷  —        138 0013 8000  —

                """, "aligned by display width: CJK takes two columns")
        #expect(try outpost("customer", "find", "阳娜娜").standardOutput.contains("SZ01.6  欧阳娜娜"))
        #expect(try outpost("customer", "find", "0000 111").standardOutput.contains("欧阳娜娜"))
        #expect(try outpost("customer", "find", "smith").standardOutput.contains("Acme Trading Co."))
        let nobody = try outpost("customer", "find", "王五")
        #expect(nobody.status == 0 && nobody.standardOutput == "No customer matches “王五”.\n")
        let customers = try outpost.json([CustomerJSON].self, try outpost("customer", "find", "acme", "--json"))
        #expect(customers.map(\.id) == ["SZ01.7"])
        #expect(customers.first?.contact == "John Smith")
        #expect(customers.first?.phones == ["+442079460958"])

        // One case of every kind and every channel.
        func open(_ arguments: String...) throws -> String {
            let run = try outpost.run(["case", "open", "--json"] + arguments)
            try #require(run.status == 0, "\(run)")
            return try outpost.json(OpenedJSON.self, run).number
        }
        let complaint = try open(
            "--customer", "SZ01.5", "--kind", "投诉", "--category", "物流", "--channel", "电话",
            "--severity", "紧迫", "--title", "快递丢件，三天没有消息", "--order", "JD20261120001", "--expects", "补发或退款")
        let consultation = try open(
            "--customer", "SZ01.6", "--kind", "consultation", "--category", "order-query", "--channel", "web",
            "--severity", "normal", "--title", "订单什么时候发货")
        let repair = try open(
            "--customer", "ops@acme.example", "--kind", "after-sales", "--service", "repair", "--channel", "email",
            "--severity", "critical", "--title", "POS 机无法开机，整个门店无法收银，急需上门处理", "--product", "P300", "--serial", "SN-0099")
        let replacement = try open(
            "--customer", "SZ01.8", "--kind", "售后", "--service", "换货", "--channel", "社交媒体",
            "--severity", "normal", "--title", "屏幕有坏点")
        let refund = try open(
            "--customer", "SZ01.6", "--kind", "after-sales", "--service", "return", "--channel", "walk-in",
            "--severity", "normal", "--title", "耳机退货", "--purchased", shanghaiDate(daysFromToday: -2))
        let feedback = try open("--customer", "SZ01.5", "--kind", "反馈", "--channel", "门店", "--severity", "一般", "--title", "建议延长营业时间")
        #expect(complaint.hasPrefix("SZ01-") && complaint.hasSuffix("-0001"))

        // The supervisor merges the duplicate: its case shows under the survivor from now on.
        let merge = try outpost("customer", "merge", "SZ01.8", "--into", "SZ01.5", "--as", "主管")
        #expect(merge.standardOutput == "Merged SZ01.8 into SZ01.5; 1 case(s) now show under SZ01.5.\n", "\(merge)")
        try expectUnchanged(outpost, ["customer", "merge", "SZ01.5", "--into", "SZ01.8"], status: 4, message: "would make a loop")

        // The return window: refused with the rule quoted, accepted with a recorded override.
        let late = [
            "case", "open", "--customer", "SZ01.6", "--kind", "after-sales", "--service", "return", "--channel", "walk-in",
            "--severity", "normal", "--title", "音箱退货", "--purchased", shanghaiDate(daysFromToday: -30),
        ]
        try expectUnchanged(outpost, late, status: 4, message: "Service handbook: returns are accepted only within 7 days of purchase")
        let overridden = try outpost.json(OpenedJSON.self, try outpost.run(late + ["--override", "店长批准：质量问题", "--json"]))
        #expect(overridden.override_recorded)
        #expect(overridden.deadlines.items.map(\.rule).contains("after-sales-response"), "the clocks a return starts")
        let overrideEvents = try outpost.json(CaseDetailJSON.self, try outpost("case", "show", overridden.number, "--json")).events
        #expect(overrideEvents.map(\.kind) == ["status", "override"])
        #expect(overrideEvents.last?.body == "店长批准：质量问题")

        // Invalid values and unknown records change nothing. A vocabulary value the handbook does
        // not know is a usage error, refused before the command runs.
        try expectUnchanged(
            outpost, ["case", "open", "--customer", "SZ01.5", "--kind", "bogus", "--channel", "phone", "--severity", "normal", "--title", "t"],
            status: 2,
            message:
                "The value 'bogus' is invalid for '--kind <kind>'. Please provide one of 'consultation', 'complaint', 'after-sales' or 'feedback'.")
        try expectUnchanged(
            outpost, ["case", "open", "--customer", "SZ01.5", "--kind", "complaint", "--channel", "pigeon", "--severity", "normal", "--title", "t"],
            status: 2, message: "The value 'pigeon' is invalid for '--channel <channel>'")
        try expectUnchanged(
            outpost, ["case", "open", "--customer", "SZ01.5", "--kind", "complaint", "--channel", "phone", "--severity", "超级", "--title", "t"],
            status: 2, message: "The value '超级' is invalid for '--severity <severity>'")
        // Under --lang zh, or a Chinese LANG, the refusal is said in Chinese too, with the allowed values.
        try expectUnchanged(
            outpost,
            ["case", "open", "--customer", "SZ01.5", "--kind", "投诉", "--channel", "pigeon", "--severity", "紧迫", "--title", "t", "--lang", "zh"],
            status: 2, message: "无效的渠道「pigeon」：可选 电话（phone）、邮件（email）")
        let chineseLocale = try outpost(
            "case", "edit", "SZ01-20000101-0001", "--severity=超级", environment: ["LANG": "zh_CN.UTF-8"])
        #expect(chineseLocale.status == 2, "\(chineseLocale)")
        #expect(chineseLocale.standardError.contains("无效的紧急程度「超级」：可选 一般（normal）、紧迫（urgent）、非常紧迫（critical）"), "\(chineseLocale)")
        let english = try outpost("case", "edit", "SZ01-20000101-0001", "--severity", "超级")
        #expect(english.status == 2 && !english.standardError.contains("无效"), "\(english)")
        try expectUnchanged(
            outpost, ["case", "open", "--customer", "SZ01.102", "--kind", "complaint", "--channel", "phone", "--severity", "normal", "--title", "t"],
            status: 3, message: "no customer SZ01.102")
        try expectUnchanged(
            outpost, ["case", "open", "--customer", "SZ01.5", "--kind", "complaint"], status: 2, message: "Missing expected argument")
        try expectUnchanged(outpost, ["case", "note", "SZ01-20000101-0001", "hello"], status: 3, message: "no case SZ01-20000101-0001")
        try expectUnchanged(outpost, ["customer", "add", "--name", "王五", "--phone", "call me"], status: 1, message: "invalid phone 'call me'")
        try expectUnchanged(
            outpost, ["customer", "edit", "SZ01.5", "--name", "x", "--remove-phone", "13700000000"], status: 1, message: "is not on customer SZ01.5")

        // The complaint, through every transition, refusals first.
        try expectUnchanged(
            outpost, ["case", "close", complaint], status: 4, message: "cannot close (it is new and was never worked); allowed now: contact")
        try expectUnchanged(outpost, ["case", "survey", complaint, "--score", "5"], status: 4, message: "surveys and revisits follow closing")
        try step(outpost, ["case", "note", complaint, "客户很着急"], "note added")
        try step(outpost, ["case", "contact", complaint, "--channel", "phone", "--outcome", "no-answer"], "Status: new → in-progress")
        try step(outpost, ["case", "contact", complaint, "--channel", "电话", "--outcome", "已联系上", "--note", "已联系快递公司"], "contact recorded")
        try step(outpost, ["case", "assign", complaint, "--to", "张伟", "--dept", "物流组"], "assigned to 张伟")
        try step(outpost, ["case", "escalate", complaint, "--tier", "2", "--reason", "需要物流专员跟进", "--as", "张伟"], "in its queue")
        try step(outpost, ["case", "take", complaint, "--as", "张伟"], "taken by 张伟")
        try expectUnchanged(outpost, ["case", "escalate", complaint, "--tier", "2", "--reason", "again"], status: 4, message: "already at tier 2")
        try step(outpost, ["case", "wait", complaint, "--reason", "等客户提供签收照片", "--as", "张伟"], "Status: in-progress → waiting")
        try expectUnchanged(outpost, ["case", "resolve", complaint], status: 4, message: "resume it first")
        try step(outpost, ["case", "resume", complaint, "--as", "张伟"], "Status: waiting → in-progress")
        try step(outpost, ["case", "solution", complaint, "补发商品", "--accepted", "yes", "--as", "张伟"], "solution recorded")
        try step(outpost, ["case", "resolve", complaint, "--note", "已补发", "--as", "张伟"], "Status: in-progress → resolved")
        try step(outpost, ["case", "close", complaint], "Status: resolved → closed")
        try expectUnchanged(outpost, ["case", "survey", complaint, "--score", "9"], status: 1, message: "invalid score 9")
        try step(outpost, ["case", "survey", complaint, "--score", "4", "--comment", "还不错"], "survey recorded (4/5)")
        try step(outpost, ["case", "revisit", complaint, "--outcome", "客户满意"], "revisit recorded")
        try step(outpost, ["case", "reopen", complaint, "--reason", "补发的商品也没收到"], "Status: closed → in-progress")
        try step(outpost, ["case", "resolve", complaint], "resolved")

        // After-sales steps by service.
        try step(outpost, ["case", "received", repair, "--note", "外观无损"], "Status: new → in-progress")
        try step(outpost, ["case", "diagnosed", repair], "step recorded: diagnosed")
        try step(outpost, ["case", "repaired", repair], "step recorded: repaired")
        try step(outpost, ["case", "tested", repair], "step recorded: tested")
        try step(outpost, ["case", "handed-back", repair, "--how", "shipped", "--note", "顺丰 SF1234567890"], "step recorded: handed back")
        try step(outpost, ["case", "resolve", repair], "resolved")
        try step(outpost, ["case", "close", repair], "closed")
        try expectUnchanged(outpost, ["case", "received", replacement], status: 4, message: "allowed now: conditions-confirmed")
        try expectUnchanged(outpost, ["case", "refunded", replacement], status: 4, message: "not a step of a replacement")
        try step(outpost, ["case", "conditions-confirmed", replacement], "step recorded: conditions confirmed")
        try step(outpost, ["case", "received", replacement], "step recorded: product received")
        try step(outpost, ["case", "contact", refund, "--channel", "walk-in", "--outcome", "reached"], "contact recorded")
        try step(outpost, ["case", "wait", refund, "--reason", "等客户寄回"], "waiting")
        try step(outpost, ["case", "received", refund], "Status: waiting → in-progress")
        try step(outpost, ["case", "inspected", refund, "--packaging", "yes", "--unused", "yes", "--receipt", "yes"], "step recorded: inspected")
        try step(outpost, ["case", "refunded", refund, "--note", "原路退回 ¥399"], "step recorded: refunded")
        try step(outpost, ["case", "note", consultation, "--to-customer", "预计明天发货"], "Status: new → in-progress")
        try step(outpost, ["case", "solution", consultation, "告知物流单号"], "solution recorded")
        try step(outpost, ["case", "solution", consultation, "--accepted", "yes"], "solution recorded")
        try step(outpost, ["case", "resolve", consultation], "resolved")
        try step(outpost, ["case", "contact", feedback, "--channel", "walk-in", "--outcome", "reached", "--at", shanghaiTime()], "contact recorded")
        try step(
            outpost, ["case", "edit", feedback, "--severity", "urgent", "--add-tag", "store-hours", "--dept", "店务"],
            "updated severity, department, tags")

        // Listings, read back as JSON.
        let all = try outpost.json(CaseListJSON.self, try outpost("case", "list", "--all", "--json"))
        #expect(all.total == 7)
        #expect(all.deadlines_computed)
        #expect(Set(all.cases.map(\.kind)) == ["consultation", "complaint", "after-sales", "feedback"])
        #expect(Set(all.cases.map(\.channel)) == ["phone", "email", "web", "social", "walk-in"])
        let byNumber = Dictionary(uniqueKeysWithValues: all.cases.map { ($0.number, $0) })
        #expect(byNumber[complaint]?.status == "resolved")
        #expect(byNumber[complaint]?.tier == 2)
        #expect(byNumber[complaint]?.category == "logistics")
        #expect(byNumber[repair]?.status == "closed")
        #expect(byNumber[refund]?.status == "in-progress")
        #expect(byNumber[feedback]?.severity == "urgent")
        #expect(byNumber[feedback]?.tags == ["store-hours"])
        #expect(byNumber[replacement]?.customer_id == "SZ01.8", "the case keeps its customer id")
        #expect(byNumber[replacement]?.customer?.id == "SZ01.5", "and shows under the survivor")
        #expect(
            all.cases.first?.number == byNumber.values.first { $0.severity == "urgent" && $0.status == "in-progress" }?.number,
            "open urgent work first")
        let open = try outpost.json(CaseListJSON.self, try outpost("case", "list", "--json"))
        #expect(open.total == 6, "closed cases are left out unless asked for")
        let waiting = try outpost("case", "list", "--status", "已解决")
        #expect(waiting.lines.count == 4, "a header, the complaint and the consultation: \(waiting)")
        #expect(try outpost.json(CaseListJSON.self, try outpost("case", "list", "--search", "耳机", "--json")).cases.map(\.number) == [refund])
        #expect(
            try outpost.json(CaseListJSON.self, try outpost("case", "list", "--customer", "SZ01.8", "--all", "--json")).total == 3,
            "the duplicate's customer list is the survivor's")
        #expect(try outpost.json(CaseListJSON.self, try outpost("case", "list", "--mine", "--as", "张伟", "--json")).cases.map(\.number) == [complaint])
        let table = try outpost("case", "list", "--all", "--kind", "after-sales", "--severity", "critical")
        #expect(table.lines[1].contains("POS 机无法开机，整个门店无法收…"), "truncated with an ellipsis at a whole character: \(table)")

        // The whole case, read back.
        let detail = try outpost.json(CaseDetailJSON.self, try outpost("case", "show", complaint, "--json"))
        #expect(detail.case.assignee == "张伟")
        #expect(detail.case.department == "物流组")
        #expect(detail.customer?.id == "SZ01.5")
        #expect(detail.counters.contacts == 2)
        #expect(detail.counters.contacts_reached == 1)
        #expect(detail.counters.reopens == 1)
        #expect(detail.opened_by == "王芳")
        #expect(
            detail.events.filter { $0.kind == "status" }.map { $0.status ?? "" }
                == ["new", "in-progress", "waiting", "in-progress", "resolved", "closed", "in-progress", "resolved"])
        #expect(detail.events.first { $0.kind == "escalation" }?.author == "张伟")
        #expect(detail.events.first { $0.kind == "survey" }?.score == 4)
        let text = try outpost("case", "show", complaint)
        #expect(text.standardOutput.contains("Deadlines\n  RULE"), "\(text)")
        #expect(text.standardOutput.contains("first contact (urgent)"), "\(text)")
        #expect(text.standardOutput.contains("Reopened     1 time(s)"))
        #expect(text.standardOutput.contains("→ in-progress (reopened)  “补发的商品也没收到”"))
        let chinese = try outpost("case", "show", complaint, "--lang", "zh")
        #expect(chinese.standardOutput.contains("处理记录"))
        #expect(chinese.standardOutput.contains("\n  紧急程度  紧迫\n"), "\(chinese)")

        // The customer, with the merged record and every case of both.
        let profile = try outpost.json(CustomerProfileJSON.self, try outpost("customer", "show", "SZ01.8", "--json"))
        #expect(profile.customer.id == "SZ01.5")
        #expect(profile.requested == "SZ01.8")
        #expect(profile.merged_records.map(\.id) == ["SZ01.8"])
        #expect(Set(profile.cases.map(\.number)) == [complaint, replacement, feedback])

        // Today's queue.
        let today = try outpost.json(TodayJSON.self, try outpost("today", "--json"))
        #expect(today.staff == "王芳")

        #expect(today.critical.total == 0, "the critical repair is closed")
        #expect(today.urgent_without_contact_today.total == 0, "the urgent feedback was contacted today")
        #expect(today.surveys_to_do.cases.map(\.number) == [repair])
        #expect(Set(today.mine.cases.map(\.number)) == [replacement, refund, feedback, overridden.number])
        let queue = try outpost("today")
        #expect(queue.standardOutput.contains("Surveys to do (closed in the last 7 days) (1)"))

        // No colour when the output is not a terminal.
        #expect(!queue.standardOutput.contains("\u{1B}["))
    }

    /// A step that succeeds and says so.
    func step(_ outpost: OutpostBinary, _ arguments: [String], _ expected: String) throws {
        let run = try outpost.run(arguments)
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains(expected), "\(run)")
        #expect(run.standardError.isEmpty, "\(run)")
    }
}

/// Runs a command that must fail with `status` and a one-line message containing `message`, and
/// checks that every domain table is byte for byte what it was.
func expectUnchanged(
    _ outpost: OutpostBinary, _ arguments: [String], status: Int32, message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let before = try outpost.dump()
    let run = try outpost.run(arguments)
    #expect(run.status == status, "\(run)", sourceLocation: sourceLocation)
    #expect(run.standardError.contains(message), "\(run)", sourceLocation: sourceLocation)
    #expect(run.standardOutput.isEmpty, "\(run)", sourceLocation: sourceLocation)
    #expect(try outpost.dump() == before, "\(arguments) changed the database", sourceLocation: sourceLocation)
}
