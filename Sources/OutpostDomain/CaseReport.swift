import Foundation
import OutpostCore
import OutpostStore

/// The weekly or monthly report of a replica (`outpost report`, and `outpost-relay report` on the
/// relay's merged replica): cases opened and closed, first-contact resolution, deadlines met and
/// breached, surveys, complaints by category, follow-ups, warranty repairs, open conflicts.
///
/// Every count is a plain query over the domain tables (the tests check them against `sqlite3`),
/// over station dates in the calendar's replicated zone, so every replica with the same changes
/// reports the same figures.
package struct CaseReport: Hashable, Sendable, Encodable {
    package struct Count: Hashable, Sendable, Encodable {
        package var key: String
        package var count: Int
    }

    package var from: String
    package var to: String
    /// The station the report is limited to (cases opened there), or nil for all.
    package var station: String?
    package var opened: Int
    package var closed: Int
    package var openedByKind: [Count]
    package var openedByCategory: [Count]
    package var openedByChannel: [Count]
    package var openedByStation: [Count]
    package var openedByStaff: [Count]
    /// Cases closed in the period that were reached at the first attempt and never reopened.
    package var firstContactResolved: Int
    package var surveys: Int
    package var surveyAverage: Double?
    /// Surveys by score, 1 to 5.
    package var surveyDistribution: [Int]
    package var complaintsByCategory: [Count]
    package var followUps: Int
    package var warrantyRepairs: Int
    package var deadlines: SLAReport
    package var openConflicts: Int
    /// How long the oldest open conflict has been open, in hours.
    package var oldestConflictHours: Int?

    package static func make(_ cases: CaseBook, from: LocalDate, to: LocalDate, station: String? = nil) throws -> CaseReport {
        let store = cases.store
        let time = try cases.clocks().calendar.time
        let start = StationTime.isoText(time.start(of: from))
        let end = StationTime.isoText(time.start(of: LocalDate(daysSince1970: to.daysSince1970 + 1)))
        let station = station.map { $0.uppercased() }
        // Cases of the station: those it opened (their ids carry its code).
        let scope = "(?3 IS NULL OR substr(c.id, 1, length(?3) + 1) = ?3 || '.')"
        let arguments: [Value] = [.text(start), .text(end)] + (station.map { [.text($0)] } ?? [.null])
        let opened = "FROM cases c WHERE c.created >= ?1 AND c.created < ?2 AND \(scope)"
        func count(_ sql: String) throws -> Int {
            Int(try store.records(sql, arguments).first?.integer("n") ?? 0)
        }
        func grouped(_ expression: String, _ from: String = opened) throws -> [Count] {
            try store.records("SELECT \(expression) AS k, count(*) AS n \(from) GROUP BY k ORDER BY n DESC, k", arguments).map {
                Count(key: $0.string("k") ?? "—", count: Int($0.integer("n") ?? 0))
            }
        }
        let closedCases = """
            FROM cases c WHERE \(scope) AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status'
              AND e.status = 'closed' AND e.created >= ?1 AND e.created < ?2)
            """
        let surveys = try store.records(
            """
            SELECT e.score AS score FROM case_events e JOIN cases c ON c.id = e.case_id
            WHERE e.kind = 'survey' AND e.created >= ?1 AND e.created < ?2 AND \(scope)
            """, arguments
        ).compactMap { $0.integer("score") }
        var distribution = [Int](repeating: 0, count: 5)
        for score in surveys where (1...5).contains(score) { distribution[Int(score) - 1] += 1 }
        // The count and the oldest: the one entry listed first, not every conflict's history.
        let conflicts = try ConflictBook(store: store).open(limit: 1)
        let oldest = conflicts.entries.first.flatMap { StationTime.milliseconds(fromISO: $0.since) }
        let now = StationStore.systemMilliseconds()
        let deadlines = try SLAReport.make(cases, from: from, to: to, by: .rule, station: station)
        return CaseReport(
            from: from.description, to: to.description, station: station,
            opened: try count("SELECT count(*) AS n \(opened)"), closed: try count("SELECT count(*) AS n \(closedCases)"),
            openedByKind: try grouped("c.kind"), openedByCategory: try grouped("c.category"), openedByChannel: try grouped("c.channel"),
            openedByStation: try grouped("substr(c.id, 1, instr(c.id, '.') - 1)"), openedByStaff: try grouped("c.assignee"),
            firstContactResolved: try count(
                """
                SELECT count(*) AS n \(closedCases)
                AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact') = 1
                AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'contact' AND e.outcome = 'reached')
                AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status' AND e.outcome = 'reopen')
                """),
            surveys: surveys.count,
            surveyAverage: surveys.isEmpty ? nil : Double(surveys.reduce(0, +)) / Double(surveys.count),
            surveyDistribution: distribution,
            complaintsByCategory: try grouped("c.category", opened + " AND c.kind = 'complaint'"),
            followUps: try count("SELECT count(*) AS n \(opened) AND c.follow_up_of IS NOT NULL"),
            warrantyRepairs: try count("SELECT count(*) AS n \(opened) AND c.warranty_of IS NOT NULL"),
            deadlines: deadlines, openConflicts: conflicts.total,
            oldestConflictHours: oldest.map { Int((now - min(now, $0)) / 3_600_000) }
        )
    }
}

