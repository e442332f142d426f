import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// The report's counts agree with plain SQL over the domain tables, run by SQLite itself, on
/// generated days of work.
@Suite struct CaseReportTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func countsAgreeWithPlainQueries(seed: UInt64) throws {
        let desk = try TestDesk(seed: seed)
        try desk.hire("组长", "lead")
        var random = SplitMix64(seed: seed)
        let customers = try (0..<4).map { try desk.customer("客户\($0)", phone: "1380013800\($0)") }
        let kinds = ["consultation", "complaint", "feedback"]
        let channels = ["phone", "web", "walk-in", "email"]
        var opened = [String]()
        for index in 0..<30 {
            desk.clock.advance(by: UInt64.random(in: 1...180, using: &random) * 60_000)
            let kind = kinds.randomElement(using: &random)!
            let number = try desk.cases.open(
                NewCase(
                    customer: customers.randomElement(using: &random)!, kind: kind, channel: channels.randomElement(using: &random)!,
                    severity: "normal", title: "第\(index)件", category: kind == "complaint" ? ["物流", "产品"].randomElement(using: &random) : nil),
                by: "王芳"
            ).number
            opened.append(number)
            if Bool.random(using: &random) {
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    try desk.cases.contact(number, channel: "phone", outcome: Bool.random(using: &random) ? "reached" : "no-answer", by: "王芳")
                }
                try desk.cases.solution(number, "方案", accepted: "yes", by: "王芳")
                try desk.cases.resolve(number, by: "王芳")
                try desk.cases.close(number, by: "王芳")
                if Bool.random(using: &random) { try desk.cases.survey(number, score: Int.random(in: 1...5, using: &random), by: "王芳") }
            }
        }
        let time = StationTime(zoneIdentifier: "Asia/Shanghai")
        let first = time.date(at: TestDesk.morning)
        let last = time.date(at: desk.clock.reading())
        let report = try CaseReport.make(desk.cases, from: first, to: last)
        let path = desk.store.path
        func number(_ sql: String) throws -> Int { Int(try RawSQLite.rows(path, sql).first?.first ?? "0") ?? -1 }
        func groups(_ sql: String) throws -> [String: Int] {
            Dictionary(uniqueKeysWithValues: try RawSQLite.rows(path, sql).map { ($0[0] == "∅" ? "—" : $0[0], Int($0[1]) ?? -1) })
        }
        #expect(report.opened == (try number("SELECT count(*) FROM cases")))
        #expect(
            report.closed == (try number("SELECT count(DISTINCT case_id) FROM case_events WHERE kind = 'status' AND status = 'closed'")))
        #expect(
            Dictionary(uniqueKeysWithValues: report.openedByKind.map { ($0.key, $0.count) })
                == (try groups("SELECT kind, count(*) FROM cases GROUP BY kind")))
        #expect(
            Dictionary(uniqueKeysWithValues: report.openedByChannel.map { ($0.key, $0.count) })
                == (try groups("SELECT channel, count(*) FROM cases GROUP BY channel")))
        #expect(
            Dictionary(uniqueKeysWithValues: report.complaintsByCategory.map { ($0.key, $0.count) })
                == (try groups("SELECT category, count(*) FROM cases WHERE kind = 'complaint' GROUP BY category")))
        #expect(report.surveys == (try number("SELECT count(*) FROM case_events WHERE kind = 'survey'")))
        for score in 1...5 {
            #expect(
                report.surveyDistribution[score - 1] == (try number("SELECT count(*) FROM case_events WHERE kind = 'survey' AND score = \(score)")))
        }
        #expect(report.followUps == (try number("SELECT count(*) FROM cases WHERE follow_up_of IS NOT NULL")))
        #expect(
            report.firstContactResolved
                == (try number(
                    """
                    SELECT count(*) FROM cases c WHERE c.status = 'closed'
                    AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact') = 1
                    AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact' AND e.outcome = 'reached')
                    """)))
        #expect(report.opened >= 30, "the follow-ups of unhappy surveys are cases too")
        // A day with nothing is empty.
        let empty = try CaseReport.make(desk.cases, from: LocalDate(year: 2026, month: 1, day: 1)!, to: LocalDate(year: 2026, month: 1, day: 1)!)
        #expect(empty.opened == 0 && empty.closed == 0 && empty.surveys == 0)
    }

    @Test(arguments: [("week", "2026-11-17", "2026-11-23"), ("month", "2026-11-01", "2026-11-23"), ("周", "2026-11-17", "2026-11-23")])
    func periodsEndToday(name: String, first: String, last: String) throws {
        let today = LocalDate(year: 2026, month: 11, day: 23)!
        let (from, to) = try CaseReport.period(name, from: nil, to: nil, today: today)
        #expect(from.description == first && to.description == last)
        #expect(throws: DomainError.self) { try CaseReport.period("year", from: nil, to: nil, today: today) }
        #expect(throws: DomainError.self) { try CaseReport.period("week", from: "2026-11-30", to: "2026-11-01", today: today) }
    }
}
