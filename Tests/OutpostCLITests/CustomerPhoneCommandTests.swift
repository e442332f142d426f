import Foundation
import Testing

/// `customer find` and `customer show` through the built binary: a phone is found in the forms
/// clerks type, shown as they read it and in the order the customer gave it, and kept in E.164
/// for scripts.
@Suite struct CustomerPhoneCommandTests {
    /// A station with a Shenzhen customer who gave the landline before the mobile, a mobile with
    /// 755 in its middle, and a London number.
    func counter(_ name: String = #function) throws -> OutpostBinary {
        let outpost = try OutpostBinary(name)
        try #require(try outpost("init", "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai").status == 0)
        let added = try outpost("customer", "add", "--name", "深圳客户", "--phone", "0755-8888 1234", "--phone", "138 0013 8000")
        try #require(added.standardOutput == "Added customer SZ01.3: 深圳客户\n", "\(added)")
        try #require(try outpost("customer", "add", "--name", "王五", "--phone", "139 7550 0000").status == 0)
        try #require(try outpost("customer", "add", "--name", "Acme Trading", "--phone", "+44 20 7946 0958").status == 0)
        return outpost
    }

    @Test func findTakesThePhoneAsClerksTypeItAndShowsItAsTheyReadIt() throws {
        let outpost = try counter()
        let table = """
            ID      NAME      CONTACT  PHONES                         EMAILS
            SZ01.3  深圳客户  —        0755-8888 1234, 138 0013 8000  —

            """
        for typed in ["0755", "0755-8888 1234", "138 0013 8000", "8000", "1234"] {
            let found = try outpost("customer", "find", typed)
            #expect(found.status == 0 && found.standardOutput == table, "\(found)")
        }
        let london = try outpost("customer", "find", "0958")
        #expect(london.lines[1] == "SZ01.5  Acme Trading  —        +44 20 7946 0958  —", "\(london)")
        let lookalike = try outpost("customer", "find", "755 0000")
        #expect(lookalike.lines[1] == "SZ01.4  王五  —        139 7550 0000  —", "\(lookalike)")
    }

    @Test func jsonKeepsE164InTheOrderGiven() throws {
        let outpost = try counter()
        let found = try outpost.json([CustomerJSON].self, try outpost("customer", "find", "0755", "--json"))
        #expect(found.map(\.id) == ["SZ01.3"])
        #expect(found.first?.phones == ["+8675588881234", "+8613800138000"], "the landline was given first")
        let shown = try outpost.json(CustomerProfileJSON.self, try outpost("customer", "show", "0755 8888 1234", "--json"))
        #expect(shown.customer.phones == ["+8675588881234", "+8613800138000"])
    }

    @Test func showListsTheFirstGivenPhoneFirstInEitherLanguage() throws {
        let outpost = try counter()
        let edited = try outpost("customer", "edit", "SZ01.3", "--add-phone", "020 8888 6666")
        #expect(edited.status == 0, "\(edited)")
        let shown = try outpost("customer", "show", "SZ01.3")
        #expect(shown.lines.contains("  Phones   0755-8888 1234, 138 0013 8000, 020-8888 6666"), "\(shown)")
        let chinese = try outpost("customer", "show", "SZ01.3", "--lang", "zh")
        #expect(chinese.lines.contains("  电话      0755-8888 1234, 138 0013 8000, 020-8888 6666"), "\(chinese)")
        let found = try outpost("customer", "find", "8000", "--lang", "zh")
        #expect(found.lines[0].hasPrefix("编号    姓名      联系人  电话"), "\(found)")
        #expect(found.lines[1] == "SZ01.3  深圳客户  —      0755-8888 1234, 138 0013 8000, 02…  —", "a narrow column keeps the first given: \(found)")
        let opened = try outpost(
            "case", "open", "--customer", "138 0013 8000", "--kind", "complaint", "--channel", "phone", "--severity", "normal",
            "--title", "退款慢", "--json")
        let number = try outpost.json(OpenedJSON.self, opened).number
        let detail = try outpost("case", "show", number)
        #expect(detail.lines.contains("  Customer     深圳客户 (SZ01.3) 0755-8888 1234"), "the first-given phone is the one to call: \(detail)")
    }

    @Test func nothingFoundIsSaidInEitherLanguage() throws {
        let outpost = try counter()
        let none = try outpost("customer", "find", "0371")
        #expect(none.status == 0 && none.standardOutput == "No customer matches “0371”.\n", "\(none)")
        let chinese = try outpost("customer", "find", "0371", "--lang", "zh")
        #expect(chinese.standardOutput == "没有匹配「0371」的客户。\n", "\(chinese)")
    }
}
