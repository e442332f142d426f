import OutpostCore

/// How long a deadline clock runs, and how it counts (`docs/ARCHITECTURE.md`, "Deadlines"):
/// elapsed time, working hours of the calendar, or working days ("within N working days" is due
/// at the end of working hours on the N-th working day after the starting day).
package struct ClockBudget: Hashable, Sendable, CustomStringConvertible {
    package enum Unit: String, Hashable, Sendable, CaseIterable {
        case elapsed
        case businessHours = "business-hours"
        case workingDays = "working-days"
    }

    package var unit: Unit
    /// Milliseconds for elapsed and business-hours clocks; a count of days for working days.
    package var amount: UInt64

    package init(_ unit: Unit, _ amount: UInt64) {
        self.unit = unit
        self.amount = amount
    }

    package static func hours(_ count: UInt64, _ unit: Unit = .elapsed) -> ClockBudget { ClockBudget(unit, count * 3_600_000) }
    package static func workingDays(_ count: UInt64) -> ClockBudget { ClockBudget(.workingDays, count) }

    /// `8h`, `90m`, `3d` (elapsed days), `3wd` (working days); `unit` turns hours into working
    /// hours. Nil when the text is none of these.
    package init?(parsing text: String, unit: Unit? = nil) {
        let trimmed = text.trimmingSpaces().lowercased()
        let suffixes: [(String, UInt64)] = [("wd", 0), ("h", 3_600_000), ("m", 60_000), ("d", 86_400_000)]
        for (suffix, scale) in suffixes where trimmed.hasSuffix(suffix) {
            guard let count = UInt64(trimmed.dropLast(suffix.count)), count > 0, count <= 10_000 else { return nil }
            // Within the horizon clocks are followed to (a year and a half), so no clock reads
            // as paused for being too long.
            guard suffix == "wd" ? count <= 250 : count * scale <= 366 * 86_400_000 else { return nil }
            if suffix == "wd" {
                guard unit == nil || unit == .workingDays else { return nil }
                self.init(.workingDays, count)
            } else {
                guard unit != .workingDays, unit != .businessHours || count * scale <= 1_000 * 3_600_000 else { return nil }
                self.init(unit ?? .elapsed, count * scale)
            }
            return
        }
        return nil
    }

    /// `8h`, `3wd`, `90m`: the form `sla set --within` takes.
    package var description: String {
        switch unit {
        case .workingDays: return "\(amount)wd"
        case .elapsed, .businessHours:
            if amount % 3_600_000 == 0 { return "\(amount / 3_600_000)h" }
            return "\(amount / 60_000)m"
        }
    }

    /// In words: `8 h`, `8 working hours`, `3 working days`.
    package var phrase: Phrase {
        let working = unit == .businessHours
        if unit == .workingDays { return Phrase("\(amount) working day\(amount == 1 ? "" : "s")", "\(amount) 个工作日") }
        let (count, english, chinese) =
            amount % 3_600_000 == 0 ? (amount / 3_600_000, "h", "小时") : (amount / 60_000, "min", "分钟")
        if working {
            let unit = english == "h" ? "hour" : "minute"
            return Phrase("\(count) working \(unit)\(count == 1 ? "" : "s")", "\(count) 个工作\(chinese)")
        }
        return Phrase("\(count) \(english)", "\(count) \(chinese)")
    }
}
