import OutpostCore

/// A calendar date with no time and no zone, such as a purchase date (`2026-11-20`).
package struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var year: Int
    package var month: Int
    package var day: Int

    package init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` after 1970-01-01.
    package init(daysSince1970 days: Int64) {
        let (year, month, day) = CivilDate.fromDays(days)
        self.year = Int(year)
        self.month = Int(month)
        self.day = Int(day)
    }

    /// Reads the forms a clerk types: `2026-11-20`, `2026/11/20`, `2026.11.20`, `20261120`,
    /// `2026年11月20日`.
    package init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        var parts = trimmed.split(whereSeparator: { "-/.年月日".contains($0) }).map(String.init)
        if parts.count == 1, parts[0].count == 8, parts[0].allSatisfy(\.isASCII) {
            let digits = parts[0]
            parts = [String(digits.prefix(4)), String(digits.dropFirst(4).prefix(2)), String(digits.suffix(2))]
        }
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (H. Hinnant's algorithm, the inverse of `CivilDate.fromDays`).
    package var daysSince1970: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whole days from this date to a later one (negative when `other` is earlier).
    /// The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 month
    /// is 28 or 29 Feb).
    package func adding(months: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (total / 12, total % 12 + 1)
        return LocalDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))!
    }

    package func days(until other: LocalDate) -> Int64 {
        other.daysSince1970 - daysSince1970
    }

    package static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `2026-11-20`: how dates are stored and shown.
    package var description: String {
        "\(year.padded(4))-\(month.padded(2))-\(day.padded(2))"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// Zero-padded decimal digits.
    func padded(_ width: Int) -> String {
        let digits = String(self)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
