import Foundation
import OutpostTestSupport
import Testing

/// The deadline lines of `case open` and `case show` as a clerk reads them, with the station's
/// wall clock set by libfaketime to local times in Asia/Shanghai (frozen during each command), and
/// every due time computed by hand across the 2026 National Day week.
@Suite struct DeadlineCommandTests {
    /// One station whose every command runs at a faked local time.
    struct FakedStation {
        let outpost: OutpostBinary
        let faketime: String

        /// Runs `outpost` with the wall clock frozen at `time`, `YYYY-MM-DD HH:MM` in Asia/Shanghai.
        @discardableResult
        func run(at time: String, _ arguments: String...) throws -> OutpostBinary.Run {
            let spawned = try Spawned(
                faketime, ["-f", "\(time):00", outpost.url.path] + arguments + ["--db", outpost.database], in: outpost.directory,
                environment: ["FAKETIME_DONT_FAKE_MONOTONIC": "1", "TZ": "Asia/Shanghai"])
            let run = spawned.run()
            #expect(run.status == 0, "\(run)")
            return run
        }
    }

    /// The rows of the "Deadlines" section: title → (due, state).
    static func deadlines(_ run: OutpostBinary.Run) -> [String: (due: String, state: String)] {
        var rows = [String: (due: String, state: String)]()
        guard let start = run.lines.firstIndex(of: "Deadlines") else { return rows }
        for line in run.lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { break }
            let cells = trimmed.split(separator: /\s{2,}/).map(String.init)
            guard cells.count == 3, cells[0] != "RULE" else { continue }
            rows[cells[0]] = (cells[1], cells[2])
        }
        return rows
    }

    static func expect(
        _ run: OutpostBinary.Run, _ title: String, due: String, _ state: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let row = deadlines(run)[title]
        #expect(row?.due == due, "\(title)\n\(run)", sourceLocation: sourceLocation)
        #expect(row?.state == state, "\(title)\n\(run)", sourceLocation: sourceLocation)
    }

    @Test(
        .enabled(
            if: FaultTools.faketime != nil, "faketime is not installed (Debian: apt-get install faketime); deadlines under a set clock not tested"))
    func anUrgentPhoneComplaintAndARepairAcrossTheNationalDayWeek() throws {
        let station = FakedStation(outpost: try OutpostBinary(), faketime: FaultTools.faketime!)
        defer { try? FileManager.default.removeItem(at: station.outpost.directory) }
        try station.run(at: "2026-09-28 09:00", "init", "--station", "SZ01", "--staff", "王芳", "--time-zone", "Asia/Shanghai")
        try station.run(at: "2026-09-28 09:00", "customer", "add", "--name", "李雷", "--phone", "13800138000")

        // Opened on Wednesday 2026-09-30 10:00, before anyone marked the holidays.
        let opened = try station.run(
            at: "2026-09-30 10:00", "case", "open", "--customer", "13800138000", "--kind", "complaint", "--channel", "phone", "--severity",
            "urgent", "--title", "退款慢")
        let number = String(try #require(opened.standardOutput.firstMatch(of: /Opened case (\S+)/), "\(opened)").output.1)
        Self.expect(opened, "complaint response (phone)", due: "2026-09-30 12:00", "running, 2 h 0 min left")
        Self.expect(opened, "first contact (urgent)", due: "2026-09-30 18:00", "running, 8 h 0 min left")
        Self.expect(opened, "complaint solution (phone)", due: "2026-10-01 10:00", "running, 1 d 0 h left")
        Self.expect(opened, "progress contact each working day (urgent)", due: "2026-10-01 18:00", "running, 1 d 8 h left")

        // A manager marks the holidays: the working-day clock moves, the hour clocks do not.
        try station.run(at: "2026-09-30 10:30", "calendar", "holiday", "add", "2026-10-01..2026-10-08", "--name", "国庆节")
        try station.run(at: "2026-09-30 10:31", "calendar", "workday", "add", "2026-10-10", "--name", "调休")
        var shown = try station.run(at: "2026-09-30 10:40", "case", "show", number)
        Self.expect(shown, "progress contact each working day (urgent)", due: "2026-10-09 18:00", "running, 9 d 7 h left")
        Self.expect(shown, "complaint solution (phone)", due: "2026-10-01 10:00", "running, 23 h 20 min left")

        // A repair asked for on 09-30 after the holidays were marked: 5 working days are 10-09,
        // 10-10 (an extra working day), 10-12, 10-13 and 10-14.
        let repair = try station.run(
            at: "2026-09-30 11:00", "case", "open", "--customer", "13800138000", "--kind", "after-sales", "--service", "repair",
            "--channel", "walk-in", "--severity", "normal", "--title", "屏幕不亮")
        let repairNumber = String(try #require(repair.standardOutput.firstMatch(of: /Opened case (\S+)/), "\(repair)").output.1)
        Self.expect(repair, "repair handed back", due: "2026-10-14 18:00", "running, 14 d 7 h left")
        Self.expect(repair, "customer warned of a long repair", due: "2026-10-13 18:00", "running, 13 d 7 h left")
        Self.expect(repair, "after-sales first response", due: "2026-09-30 13:00", "running, 2 h 0 min left")

        // The customer is reached at 13:15: first contact met, the response late, the progress
        // clock restarts from the contact.
        try station.run(at: "2026-09-30 13:15", "case", "contact", number, "--channel", "phone", "--outcome", "reached")
        shown = try station.run(at: "2026-09-30 14:00", "case", "show", number)
        Self.expect(shown, "first contact (urgent)", due: "2026-09-30 18:00", "met at 2026-09-30 13:15")
        Self.expect(shown, "complaint response (phone)", due: "2026-09-30 12:00", "met late, by 1 h 15 min")
        Self.expect(shown, "progress contact each working day (urgent)", due: "2026-10-09 18:00", "running, 9 d 4 h left")
        Self.expect(shown, "complaint solution (phone)", due: "2026-10-01 10:00", "running, 20 h 0 min left")

        // Friday 2026-10-09 18:30: both open clocks have run out.
        shown = try station.run(at: "2026-10-09 18:30", "case", "show", number)
        Self.expect(shown, "complaint solution (phone)", due: "2026-10-01 10:00", "breached by 8 d 8 h")
        Self.expect(shown, "progress contact each working day (urgent)", due: "2026-10-09 18:00", "breached by 30 min")
        let overdue = try station.run(at: "2026-10-09 18:30", "case", "list", "--overdue")
        #expect(overdue.standardOutput.contains(number), "\(overdue)")

        // The repair's customer is warned on its fourth working day.
        try station.run(at: "2026-10-13 10:00", "case", "warned", repairNumber, "--note", "配件缺货")
        shown = try station.run(at: "2026-10-13 11:00", "case", "show", repairNumber)
        Self.expect(shown, "customer warned of a long repair", due: "2026-10-13 18:00", "met at 2026-10-13 10:00")
        Self.expect(shown, "repair handed back", due: "2026-10-14 18:00", "running, 1 d 7 h left")
        Self.expect(shown, "after-sales first response", due: "2026-09-30 13:00", "breached by 12 d 22 h")
    }
}
