import OutpostCore
import OutpostStore

/// Met and breached deadlines over a period (`outpost sla report`), grouped by rule, station or
/// member of staff, with the median time to meet: derived on read from the same clocks `case
/// show` lists, so every replica with the same changes reports the same figures.
package struct SLAReport: Hashable, Sendable, Encodable {
    package enum Grouping: String, Hashable, Sendable, CaseIterable, Encodable {
        case rule, station, staff
    }

    package struct Row: Hashable, Sendable, Encodable {
        package var key: String
        package var met: Int
        /// Met late, or due and still not met.
        package var breached: Int
        /// Median from start to meeting, over the clocks met (on time or late), in minutes.
        package var medianMinutesToMeet: Int?
    }

    package var from: String
    package var to: String
    package var by: Grouping
    package var rows: [Row]

    /// Clocks that started between `from` and `to` (station dates, both included).
    package static func make(_ cases: CaseBook, from: LocalDate, to: LocalDate, by grouping: Grouping, station: String? = nil) throws
        -> SLAReport
    {
        // The calendar's zone, replicated, not the station's own: every replica counts alike.
        let clocks = try cases.clocks()
        let time = clocks.calendar.time
        let start = time.start(of: from)
        let end = time.start(of: LocalDate(daysSince1970: to.daysSince1970 + 1))
        var met = [String: Int]()
        var breached = [String: Int]()
        var durations = [String: [UInt64]]()
        // Cases opened before the period can still start clocks in it (a survey after closing).
        let rows = try cases.store.records("SELECT * FROM cases WHERE created < ?", [.text(StationTime.isoText(end))])
        for serviceCase in rows.map(ServiceCase.init) where station.map({ serviceCase.id.hasPrefix($0 + ".") }) ?? true {
            for deadline in try cases.deadlines(of: serviceCase, clocks).items where (start..<end).contains(deadline.started) {
                let key: String =
                    switch grouping {
                    case .rule: deadline.rule
                    case .station: String(serviceCase.number.prefix { $0 != "-" })
                    case .staff: serviceCase.assignee ?? "—"
                    }
                switch deadline.state {
                case .met:
                    met[key, default: 0] += 1
                case .metLate, .breached:
                    breached[key, default: 0] += 1
                case .running, .paused:
                    continue
                }
                if let metAt = deadline.metAt { durations[key, default: []].append(metAt - min(metAt, deadline.started)) }
            }
        }
        let keys = Set(met.keys).union(breached.keys).sorted()
        return SLAReport(
            from: from.description, to: to.description, by: grouping,
            rows: keys.map { key in
                let sorted = (durations[key] ?? []).sorted()
                let median = sorted.isEmpty ? nil : Int(sorted[(sorted.count - 1) / 2] / 60_000)
                return Row(key: key, met: met[key] ?? 0, breached: breached[key] ?? 0, medianMinutesToMeet: median)
            })
    }
}
