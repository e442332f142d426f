import Foundation
import Testing

/// `outpost demo`, and the conflict and provenance commands on the databases it leaves.
@Suite struct DemoAndConflictsTests {
    /// Runs the demo keeping its databases; returns the folder, the output and the case number.
    func demo(_ outpost: OutpostBinary) throws -> (folder: String, output: String, number: String) {
        let folder = outpost.directory.appendingPathComponent("demo").path
        let run = try outpost("demo", "--keep", folder, database: false)
        #expect(run.status == 0, "\(run)")
        let opened = run.lines.first { $0.contains("opened ") && $0.contains(" for ") } ?? ""
        let number = opened.split(separator: " ").drop { $0 != "opened" }.dropFirst().first.map(String.init) ?? ""
        return (folder, run.standardOutput, number)
    }

    @Test func theDemoShowsTheConflictAndTheSettlement() throws {
        let outpost = try OutpostBinary()
        let (folder, output, number) = try demo(outpost)
        #expect(number.hasPrefix("SZ01-"))
        #expect(output.contains("[open]"))
        #expect(output.contains("critical"))
        #expect(output.contains("policy highestRank"))
        #expect(output.contains("policy openWins"))
        #expect(output.contains("[settled]"))
        #expect(output.contains("settled: normal by chen.jing at GZ02") || output.contains("settled: urgent by chen.jing at GZ02"))
        #expect(output.contains("the two lists are identical"))
        #expect(!output.contains("DIFFERENT"))
        #expect(output.contains("$ outpost case note --db sz.db"))
        // What the demo runs is what it prints, and it says why the status shows new.
        #expect(output.contains("$ outpost case resolve --db gz.db \(number) --note \"restarted the device remotely\""))
        #expect(output.contains("openWins keeps the case open") && output.contains("it shows the latest open head"))
        #expect(output.contains("listed again under a new id"))
        for file in ["sz.db", "gz.db", "relay.db"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file))
        }
    }

    @Test func conflictsListShowSettleAndTheRefusal() throws {
        let outpost = try OutpostBinary()
        let (folder, _, number) = try demo(outpost)
        let sz = folder + "/sz.db"
        let gz = folder + "/gz.db"
        // After the demo one conflict is open (status), the same on both stations.
        let listSZ = try outpost("conflicts", "list", "--db", sz, database: false)
        let listGZ = try outpost("conflicts", "list", "--db", gz, database: false)
        #expect(listSZ.status == 0, "\(listSZ)")
        #expect(listSZ.standardOutput == listGZ.standardOutput)
        #expect(listSZ.standardOutput.contains(number))
        #expect(listSZ.standardOutput.contains("· status"))
        #expect(listSZ.standardOutput.contains("GZ02, chen.jing"))

        let json = try outpost("conflicts", "list", "--db", sz, "--json", database: false)
        let entries = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        let id = try #require(entries.first?["id"] as? String)
        #expect(entries.first?["policy"] as? String == "openWins")
        #expect(entries.first?["shown"] as? String == "new")

        let show = try outpost("conflicts", "show", "--db", sz, id, database: false)
        #expect(show.status == 0, "\(show)")
        #expect(show.standardOutput.contains("History of the field"))
        #expect(show.standardOutput.contains("closed"))

        // A note at SZ01 writes the status again over the head it shows: the heads change.
        let note = try outpost("case", "note", "--db", sz, "--as", "li.wei", number, "still black", database: false)
        #expect(note.status == 0, "\(note)")
        let stale = try outpost("conflicts", "settle", "--db", sz, "--as", "li.wei", id, "--keep-shown", database: false)
        #expect(stale.status == 3, "\(stale)")
        #expect(stale.standardError.contains("heads changed, list again"))
        // `conflicts show` says the same of the same id.
        let staleShow = try outpost("conflicts", "show", "--db", sz, id, database: false)
        #expect(staleShow.status == 3 && staleShow.standardError == stale.standardError, "\(staleShow)")

        let fresh = try outpost("conflicts", "list", "--db", sz, "--json", database: false)
        let freshEntries = try JSONSerialization.jsonObject(with: Data(fresh.standardOutput.utf8)) as? [[String: Any]] ?? []
        let newID = try #require(freshEntries.first?["id"] as? String)
        #expect(newID != id)
        let settle = try outpost("conflicts", "settle", "--db", sz, "--as", "li.wei", newID, "--pick", "1", "--note", "checked", database: false)
        #expect(settle.status == 0, "\(settle)")
        let after = try outpost("conflicts", "list", "--db", sz, database: false)
        #expect(after.standardOutput.contains("no conflicts"))
        let all = try outpost("conflicts", "list", "--db", sz, "--all", database: false)
        #expect(all.standardOutput.contains("[settled]"))
        #expect(all.standardOutput.contains("by li.wei at SZ01"))

        let usage = try outpost("conflicts", "settle", "--db", sz, newID, database: false)
        #expect(usage.status == 2)
    }

    /// Under `--lang zh`, fields and vocabulary read in Chinese and edit times in the station's
    /// zone (`2026-11-30 10:30`, Shanghai); `--json` keeps the columns, stored values and UTC.
    @Test func conflictsAndExplainSpeakChineseWithTheStationsTimes() throws {
        let outpost = try OutpostBinary()
        let (folder, _, number) = try demo(outpost)
        let sz = folder + "/sz.db"
        let json = try outpost("conflicts", "list", "--all", "--db", sz, "--json", database: false)
        let entries = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]] ?? []
        let open = try #require(entries.first { $0["open"] as? Bool == true })
        #expect(open["field"] as? String == "status" && open["shown"] as? String == "new", "\(json)")
        let edited = try #require((open["values"] as? [[String: Any]])?.first?["edited"] as? String)
        #expect(edited.hasSuffix("Z"), "JSON times stay UTC: \(edited)")
        // The same instant as a clerk in Shenzhen reads it.
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let local = formatter.string(from: try #require(parser.date(from: edited)))

        let list = try outpost("conflicts", "list", "--all", "--db", sz, "--lang", "zh", database: false)
        #expect(list.status == 0, "\(list)")
        for expected in ["· 状态", "· 紧急程度", "当前显示：新建", "[已解决]", "已解决：", local] {
            #expect(list.standardOutput.contains(expected), "\(expected): \(list)")
        }
        for english in ["· status", "· severity", "shown:", "critical", "T0", "Z\n"] {
            #expect(!list.standardOutput.contains(english), "\(english): \(list)")
        }
        let show = try outpost("conflicts", "show", try #require(open["id"] as? String), "--db", sz, "--lang", "zh", database: false)
        #expect(show.standardOutput.contains("已关闭") && show.standardOutput.contains(local), "\(show)")
        #expect(!show.standardOutput.contains("closed"), "\(show)")

        let explain = try outpost("explain", number, "--db", sz, "--lang", "zh", database: false)
        #expect(explain.status == 0, "\(explain)")
        for expected in ["  紧急程度：", "  状态：新建", "覆盖了：  非常紧迫", "  类型：售后"] {
            #expect(explain.standardOutput.contains(expected), "\(expected): \(explain)")
        }
        #expect(!explain.standardOutput.contains("  severity:") && !explain.standardOutput.contains("Z\n"), "\(explain)")
    }

    @Test func explainNamesStationStaffAndWhatWasOverwritten() throws {
        let outpost = try OutpostBinary()
        let (folder, _, number) = try demo(outpost)
        let run = try outpost("explain", "--db", folder + "/sz.db", number, database: false)
        #expect(run.status == 0, "\(run)")
        let text = run.standardOutput
        #expect(text.contains(number))
        // The title was set at SZ01 by li.wei when the case was opened and never overwritten.
        let title = run.lines.drop { !$0.hasPrefix("  title:") }.prefix(2)
        #expect(title.last?.contains("set:") == true && title.last?.contains("SZ01, li.wei") == true, "\(run)")
        // The severity was settled at GZ02, overwriting both competing values.
        let severity = Array(run.lines.drop { !$0.hasPrefix("  severity:") }.prefix(5))
        #expect(severity.count == 5, "\(run)")
        #expect(severity[1].contains("set:") && severity[1].contains("GZ02, chen.jing"), "\(run)")
        #expect(severity.contains { $0.contains("overwrote: critical") && $0.contains("SZ01, li.wei") }, "\(run)")
        #expect(severity.contains { $0.contains("overwrote: urgent") }, "\(run)")

        let customer = try outpost("explain", "--db", folder + "/gz.db", "13800138000", database: false)
        #expect(customer.status == 0, "\(customer)")
        #expect(customer.standardOutput.contains("Wang Fang"))
    }

    @Test func duplicatesListsCustomersFromDifferentStationsUntilMerged() throws {
        let outpost = try OutpostBinary()
        let (folder, _, _) = try demo(outpost)
        let gz = folder + "/gz.db"
        let none = try outpost("conflicts", "list", "--duplicates", "--db", gz, database: false)
        #expect(none.status == 0, "\(none)")
        #expect(none.standardOutput.contains("no possible duplicate customers"), "\(none)")

        // GZ02 adds Wang Fang again (SZ01 created her in the demo), and two records of its own
        // sharing an email: the same station's pair was warned about by `customer add`.
        let added = try outpost("customer", "add", "--db", gz, "--as", "chen.jing", "--name", "王芳", "--phone", "138-0013-8000", database: false)
        #expect(added.status == 0, "\(added)")
        #expect(added.standardError.contains("has the same phone or email"), "\(added)")
        let duplicate = try #require(added.lines.first?.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) })
        #expect(duplicate.hasPrefix("GZ02."))
        try outpost("customer", "add", "--db", gz, "--name", "Li Lei", "--email", "lilei@example.com", database: false)
        let sameStation = try outpost("customer", "add", "--db", gz, "--name", "李雷", "--email", "LiLei@example.com", database: false)
        #expect(sameStation.standardError.contains("has the same phone or email"), "\(sameStation)")

        let text = try outpost("conflicts", "list", "--duplicates", "--db", gz, database: false)
        #expect(text.status == 0, "\(text)")
        #expect(text.standardOutput.contains("1 possible duplicate customer pair(s)"), "\(text)")
        #expect(text.standardOutput.contains("Wang Fang  created at SZ01"), "\(text)")
        #expect(text.standardOutput.contains("王芳  created at GZ02"), "\(text)")
        #expect(text.standardOutput.contains("shared: phone 138 0013 8000"), "\(text)")
        #expect(!text.standardOutput.contains("lilei@example.com"), "a pair of one station is not listed")
        let chinese = try outpost("conflicts", "list", "--duplicates", "--db", gz, "--lang", "zh", database: false)
        #expect(chinese.standardOutput.contains("疑似重复的客户"), "\(chinese)")
        #expect(chinese.standardOutput.contains("相同：电话 138 0013 8000"), "\(chinese)")

        let json = try outpost("conflicts", "list", "--duplicates", "--db", gz, "--json", database: false)
        let pairs = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]] ?? []
        #expect(pairs.count == 1, "\(json)")
        let keep = try #require(pairs.first?["keep"] as? [String: Any])
        #expect(keep["station"] as? String == "SZ01")
        #expect(keep["cases"] as? Int == 1, "the demo's case")
        #expect((pairs.first?["duplicate"] as? [String: Any])?["id"] as? String == duplicate)
        #expect(pairs.first?["phones"] as? [String] == ["+8613800138000"])
        let command = try #require(pairs.first?["command"] as? String)
        let kept = try #require(keep["id"] as? String)
        #expect(command == "outpost customer merge \(duplicate) --into \(kept)")
        #expect(text.standardOutput.contains(command))

        // Running the command it names joins them; the pair is no longer listed.
        let merge = try outpost.run(
            Array(command.split(separator: " ").dropFirst().map(String.init)) + ["--db", gz, "--as", "chen.jing"], database: false)
        #expect(merge.status == 0, "\(merge)")
        let after = try outpost("conflicts", "list", "--duplicates", "--db", gz, database: false)
        #expect(after.standardOutput.contains("no possible duplicate customers"), "\(after)")

        let usage = try outpost("conflicts", "list", "--duplicates", "--all", "--db", gz, database: false)
        #expect(usage.status == 2, "\(usage)")
    }
}