extension CaseReport {
    /// The period a report covers: `week` is the 7 days ending today, `month` the calendar month
    /// so far; `from` and `to` (station dates) override either end.
    package static func period(_ name: String, from: String?, to: String?, today: LocalDate) throws -> (LocalDate, LocalDate) {
        func date(_ text: String?, _ option: String) throws -> LocalDate? {
            guard let text else { return nil }
            guard let date = LocalDate(parsing: text) else {
                throw DomainError(.invalid, "invalid \(option) '\(text)': expected YYYY-MM-DD", "无效的 \(option)「\(text)」：应为 YYYY-MM-DD")
            }
            return date
        }
        let last = try date(to, "--to") ?? today
        let first: LocalDate
        switch name.lowercased() {
        case "week", "周": first = try date(from, "--from") ?? LocalDate(daysSince1970: last.daysSince1970 - 6)
        case "month", "月": first = try date(from, "--from") ?? LocalDate(year: last.year, month: last.month, day: 1)!
        default:
            throw DomainError(.invalid, "unknown report '\(name)': expected week or month", "未知的报告「\(name)」：应为 week 或 month")
        }
        guard first <= last else {
            throw DomainError(.invalid, "--from \(first) is after --to \(last)", "--from \(first) 晚于 --to \(last)")
        }
        return (first, last)
    }

    /// The figures as CSV rows, `section,key,value`, for a spreadsheet.
    package var csv: String {
        var rows = [["section", "key", "value"]]
        rows += [["cases", "opened", "\(opened)"], ["cases", "closed", "\(closed)"]]
        for (section, counts) in [
            ("opened by kind", openedByKind), ("opened by category", openedByCategory), ("opened by channel", openedByChannel),
            ("opened by station", openedByStation), ("opened by staff", openedByStaff), ("complaints by category", complaintsByCategory),
        ] {
            rows += counts.map { [section, $0.key, "\($0.count)"] }
        }
        rows += [["cases", "first-contact resolved", "\(firstContactResolved)"], ["surveys", "count", "\(surveys)"]]
        rows += surveyDistribution.enumerated().map { ["surveys", "score \($0.offset + 1)", "\($0.element)"] }
        rows += [["cases", "follow-ups", "\(followUps)"], ["cases", "warranty repairs", "\(warrantyRepairs)"]]
        for row in deadlines.rows { rows += [["deadlines met", row.key, "\(row.met)"], ["deadlines breached", row.key, "\(row.breached)"]] }
        rows.append(["conflicts", "open", "\(openConflicts)"])
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
