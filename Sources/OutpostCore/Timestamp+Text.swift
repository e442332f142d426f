extension Timestamp {
    /// The wall-clock part as ISO 8601 UTC with milliseconds (`2026-11-22T08:15:00.123Z`):
    /// how `created` and `updated` read in the domain tables, the same text on every replica.
    package var isoText: String {
        let milliseconds = Int64(self.milliseconds)
        let days = milliseconds.floorDivided(by: 86_400_000)
        let inDay = milliseconds - days * 86_400_000
        let (year, month, day) = CivilDate.fromDays(days)
        let (hour, minute, second, milli) = (inDay / 3_600_000, inDay / 60_000 % 60, inDay / 1000 % 60, inDay % 1000)
        guard year <= 9999 else {
            return "\(year)-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(milli, 3))Z"
        }
        // Written in place, digit by digit: this text is made for every row a batch touches.
        return String(unsafeUninitializedCapacity: 24) { text in
            func put(_ value: Int64, width: Int, end: Int) {
                var value = value
                for index in stride(from: end - 1, through: end - width, by: -1) {
                    text[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
                    value /= 10
                }
            }
            (text[4], text[7], text[10], text[13], text[16], text[19], text[23]) =
                (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"), UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "Z"))
            put(year, width: 4, end: 4)
            put(month, width: 2, end: 7)
            put(day, width: 2, end: 10)
            put(hour, width: 2, end: 13)
            put(minute, width: 2, end: 16)
            put(second, width: 2, end: 19)
            put(milli, width: 3, end: 23)
            return 24
        }
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Proleptic Gregorian dates from day counts since 1970-01-01 (H. Hinnant's algorithm).
package enum CivilDate {
    package static func fromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    package func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
