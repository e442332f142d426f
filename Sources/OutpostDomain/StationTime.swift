package import Foundation
import OutpostCore

/// Reads and writes times in the station's time zone, never the machine's: "today", the dates
/// on case numbers and the times a clerk types all belong to the branch's own day.
package struct StationTime: Sendable {
    package let zone: TimeZone
    private let calendar: Calendar
    /// Whether the zone still changes its offset (daylight saving time): only then can a local
    /// time of day be other than midnight plus that many minutes. Asia/Shanghai has not since 1991.
    private let shifts: Bool

    package init(zoneIdentifier: String) {
        zone = TimeZone(identifier: zoneIdentifier) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
        // Only a shortcut: both ways give the same instant where the zone does not shift.
        shifts = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_700_000_000)) != nil
    }

    /// The station's date at an instant (milliseconds since 1970).
    package func date(at milliseconds: UInt64) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: Self.instant(milliseconds))
        // A replicated instant beyond the dates a case can carry reads as the last of them, never a trap.
        return LocalDate(year: parts.year ?? 9999, month: parts.month ?? 12, day: parts.day ?? 31)
            ?? (parts.year ?? 0 < 1900 ? LocalDate(year: 1900, month: 1, day: 1)! : LocalDate(year: 9999, month: 12, day: 31)!)
    }

    /// The first millisecond of a station date.
    package func start(of date: LocalDate) -> UInt64 {
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        let instant = calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
        return UInt64(max(0, instant.timeIntervalSince1970 * 1000))
    }

    /// A local time of day on a station date, `minutes` after midnight on the wall clock: on a
    /// day the clocks change, 09:00 is not midnight plus nine hours. A time the change skips
    /// reads as the first valid time after it.
    package func instant(of date: LocalDate, minutes: Int) -> UInt64 {
        guard shifts else { return start(of: date) + UInt64(max(0, minutes)) * 60_000 }
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: minutes / 60, minute: minutes % 60)
        guard let instant = calendar.date(from: components) else { return start(of: date) + UInt64(max(0, minutes)) * 60_000 }
        return UInt64(max(0, instant.timeIntervalSince1970 * 1000))
    }

    /// `2026-11-23 09:15`, in the station's zone.
    package func text(_ milliseconds: UInt64) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Self.instant(milliseconds))
        return "\(parts.year!.padded(4))-\(parts.month!.padded(2))-\(parts.day!.padded(2)) \(parts.hour!.padded(2)):\(parts.minute!.padded(2))"
    }

    /// A time a clerk typed: `14:30` (today), `2026-11-23 14:30` or `2026-11-23T14:30`, in the
    /// station's zone; nil when it is none of these.
    package func parse(_ text: String, today: LocalDate) -> UInt64? {
        let trimmed = text.trimmingSpaces()
        let pieces = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        let date: LocalDate
        let clock: String
        switch pieces.count {
        case 1: (date, clock) = (today, pieces[0])
        case 2:
            guard let parsed = LocalDate(parsing: pieces[0]) else { return nil }
            (date, clock) = (parsed, pieces[1])
        default: return nil
        }
        let hm = clock.split(separator: ":")
        guard hm.count == 2 || hm.count == 3, let hour = Int(hm[0]), let minute = Int(hm[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
        guard let instant = calendar.date(from: components) else { return nil }
        return UInt64(max(0, instant.timeIntervalSince1970 * 1000))
    }

    /// Milliseconds since 1970 from the store's ISO 8601 UTC text (`2026-11-22T08:15:00.123Z`).
    package static func milliseconds(fromISO text: String) -> UInt64? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in utf8[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        let milli = utf8.count >= 24 ? number(20, 3) ?? 0 : 0
        let total = date.daysSince1970 * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + milli)
        return total < 0 ? nil : UInt64(total)
    }

    /// The store's ISO 8601 UTC text for an instant, for comparing with `created` columns.
    package static func isoText(_ milliseconds: UInt64) -> String {
        Timestamp(milliseconds: milliseconds, counter: 0).isoText
    }

    private static func instant(_ milliseconds: UInt64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
