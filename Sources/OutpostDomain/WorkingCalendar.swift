/// The company's working calendar (`docs/ARCHITECTURE.md`, "Deadlines"): the working week and
/// hours, holidays, and extra working days (a weekend declared a working day, as around Chinese
/// public holidays), in the calendar's own time zone, never the machine's.
///
/// Pure: built from the replicated `work_week` and `calendar_days` rows, so every replica with the
/// same rows computes the same deadlines.
package struct WorkingCalendar: Sendable {
    package var time: StationTime
    /// Working weekdays, 1 (Monday) to 7 (Sunday).
    package var weekdays: Set<Int>
    /// Opening and closing, in minutes after midnight.
    package var opens: Int
    package var closes: Int
    /// Dates off the usual week: holidays and extra working days, with their names.
    package var holidays: [LocalDate: String]
    package var workdays: [LocalDate: String]

    package static let defaultZone = "Asia/Shanghai"

    /// Monday to Friday, 09:00–18:00, Asia/Shanghai (handbook: 周一至周五，9:00-18:00).
    package init(
        zone: String = WorkingCalendar.defaultZone, weekdays: Set<Int> = [1, 2, 3, 4, 5], opens: Int = 9 * 60, closes: Int = 18 * 60,
        holidays: [LocalDate: String] = [:], workdays: [LocalDate: String] = [:]
    ) {
        time = StationTime(zoneIdentifier: zone)
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
        self.holidays = holidays
        self.workdays = workdays
    }

    /// 1 (Monday) to 7 (Sunday): 1970-01-01 was a Thursday.
    package static func weekday(_ date: LocalDate) -> Int {
        Int((date.daysSince1970 + 3).floorModulo(7)) + 1
    }

    package func isWorkingDay(_ date: LocalDate) -> Bool {
        if workdays[date] != nil { return true }
        if holidays[date] != nil { return false }
        return weekdays.contains(Self.weekday(date))
    }

    /// The working hours of a date, as instants; nil on a day off.
    package func hours(of date: LocalDate) -> Range<UInt64>? {
        guard isWorkingDay(date), closes > opens else { return nil }
        let (start, end) = (time.instant(of: date, minutes: opens), time.instant(of: date, minutes: closes))
        // Hours that a clock change swallows whole leave no working time.
        return end > start ? start..<end : nil
    }

    /// The end of working hours on the `count`-th working day after `date`.
    package func closing(workingDays count: Int, after date: LocalDate) -> UInt64? {
        var day = date
        var found = 0
        for _ in 0..<Self.horizon {
            day = LocalDate(daysSince1970: day.daysSince1970 + 1)
            if let hours = hours(of: day) {
                found += 1
                if found == count { return hours.upperBound }
            }
        }
        return nil
    }

    /// How far ahead a clock is followed: a year and a half of days.
    static let horizon = 550

    /// Working time between two instants, in milliseconds.
    package func workingMilliseconds(from start: UInt64, to end: UInt64) -> UInt64 {
        guard end > start else { return 0 }
        var total: UInt64 = 0
        var day = time.date(at: start)
        let last = time.date(at: end)
        while day <= last {
            if let hours = hours(of: day) {
                let from = max(hours.lowerBound, start)
                let to = min(hours.upperBound, end)
                if to > from { total += to - from }
            }
            day = LocalDate(daysSince1970: day.daysSince1970 + 1)
        }
        return total
    }

    /// The instant at which `amount` milliseconds of working time have passed since `start`.
    package func adding(working amount: UInt64, to start: UInt64) -> UInt64? {
        var left = amount
        var day = time.date(at: start)
        for _ in 0..<Self.horizon {
            if let hours = hours(of: day) {
                let from = max(hours.lowerBound, start)
                if hours.upperBound > from {
                    let available = hours.upperBound - from
                    if left <= available { return from + left }
                    left -= available
                }
            }
            day = LocalDate(daysSince1970: day.daysSince1970 + 1)
        }
        return nil
    }
}

extension Int64 {
    /// The remainder with the sign of the divisor: -1 mod 7 is 6.
    func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
