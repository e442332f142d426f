import Foundation
import Testing

/// The command line's promises that are not about one day's work: help with examples, exit codes,
/// the language, and what happens without a database.
@Suite struct CommandLineTests {
    static let commands: [[String]] = [
        ["customer"], ["customer", "add"], ["customer", "find"], ["customer", "show"], ["customer", "edit"], ["customer", "merge"],
        ["case"], ["case", "open"], ["case", "list"], ["case", "show"], ["case", "note"], ["case", "contact"], ["case", "assign"],
        ["case", "escalate"], ["case", "wait"], ["case", "resume"], ["case", "solution"], ["case", "received"], ["case", "repaired"],
        ["case", "shipped"], ["case", "refunded"], ["case", "resolve"], ["case", "close"], ["case", "reopen"], ["case", "survey"],
        ["case", "revisit"], ["case", "edit"], ["today"],
        ["case", "take"], ["case", "ack"], ["case", "warned"], ["case", "reported"], ["case", "appoint"], ["case", "diagnosed"],
        ["case", "tested"], ["case", "handed-back"], ["case", "conditions-confirmed"], ["case", "inspected"], ["case", "voucher"],
        ["case", "settle"], ["staff"], ["staff", "add"], ["staff", "list"], ["staff", "edit"], ["staff", "leave"],
        ["calendar"], ["calendar", "show"], ["calendar", "holiday"], ["calendar", "holiday", "add"], ["calendar", "holiday", "remove"],
        ["calendar", "workday"], ["calendar", "workday", "add"], ["calendar", "hours"], ["calendar", "hours", "set"],
        ["calendar", "region"], ["calendar", "region", "set"], ["sla"], ["sla", "show"], ["sla", "set"], ["sla", "report"], ["report"],
    ]

    @Test(arguments: commands)
    func everyCommandsHelpHasAnExample(command: [String]) throws {
        let outpost = try OutpostBinary()
        let help = try outpost.run(command + ["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("Example"), "\(help)")
        #expect(help.standardOutput.contains("outpost \(command.joined(separator: " "))"), "\(help)")
    }

    @Test func theRootHelpDocumentsTheExitCodes() throws {
        let help = try OutpostBinary()("--help")
        let text = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            text.contains(
                "Exit codes: 0 ok, 1 user error, 2 usage, 3 not found, 4 conflict or refused transition, 5 relay unreachable (changes kept in the outbox)."
            ))
        for command in ["init", "customer", "case", "today"] { #expect(help.standardOutput.contains(command)) }
    }

    @Test func usageErrorsExitWithTwo() throws {
        let outpost = try OutpostBinary()
        let run = try outpost("case", "list", "--no-such-option")
        #expect(run.status == 2)
        #expect(run.standardError.contains("Unknown option '--no-such-option'"))
    }

    @Test func withoutADatabaseTheClerkIsToldWhatToType() throws {
        let outpost = try OutpostBinary()
        let run = try outpost("today")
        #expect(run.status == 3)
        #expect(run.standardError.contains("run `outpost init --station CODE` first"))
    }

    @Test func chineseFromLangOrTheOption() throws {
        let outpost = try OutpostBinary()
        try outpost("init", "--station", "GZ02", "--staff", "李娜", "--time-zone", "Asia/Shanghai")
        try outpost("customer", "add", "--name", "王小明", "--phone", "13600000000")
        let opened = try outpost(
            "case", "open", "--customer", "13600000000", "--kind", "咨询", "--channel", "网页", "--severity", "一般",
            "--title", "发票", environment: ["LANG": "zh_CN.UTF-8"])
        #expect(opened.standardOutput.hasPrefix("已创建案件 GZ02-"), "\(opened)")
        #expect(opened.standardOutput.contains("时限\n  规则"), "\(opened)")
        let number = String(opened.standardOutput.split(separator: " ")[1].prefix(18))
        let refused = try outpost("case", "close", number, "--lang", "zh")
        #expect(refused.status == 4)
        #expect(refused.standardError.hasPrefix("outpost: 案件 \(number) 不能关闭：它是新建的，还没有处理过；现在可以：contact（记录联系）"), "\(refused)")
        let english = try outpost("case", "close", number, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"])
        #expect(english.standardError.contains("cannot close"), "LC_ALL wins over LANG")
        let list = try outpost("case", "list", "--lang", "zh")
        #expect(list.lines[0] == "编号                紧急程度  状态  类型  客户    标题  负责人  创建时间          最近到期", "\(list)")
        #expect(list.lines[1].hasPrefix("\(number)  一般      新建  咨询  王小明  发票  李娜    "), "\(list)")
        let badLanguage = try outpost("today", "--lang", "fr")
        #expect(badLanguage.status == 2)
    }

    @Test func addAndOpenCanPrintJSONForScripts() throws {
        let outpost = try OutpostBinary()
        try outpost("init", "--station", "SZ03", "--staff", "王芳", "--time-zone", "Asia/Shanghai")
        let added = try outpost.json(CustomerJSON.self, try outpost("customer", "add", "--name", "Zhang Wei", "--email", "ZW@Example.com", "--json"))
        #expect(added.id == "SZ03.3")
        #expect(added.emails == ["zw@example.com"])
        #expect(added.phones.isEmpty)
        let opened = try outpost.json(
            OpenedJSON.self,
            try outpost(
                "case", "open", "--customer", "zw@example.com", "--kind", "feedback",
                "--channel", "email", "--severity", "normal", "--title", "Thanks", "--json"))
        #expect(opened.id.hasPrefix("SZ03."))
        let edited = try outpost("customer", "edit", "SZ03.3", "--add-phone", "010 6552 9988", "--note", "prefers email")
        #expect(edited.status == 0, "\(edited)")
        let shown = try outpost.json(CustomerProfileJSON.self, try outpost("customer", "show", "+86 10 6552 9988", "--json"))
        #expect(shown.customer.phones == ["+861065529988"])
        #expect(shown.customer.note == "prefers email")
        #expect(shown.cases.map(\.number) == [opened.number])
    }
}
