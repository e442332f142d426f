import OutpostDomain
import OutpostTestSupport
import Testing

@Suite struct TodayQueueTests {
    @Test func theQueueListsCriticalUrgentMineAndFollowUps() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let critical = try desk.open(li, kind: "after-sales", severity: "critical", service: "repair", by: "张伟")
        let urgent = try desk.open(li, severity: "urgent")
        let contacted = try desk.open(li, severity: "urgent")
        try desk.cases.contact(contacted, channel: "phone", outcome: "no-answer", by: "王芳")
        let complaint = try desk.open(li, kind: "complaint")
        let consultation = try desk.open(li, kind: "consultation")
        for number in [complaint, consultation] {
            try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
            try desk.cases.solution(number, "已答复", accepted: "yes", by: "王芳")
            try desk.cases.resolve(number, by: "王芳")
            try desk.cases.close(number, by: "王芳")
        }
        try desk.cases.survey(consultation, score: 5, by: "王芳")

        let report = try desk.today.report(for: "王芳")
        #expect(report.date == "2026-11-23")
        #expect(report.overdue.total == 0, "nothing is due yet at 10:00 on the first morning")
        #expect(report.critical.cases.map(\.case.number) == [critical])
        #expect(report.urgentWithoutContactToday.cases.map(\.case.number) == [urgent])
        #expect(report.mine.cases.map(\.case.number) == [urgent, contacted])
        #expect(report.surveysToDo.cases.map(\.case.number) == [complaint])
        #expect(report.revisitsToDo.cases.map(\.case.number) == [complaint])

        let capped = try desk.today.report(for: "王芳", limit: 1)
        #expect(capped.mine.total == 2)
        #expect(capped.mine.cases.map(\.case.number) == [urgent])
        // Tomorrow the urgent case contacted today needs a contact again.
        desk.clock.advance(by: TestDesk.day)
        #expect(Set(try desk.today.report(for: nil).urgentWithoutContactToday.cases.map(\.case.number)) == [urgent, contacted])
        #expect(try desk.today.report(for: nil).mine.total == 0)
        // After the follow-up window the closed cases leave the queue.
        desk.clock.advance(by: 7 * TestDesk.day)
        #expect(try desk.today.report(for: "王芳").surveysToDo.total == 0)
    }
}
