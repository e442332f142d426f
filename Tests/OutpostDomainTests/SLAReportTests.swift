import Foundation
import OutpostDomain
import OutpostTestSupport
import Testing

/// `outpost sla report`: met and breached clocks over a period, counted from the same clocks
/// `case show` lists.
@Suite struct SLAReportTests {
    @Test func countsMetAndBreachedClocksWithTheMedianTimeToMeet() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        // Monday 10:00: two normal consultations by phone; one reached after 30 min, one after 2 h.
        let quick = try desk.open(li, kind: "consultation", severity: "normal", title: "快")
        let slow = try desk.open(li, kind: "consultation", severity: "normal", title: "慢")
        // An urgent one never contacted: its 8 h first contact is breached by the next day.
        try desk.open(li, kind: "consultation", severity: "urgent", title: "急")
        desk.clock.advance(by: 30 * 60_000)
        try desk.cases.contact(quick, channel: "phone", outcome: "reached", by: "王芳")
        desk.clock.advance(by: 90 * 60_000)
        try desk.cases.contact(slow, channel: "phone", outcome: "reached", by: "王芳")
        desk.clock.advance(by: TestDesk.day)

        let monday = LocalDate(year: 2026, month: 11, day: 23)!
        let report = try SLAReport.make(desk.cases, from: monday, to: monday, by: .rule)
        let normal = try #require(report.rows.first { $0.key == "first-contact-normal" })
        #expect(normal.met == 2 && normal.breached == 0)
        #expect(normal.medianMinutesToMeet == 30, "the lower middle of 30 and 120 minutes")
        let urgent = try #require(report.rows.first { $0.key == "first-contact-urgent" })
        #expect(urgent.met == 0 && urgent.breached == 1)

        let byStation = try SLAReport.make(desk.cases, from: monday, to: monday, by: .station)
        #expect(byStation.rows.map(\.key) == ["SZ01"])
        // Clocks that started on another day are not counted.
        let tuesday = LocalDate(year: 2026, month: 11, day: 24)!
        #expect(try SLAReport.make(desk.cases, from: tuesday, to: tuesday, by: .rule).rows.allSatisfy { !$0.key.hasPrefix("first-contact") })
    }
}
