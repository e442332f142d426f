import Hummingbird
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore

extension Board {
    /// The deadlines page: `station`, `rule` and `severity` narrow the list; a value the board
    /// does not know is refused with the ones it does.
    func deadlinesPage(_ request: Request, _ language: Language) async throws -> BoardView {
        let query = request.uri.queryParameters
        let codes = try await stationCodes()
        let station = try stationFilter(query.get("station"), codes: codes)
        let rules = try CaseBook(store: relay.replica.store, clock: clock).clocks().policy.rules
        var rule: String?
        if let text = query.get("rule")?.trimmingSpaces(), !text.isEmpty {
            guard rules.contains(where: { $0.id == text }) else {
                throw BoardFailure(
                    400, "Unknown rule '\(text)': expected one of \(rules.map(\.id).joined(separator: ", ")).",
                    "未知的规则「\(text)」：可选 \(rules.map(\.id).joined(separator: "、"))。")
            }
            rule = text
        }
        var severity: Severity?
        if let text = query.get("severity")?.trimmingSpaces(), !text.isEmpty {
            severity = try Severity.parse(text)
        }
        await relay.replica.catchUp(within: Self.replicaWait)
        // The listing of `outpost case list --due-within 4h`, read through the replica's deadline
        // cache (`docs/ARCHITECTURE.md`, "Deadline cache"): only the page's rows are computed.
        var filter = CaseFilter()
        filter.station = station
        filter.severities = severity.map { [$0.rawValue] } ?? []
        filter.limit = Self.rowLimit
        let (list, overdue, now) = try CaseBook(store: relay.replica.store, clock: clock).due(within: TodayQueue.dueSoon, filter, rule: rule)
        let horizon = now + TodayQueue.dueSoon
        let time = try zoneTime()
        let rows = list.cases.map { listing -> [String: Any] in
            let serviceCase = listing.case
            let clocks = (listing.deadlines?.items ?? []).filter { item in
                item.state == .breached || (item.isOpen && (item.due.map { $0 <= horizon } ?? false))
            }
            return [
                "number": serviceCase.number, "station": String(serviceCase.id.prefix { $0 != "." }), "title": serviceCase.title,
                "customer": listing.customerName ?? "", "severity": serviceCase.caseSeverity.label(in: language),
                "status": serviceCase.caseStatus.label(in: language), "assignee": serviceCase.assignee ?? "",
                "clocks": clocks.map { Self.clockValues($0, time: time, now: now, language: language) },
            ]
        }
        let total = list.total
        return BoardView(
            template: "deadlines", title: "deadlines",
            values: [
                "rows": rows, "total": total, "shown": rows.count, "overdue": overdue, "soon": total - overdue,
                "computedAt": time.text(now),
                "stationOptions": Self.options(codes.map { ($0, $0) }, selected: station),
                "ruleOptions": Self.options(rules.map { ($0.id, $0.title.text(in: language)) }, selected: rule),
                "severityOptions": Self.options(Severity.allCases.map { ($0.rawValue, $0.label(in: language)) }, selected: severity?.rawValue),
            ])
    }

    /// One clock as the tables show it: its rule, `overdue by 2 h 5 min` or `due in 40 min`, and
    /// its due time in the calendar's zone.
    static func clockValues(_ deadline: Deadline, time: StationTime, now: UInt64, language: Language) -> [String: Any] {
        let state: String
        let css: String
        switch deadline.state {
        case .breached:
            state = Phrase("overdue by ", "已逾期 ").text(in: language) + duration(deadline.late ?? 0, language)
            css = "breached"
        case .running:
            state = Phrase("due in ", "剩余 ").text(in: language) + duration(deadline.left ?? 0, language)
            css = "soon"
        case .paused:
            state = Phrase("paused, waiting on the customer", "已暂停，等待客户").text(in: language)
            css = "muted"
        case .met, .metLate:
            state = Phrase("met", "已完成").text(in: language)
            css = "muted"
        }
        return ["rule": deadline.title.text(in: language), "state": state, "css": css, "due": deadline.due.map(time.text) ?? ""]
    }

    /// `2 d 3 h`, `3 h 20 min`, `45 min`, in the reader's language.
    static func duration(_ milliseconds: UInt64, _ language: Language) -> String {
        let minutes = milliseconds / 60_000
        let parts: [(UInt64, Phrase)] = [
            (minutes / 1440, Phrase(" d", " 天")), (minutes % 1440 / 60, Phrase(" h", " 小时")), (minutes % 60, Phrase(" min", " 分钟")),
        ]
        let shown = parts.drop { $0.0 == 0 }.prefix(2)
        guard !shown.isEmpty else { return "0" + Phrase(" min", " 分钟").text(in: language) }
        return shown.map { "\($0.0)" + $0.1.text(in: language) }.joined(separator: " ")
    }
}
