import Foundation
import Testing

/// A repair, a replacement and a return worked through every step with the built `outpost`
/// binary, as a clerk types them: each step out of order is refused (exit 4) naming the steps
/// allowed, in English and in Chinese, and leaves the database unchanged.
@Suite(.serialized) struct AfterSalesWalkTests {
    /// A station with a manager, a lead and a clerk, and one customer; returns the binary.
    static func counter(_ name: String = #function) throws -> OutpostBinary {
        let outpost = try OutpostBinary(name)
        try #require(try outpost("init", "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai").status == 0)
        try #require(try outpost("staff", "add", "陈静", "--role", "lead", "--as", "王芳").status == 0)
        try #require(try outpost("staff", "add", "李娜", "--role", "clerk", "--as", "王芳").status == 0)
        try #require(try outpost("customer", "add", "--name", "李雷", "--phone", "13800138000", "--as", "李娜").status == 0)
        return outpost
    }

    static func open(_ outpost: OutpostBinary, service: String, _ extra: [String] = []) throws -> String {
        let run = try outpost.run(
            [
                "case", "open", "--customer", "13800138000", "--kind", "after-sales", "--service", service, "--channel", "walk-in",
                "--severity", "normal", "--title", "售后 \(service)", "--json", "--as", "李娜",
            ] + extra)
        try #require(run.status == 0, "\(run)")
        return try outpost.json(OpenedJSON.self, run).number
    }

    func step(_ outpost: OutpostBinary, _ arguments: [String], _ expected: String) throws {
        let run = try outpost.run(arguments + ["--as", "李娜"])
        #expect(run.status == 0, "\(run)")
        #expect(run.standardOutput.contains(expected), "\(run)")
    }

    func refused(_ outpost: OutpostBinary, _ arguments: [String], allowed: String) throws {
        try expectUnchanged(outpost, arguments + ["--as", "李娜"], status: 4, message: "allowed now: \(allowed)")
    }

    @Test func aRepairFromReceiptToHandBack() throws {
        let outpost = try Self.counter()
        let n = try Self.open(outpost, service: "repair", ["--serial", "SN-7788"])
        try refused(outpost, ["case", "repaired", n], allowed: "received, appoint")
        try step(outpost, ["case", "received", n, "--note", "外观无损"], "step recorded: product received")
        try refused(outpost, ["case", "tested", n], allowed: "appoint, diagnosed")
        try step(outpost, ["case", "appoint", n, "--at", "\(shanghaiDate(daysFromToday: 1)) 14:00"], "on-site appointment")
        try expectUnchanged(
            outpost, ["case", "diagnosed", n, "--quote", "180", "--as", "李娜"], status: 1, message: "add --approved yes|no")
        try step(outpost, ["case", "diagnosed", n, "--quote", "180", "--approved", "yes"], "diagnosed")
        try refused(outpost, ["case", "handed-back", n, "--how", "pickup"], allowed: "appoint, repaired")
        try step(outpost, ["case", "repaired", n, "--note", "更换主板电容"], "repaired")
        try step(outpost, ["case", "tested", n], "tested")
        try step(outpost, ["case", "handed-back", n, "--how", "pickup"], "handed back")
        try refused(outpost, ["case", "handed-back", n, "--how", "pickup"], allowed: "none, the repair is finished")
        let chinese = try outpost("case", "repaired", n, "--lang", "zh", "--as", "李娜")
        #expect(chinese.status == 4)
        #expect(chinese.standardError.contains("不能记录「已修好」"), "\(chinese)")
        let shown = try outpost("case", "show", n)
        for text in ["quote ¥180, approved", "handed back (pickup)", "李娜·clerk@SZ01"] {
            #expect(shown.standardOutput.contains(text), "\(shown)")
        }
        // The same serial number again within 3 months: a warranty repair.
        let again = try outpost.run(
            [
                "case", "open", "--customer", "13800138000", "--kind", "after-sales", "--service", "repair", "--channel", "phone",
                "--severity", "normal", "--title", "又坏了", "--serial", "SN-7788", "--as", "李娜",
            ])
        #expect(again.standardOutput.contains("Warranty repair: this serial number was repaired in \(n)"), "\(again)")
    }