/// `outpost-relay conflicts` and `stats` on the relay the demo leaves.
@Suite struct RelayInspectionTests {
    /// The demo's stations and relay kept in a folder, and the relay's binary.
    static func keptDemo() throws -> (outpost: OutpostBinary, folder: String, relay: OutpostBinary) {
        let outpost = try OutpostBinary()
        let folder = outpost.directory.appendingPathComponent("demo").path
        let demo = try outpost("demo", "--keep", folder, database: false)
        #expect(demo.status == 0, "\(demo)")
        return (outpost, folder, try OutpostBinary(executable: "outpost-relay"))
    }

    @Test func theRelayReportsTheDemosConflictAndStats() throws {
        let (outpost, folder, relayBinary) = try Self.keptDemo()
        func relay(_ arguments: String..., database: Bool) throws -> OutpostBinary.Run {
            try relayBinary.run(arguments, database: database)
        }
        let conflicts = try relay("conflicts", "--db", folder + "/relay.db", database: false)
        #expect(conflicts.status == 0, "\(conflicts)")
        #expect(conflicts.standardOutput.contains("· status  shown: new"), "\(conflicts)")
        let onStation = try outpost("conflicts", "list", "--db", folder + "/sz.db", "--json", database: false)
        let stationIDs = (try JSONSerialization.jsonObject(with: Data(onStation.standardOutput.utf8)) as? [[String: Any]] ?? []).compactMap {
            $0["id"] as? String
        }
        let relayJSON = try relay("conflicts", "--db", folder + "/relay.db", "--json", database: false)
        let relayIDs = (try JSONSerialization.jsonObject(with: Data(relayJSON.standardOutput.utf8)) as? [[String: Any]] ?? []).compactMap {
            $0["id"] as? String
        }
        #expect(!relayIDs.isEmpty && relayIDs == stationIDs)
        let stats = try relay("stats", "--db", folder + "/relay.db", database: false)
        #expect(stats.status == 0, "\(stats)")
        #expect(stats.standardOutput.contains("stations:        2"), "\(stats)")
        #expect(stats.standardOutput.contains("open conflicts:  1"), "\(stats)")
    }
}

