import Foundation
import Testing

/// Two `outpost` processes writing to one station file at once (a clerk's command beside
/// another) never issue the same case number (`docs/ARCHITECTURE.md`, "Hybrid clock": read and advanced inside the
/// `BEGIN IMMEDIATE` transaction that uses them).
@Suite struct ConcurrentProcessTests {
    @Test func twoProcessesNeverIssueTheSameCaseNumber() async throws {
        let outpost = try OutpostBinary()
        try #require(outpost("init", "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai").status == 0)
        try #require(outpost("staff", "add", "陈明", "--role", "clerk").status == 0)
        try #require(outpost("customer", "add", "--name", "李雷", "--phone", "13800138000").status == 0)
        let opened = try await withThrowingTaskGroup(of: [String].self) { group in
            for clerk in ["王芳", "陈明"] {
                group.addTask {
                    try (0..<12).map { index in
                        let run = try outpost(
                            "case", "open", "--customer", "13800138000", "--kind", "feedback", "--channel", "web",
                            "--severity", "normal", "--title", "\(clerk) \(index)", "--as", clerk)
                        #expect(run.status == 0, "\(run)")
                        return run.standardOutput
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let numbers = opened.compactMap { output in
            output.split(separator: " ").first { $0.hasPrefix("SZ01-") }.map { String($0) }
        }
        #expect(numbers.count == 24)
        #expect(Set(numbers).count == 24, "case numbers repeated: \(numbers.sorted())")
        let list = try outpost("case", "list", "--all", "--limit", "0", "--json")
        #expect(list.standardOutput.components(separatedBy: "\"number\"").count - 1 == 24)
    }
}