    @Test func aReplacementFromConditionsToShipment() throws {
        let outpost = try Self.counter()
        let n = try Self.open(outpost, service: "replacement")
        try refused(outpost, ["case", "received", n], allowed: "conditions-confirmed")
        try step(outpost, ["case", "conditions-confirmed", n], "conditions confirmed")
        try step(outpost, ["case", "received", n], "product received")
        try refused(outpost, ["case", "voucher", n, "--number", "HX-1", "--valid-until", shanghaiDate(daysFromToday: 30)], allowed: "inspected")
        try expectUnchanged(outpost, ["case", "inspected", n, "--passed", "no", "--as", "李娜"], status: 1, message: "--reason")
        try step(outpost, ["case", "inspected", n, "--passed", "no", "--reason", "配件缺失"], "inspected")
        try refused(outpost, ["case", "voucher", n, "--number", "HX-1", "--valid-until", shanghaiDate(daysFromToday: 30)], allowed: "inspected")
        try step(outpost, ["case", "inspected", n, "--passed", "yes", "--note", "客户补齐配件"], "inspected")
        try expectUnchanged(
            outpost, ["case", "voucher", n, "--number", "HX-1", "--valid-until", shanghaiDate(daysFromToday: -1), "--as", "李娜"], status: 1,
            message: "--valid-until")
        try step(outpost, ["case", "voucher", n, "--number", "HX-1", "--valid-until", shanghaiDate(daysFromToday: 30)], "voucher issued")
        try refused(outpost, ["case", "inspected", n, "--passed", "yes"], allowed: "shipped")
        try step(outpost, ["case", "shipped", n, "--note", "顺丰 SF1234567890"], "new product shipped")
        try refused(outpost, ["case", "shipped", n], allowed: "none, the replacement is finished")
    }

    @Test func aReturnFromReceiptToRefund() throws {
        let outpost = try Self.counter()
        let n = try Self.open(outpost, service: "return", ["--purchased", shanghaiDate(daysFromToday: -3)])
        try refused(outpost, ["case", "refunded", n], allowed: "received")
        try step(outpost, ["case", "received", n], "product received")
        try expectUnchanged(
            outpost, ["case", "inspected", n, "--passed", "yes", "--as", "李娜"], status: 1, message: "--packaging, --unused and --receipt")
        try step(outpost, ["case", "inspected", n, "--packaging", "yes", "--unused", "no", "--receipt", "yes"], "inspected")
        try refused(outpost, ["case", "refunded", n], allowed: "inspected")
        try step(outpost, ["case", "inspected", n, "--packaging", "yes", "--unused", "yes", "--receipt", "yes"], "inspected")
        try step(outpost, ["case", "refunded", n, "--note", "原路退回 ¥399"], "refunded")
        try refused(outpost, ["case", "refunded", n], allowed: "none, the return is finished")
        // Editing the purchase date is checked against the 7-day rule, measured when the return
        // was asked for; a clerk cannot set it aside, a lead can.
        let late = shanghaiDate(daysFromToday: -20)
        try expectUnchanged(outpost, ["case", "edit", n, "--purchased", late, "--as", "李娜"], status: 4, message: "7 days of purchase")
        try expectUnchanged(
            outpost, ["case", "edit", n, "--purchased", late, "--override", "店长同意", "--as", "李娜"], status: 4,
            message: "needs a lead or above")
        #expect(try outpost("case", "edit", n, "--purchased", late, "--override", "质量问题，同意退货", "--as", "陈静").status == 0)
        let shown = try outpost("case", "show", n)
        #expect(shown.standardOutput.contains("purchased: \(shanghaiDate(daysFromToday: -3)) → \(late)"), "\(shown)")
        #expect(shown.standardOutput.contains("陈静·lead@SZ01"), "\(shown)")
        #expect(shown.standardOutput.contains("7-day return window: “质量问题，同意退货”"), "\(shown)")
    }
}