/// Every `outpost-relay` command speaks Chinese under `--lang zh`: labels, messages and refusals.
@Suite struct RelayInChineseTests {
    @Test func relayCommandsSpeakChinese() throws {
        let (_, folder, relayBinary) = try RelayInspectionTests.keptDemo()
        func relay(_ arguments: String...) throws -> OutpostBinary.Run {
            try relayBinary.run(arguments + ["--db", folder + "/relay.db"], database: false)
        }
        let conflicts = try relay("conflicts", "--lang", "zh")
        #expect(conflicts.status == 0, "\(conflicts)")
        #expect(conflicts.standardOutput.contains("· 状态  当前显示：新建"), "\(conflicts)")
        let stats = try relay("stats", "--lang", "zh")
        #expect(stats.standardOutput.contains("未解决冲突：1"), "\(stats)")
        let added = try relay("station", "add", "GZ09", "--lang", "zh")
        #expect(added.status == 0 && added.standardOutput.contains("站点 GZ09 已登记"), "\(added)")
        let list = try relay("station", "list", "--lang", "zh")
        #expect(list.standardOutput.contains("代码") && list.standardOutput.contains("有效"), "\(list)")
        let again = try relay("station", "add", "GZ09", "--lang", "zh")
        #expect(again.status != 0 && again.standardError.contains("站点 GZ09 已登记：请换一个代码"), "\(again)")
        let unknown = try relay("station", "revoke", "XX99", "--lang", "zh")
        #expect(unknown.status == 3 && unknown.standardError.contains("这里没有登记站点 XX99"), "\(unknown)")
        let badCode = try relay("station", "add", "sz", "--lang", "zh")
        #expect(badCode.status == 1 && badCode.standardError.contains("站点代码「sz」无效"), "\(badCode)")
        let supervisor = try relay("supervisor", "add", "李娜", "--lang", "zh")
        #expect(supervisor.standardOutput.contains("主管 李娜 已添加"), "\(supervisor)")
        let supervisors = try relay("supervisor", "list", "--lang", "zh")
        #expect(supervisors.standardOutput.contains("最近登录"), "\(supervisors)")
        let revoked = try relay("supervisor", "revoke", "李娜", "--lang", "zh")
        #expect(revoked.standardOutput.contains("主管 李娜 的令牌已吊销"), "\(revoked)")
        let report = try relay("report", "week", "--lang", "zh")
        #expect(report.status == 0 && !report.standardOutput.isEmpty, "\(report)")
        let french = try relay("stats", "--lang", "fr")
        #expect(french.status == 64 && french.standardError.contains("expected en or zh"), "\(french)")
        #expect(!french.standardError.contains("Fatal error"), "\(french)")
    }
}
