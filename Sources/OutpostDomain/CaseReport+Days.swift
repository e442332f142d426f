import OutpostCore
import OutpostStore

extension CaseReport {
    /// Cases opened on each day of the period, every day listed (zero included), in the
    /// calendar's replicated zone as the report counts them: the days add up to `opened`.
    package static func openedByDay(_ cases: CaseBook, from: LocalDate, to: LocalDate, station: String? = nil) throws -> [Count] {
        let time = try cases.clocks().calendar.time
        let start = StationTime.isoText(time.start(of: from))
        let end = StationTime.isoText(time.start(of: LocalDate(daysSince1970: to.daysSince1970 + 1)))
        let station = station.map { $0.uppercased() }
        var perDay = [Int64: Int]()
        let rows = try cases.store.records(
            """
            SELECT c.created AS created FROM cases c WHERE c.created >= ?1 AND c.created < ?2
            AND (?3 IS NULL OR substr(c.id, 1, length(?3) + 1) = ?3 || '.')
            """, [.text(start), .text(end), station.map(Value.text) ?? .null])
        for row in rows {
            guard let created = row.string("created"), let instant = StationTime.milliseconds(fromISO: created) else { continue }
            perDay[time.date(at: instant).daysSince1970, default: 0] += 1
        }
        return (from.daysSince1970...max(from.daysSince1970, to.daysSince1970)).map { day in
            Count(key: LocalDate(daysSince1970: day).description, count: perDay[day] ?? 0)
        }
    }
}
