import Foundation

/// The report as lines of text in one language, for both command lines (`outpost report` and
/// `outpost-relay report`), which print the same report.
extension CaseReport {
    package func lines(in language: Language) -> [String] {
        func say(_ english: String, _ chinese: String) -> String { language == .chinese ? chinese : english }
        func counts(_ title: Phrase, _ counts: [Count], label: (String) -> String = { $0 }) -> [String] {
            guard !counts.isEmpty else { return [] }
            return [
                "  " + title.text(in: language) + say(": ", "：") + counts.map { "\(label($0.key)) \($0.count)" }.joined(separator: say(", ", "，"))
            ]
        }
        func term<T: Term>(_ type: T.Type) -> (String) -> String { { T(rawValue: $0)?.label(in: language) ?? $0 } }
        var out = [
            say("Report \(from) – \(to)", "报告 \(from) 至 \(to)") + (station.map { say(", station \($0)", "，站点 \($0)") } ?? ""),
            say("  Cases opened: \(opened); closed: \(closed)", "  新开案件：\(opened)；关闭：\(closed)"),
        ]
        out += counts(Phrase("by kind", "按类型"), openedByKind, label: term(CaseKind.self))
        out += counts(Phrase("by category", "按类别"), openedByCategory, label: term(CaseCategory.self))
        out += counts(Phrase("by channel", "按渠道"), openedByChannel, label: term(CaseChannel.self))
        out += counts(Phrase("by station", "按站点"), openedByStation)
        out += counts(Phrase("by staff", "按员工"), openedByStaff)
        let rate = closed == 0 ? "—" : "\(firstContactResolved * 100 / closed)%"
        out.append(
            say(
                "  First-contact resolution: \(firstContactResolved) of \(closed) closed (\(rate))",
                "  首次联系即解决：已关闭 \(closed) 个中 \(firstContactResolved) 个（\(rate)）"))
        let average = surveyAverage.map { String(format: "%.1f", $0) } ?? "—"
        let bars = surveyDistribution.enumerated().map { "\($0.offset + 1)★ \($0.element)" }.joined(separator: "  ")
        out.append(say("  Surveys: \(surveys), average \(average); \(bars)", "  满意度调查：\(surveys) 份，平均 \(average)；\(bars)"))
        out += counts(Phrase("Complaints by category", "投诉按类别"), complaintsByCategory, label: term(CaseCategory.self))
        out.append(say("  Follow-up cases: \(followUps); warranty repairs: \(warrantyRepairs)", "  跟进案件：\(followUps)；保修返修：\(warrantyRepairs)"))
        for row in deadlines.rows {
            let median = row.medianMinutesToMeet.map { say("median \($0) min", "中位数 \($0) 分钟") } ?? "—"
            out.append(
                say(
                    "  Deadline \(row.key): met \(row.met), breached \(row.breached), \(median)",
                    "  时限 \(row.key)：按时 \(row.met)，逾期 \(row.breached)，\(median)"))
        }
        let oldest = oldestConflictHours.map { say(", the oldest open \($0) h", "，最早的已开 \($0) 小时") } ?? ""
        out.append(say("  Open conflicts: \(openConflicts)\(oldest)", "  未解决冲突：\(openConflicts)\(oldest)"))
        return out
    }
}
