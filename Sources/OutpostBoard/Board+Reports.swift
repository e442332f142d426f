import Foundation
import Hummingbird
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore

extension Board {
    /// The week's or month's report, as `outpost-relay report` computes it (`CaseReport.make`),
    /// and its cases per day; reused while fresh (`BoardCache`).
    func report(_ query: ReportQuery) async throws -> BoardCache.Entry<ReportFigures> {
        await relay.replica.catchUp(within: Self.replicaWait)
        let position = try await relay.replica.position()
        let store = relay.replica.store
        let clock = self.clock
        return try await cache.value(query.key, position: position, now: clock()) {
            let cases = CaseBook(store: store, clock: clock)
            let today = try cases.clocks().calendar.time.date(at: clock())
            let (first, last) = try CaseReport.period(query.period, from: query.from, to: query.to, today: today)
            return ReportFigures(
                report: try CaseReport.make(cases, from: first, to: last, station: query.station),
                days: try CaseReport.openedByDay(cases, from: first, to: last, station: query.station))
        }
    }

    /// The reports page: `period` (week or month), `from`, `to` (YYYY-MM-DD) and `station`.
    func reportsPage(_ request: Request, _ language: Language) async throws -> BoardView {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            parameters.get(name).map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let codes = try await stationCodes()
        let query = ReportQuery(
            period: text("period") ?? "week", from: text("from"), to: text("to"), station: try stationFilter(text("station"), codes: codes))
        let figures = try await report(query)
        let report = figures.value.report
        func term<T: Term>(_ type: T.Type) -> (String) -> String { { T(rawValue: $0)?.label(in: language) ?? $0 } }
        func counts(_ key: String, _ counts: [CaseReport.Count], label: (String) -> String = { $0 }) -> [String: Any] {
            ["title": BoardPhrases.text(key, in: language), "counts": counts.map { ["key": label($0.key), "count": $0.count] as [String: Any] }]
        }
        let days = figures.value.days
        let charts = [
            BoardChart(
                id: "days", title: BoardPhrases.text("casesPerDay", in: language),
                series: [.init(label: BoardPhrases.text("opened", in: language), color: "#3b6ea5")],
                groups: days.map { .init(label: String($0.key.suffix(5)), values: [$0.count]) }, barWidth: days.count > 14 ? 12 : 22,
                labelEvery: days.count > 14 ? 5 : 1),
            BoardChart(
                id: "sla", title: BoardPhrases.text("slaPerRule", in: language),
                series: [
                    .init(label: BoardPhrases.text("met", in: language), color: "#3f8f4f"),
                    .init(label: BoardPhrases.text("breachedColumn", in: language), color: "#c0392b"),
                ],
                groups: report.deadlines.rows.enumerated().map { .init(label: "\($0.offset + 1)", values: [$0.element.met, $0.element.breached]) }),
            BoardChart(
                id: "surveys", title: BoardPhrases.text("surveyDistribution", in: language),
                series: [.init(label: BoardPhrases.text("surveys", in: language), color: "#d68910")],
                groups: report.surveyDistribution.enumerated().map { .init(label: "\($0.offset + 1)★", values: [$0.element]) }, barWidth: 28),
        ]
        let rate = report.closed == 0 ? "" : " (\(report.firstContactResolved * 100 / report.closed)%)"
        var values: [String: Any] = [
            "from": report.from, "to": report.to, "opened": report.opened, "closed": report.closed,
            "firstContact": "\(report.firstContactResolved)\(rate)", "surveys": report.surveys,
            "surveyAverage": report.surveyAverage.map { String(format: "%.1f", $0) } ?? "—", "followUps": report.followUps,
            "warranty": report.warrantyRepairs, "openConflicts": report.openConflicts, "charts": charts.map(\.context),
            "sla": report.deadlines.rows.enumerated().map { index, row in
                [
                    "rule": "\(index + 1). \(row.key)", "met": row.met, "breached": row.breached,
                    "median": row.medianMinutesToMeet.map { "\($0)" } ?? "—",
                ] as [String: Any]
            },
            "groups": [
                counts("byKind", report.openedByKind, label: term(CaseKind.self)),
                counts("byChannel", report.openedByChannel, label: term(CaseChannel.self)),
                counts("byStation", report.openedByStation),
                counts("complaintsByCategory", report.complaintsByCategory, label: term(CaseCategory.self)),
            ],
            "periodOptions": Self.options(
                [("week", BoardPhrases.text("week", in: language)), ("month", BoardPhrases.text("month", in: language))],
                selected: query.period),
            "fromValue": query.from ?? "", "toValue": query.to ?? "",
            "stationOptions": Self.options(codes.map { ($0, $0) }, selected: query.station),
        ]
        if let station = report.station { values["station"] = station }
        return BoardView(template: "reports", title: "reports", values: values)
    }
}
