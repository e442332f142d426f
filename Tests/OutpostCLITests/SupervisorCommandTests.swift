import Foundation
import Testing

/// `outpost-relay supervisor add|list|revoke`, run as the operator runs them: the token shown
/// once and never stored, names unique, revocation listed.
@Suite struct SupervisorCommandTests {
    @Test func addListRevoke() throws {
        let relay = try OutpostBinary(executable: "outpost-relay")
        let database = relay.directory.appendingPathComponent("relay.db").path
        let added = try relay.run(["supervisor", "add", "李娜", "--db", database], database: false)
        #expect(added.status == 0, "\(added)")
        let token = try #require(
            added.lines.map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        #expect(added.standardOutput.contains("/board/sign-in"))
        // Only the hash is kept: the token's text is nowhere in the relay's files.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: database + suffix))) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "relay.db\(suffix)")
        }
        let listed = try relay.run(["supervisor", "list", "--db", database], database: false)
        #expect(listed.lines.contains { $0.hasPrefix("李娜") && $0.contains("active") && $0.contains("never") }, "\(listed)")

        let again = try relay.run(["supervisor", "add", "李娜", "--db", database], database: false)
        #expect(again.status == 1 && again.standardError.contains("already exists"), "\(again)")
        let chinese = try relay.run(["supervisor", "revoke", "王强", "--db", database], environment: ["LANG": "zh_CN.UTF-8"], database: false)
        #expect(chinese.status != 0 && chinese.standardError.contains("这里没有主管 王强"), "\(chinese)")
        let blank = try relay.run(["supervisor", "add", "  ", "--db", database], database: false)
        #expect(blank.status != 0 && !blank.standardError.isEmpty, "\(blank)")

        let revoked = try relay.run(["supervisor", "revoke", "李娜", "--db", database], database: false)
        #expect(revoked.status == 0, "\(revoked)")
        let after = try relay.run(["supervisor", "list", "--db", database], database: false)
        #expect(after.lines.contains { $0.hasPrefix("李娜") && $0.contains("revoked") }, "\(after)")
        let unknown = try relay.run(["supervisor", "revoke", "nobody", "--db", database], database: false)
        #expect(unknown.status == 3 && unknown.standardError.contains("no supervisor nobody"), "\(unknown)")
    }
}
