import Foundation
import OutpostTestSupport
import Testing

/// `--lang zh` on the commands that set up and sync a station: each speaks Chinese, its
/// refusals included, and an unknown language is a usage error.
@Suite struct ChineseSyncCommandsTests {
    @Test func initStatusSyncVerifyAndReenrolSpeakChinese() throws {
        let outpost = try OutpostBinary()
        let folder = outpost.directory.path
        let relayBinary = try OutpostBinary(executable: "outpost-relay")
        let relayDB = folder + "/relay.db"
        func token(_ code: String) throws -> String {
            let text = try relayBinary.run(["station", "add", code, "--db", relayDB], database: false).standardOutput
            return try #require(text.firstMatch(of: /[0-9a-f]{64}/).map { String($0.output) }, "no token in: \(text)")
        }
        let szToken = try token("SZ01")
        let relay = try VerifyCommandTests.ServedRelay(executable: relayBinary.url, database: relayDB)
        defer { relay.stop() }
        let sz = folder + "/sz.db"

        let created = try outpost(
            "init", "--db", sz, "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai",
            "--relay", relay.url, "--token", szToken, "--lang", "zh", database: false)
        #expect(created.status == 0, "\(created)")
        #expect(created.standardOutput.contains("站点 SZ01 已创建于"), "\(created)")
        #expect(created.standardOutput.contains("首次同步完成"), "\(created)")

        #expect(try outpost("customer", "add", "--db", sz, "--name", "李雷", "--phone", "13800138000", database: false).status == 0)
        let status = try outpost("status", "--db", sz, "--lang", "zh", database: false)
        #expect(status.status == 0, "\(status)")
        #expect(status.standardOutput.contains("未发送变更") && status.standardOutput.contains("上次同步"), "\(status)")

        let synced = try outpost("sync", "--db", sz, "--lang", "zh", database: false)
        #expect(synced.standardOutput.contains("已同步：推送 1"), "\(synced)")
        let verified = try outpost("verify", "--db", sz, "--lang", "zh", database: false)
        #expect(verified.status == 0 && verified.standardOutput.contains("与中继一致"), "\(verified)")

        // A refusal in Chinese: a token the relay does not know.
        #expect(
            try outpost(
                "relay", "set", "--db", sz, "--url", relay.url, "--token", String(repeating: "0", count: 64), "--lang", "zh",
                database: false
            ).standardOutput.contains("中继已设为"))
        let refused = try outpost("sync", "--db", sz, "--lang", "zh", database: false)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.standardError.contains("中继不认识本站点的令牌"), "\(refused)")
        let refusedStatus = try outpost("status", "--db", sz, "--lang", "zh", database: false)
        #expect(refusedStatus.standardOutput.contains("中继不认识本站点的令牌"), "the last error in Chinese too: \(refusedStatus)")

        // The missing database and an unknown language.
        let missing = try outpost("status", "--db", folder + "/none.db", "--lang", "zh", database: false)
        #expect(missing.status == 3 && missing.standardError.contains("没有站点数据库"), "\(missing)")
        let unknown = try outpost("sync", "--db", sz, "--lang", "fr", database: false)
        #expect(unknown.status == 2, "\(unknown)")
    }

    @Test func anUnreachableRelayHasItsOwnExitCodeInEitherLanguage() throws {
        let outpost = try OutpostBinary()
        let db = outpost.directory.path + "/sz.db"
        #expect(try outpost("init", "--db", db, "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai", database: false).status == 0)
        // Port 9 (discard) on loopback: nothing listens there.
        #expect(
            try outpost(
                "relay", "set", "--db", db, "--url", "http://127.0.0.1:9", "--token", String(repeating: "a", count: 64),
                database: false
            ).status == 0)
        let english = try outpost("sync", "--db", db, database: false)
        #expect(english.status == 5 && english.standardError.contains("cannot reach the relay"), "\(english)")
        let chinese = try outpost("sync", "--db", db, "--lang", "zh", database: false)
        #expect(chinese.status == 5 && chinese.standardError.contains("无法连接"), "\(chinese)")
    }
}
