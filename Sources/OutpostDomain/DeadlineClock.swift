/// One clock's arithmetic (`docs/ARCHITECTURE.md`, "Deadlines"): from a start, with a budget, over
/// the calendar, skipping the spans the case waited on the customer. A pause keeps the time left
/// in the clock's own unit: elapsed and working time stop, and a working day whose close falls
/// in a pause does not count.
package struct DeadlineClock: Sendable {
    package var start: UInt64
    package var budget: ClockBudget
    /// Spans the clock stands still, sorted; the last may be open (`UInt64.max`).
    package var pauses: [Range<UInt64>]

    package init(start: UInt64, budget: ClockBudget, pauses: [Range<UInt64>] = []) {
        self.start = start
        self.budget = budget
        self.pauses = pauses.filter { $0.upperBound > start }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The spans the clock runs, from its start.
    var running: [Range<UInt64>] {
        var spans = [Range<UInt64>]()
        var from = start
        for pause in pauses {
            if pause.lowerBound > from { spans.append(from..<pause.lowerBound) }
            from = max(from, pause.upperBound)
        }
        if from < UInt64.max { spans.append(from..<UInt64.max) }
        return spans
    }

    /// When the budget is used up, or nil while paused with time left (or beyond the horizon).
    package func due(on calendar: WorkingCalendar) -> UInt64? {
        var left = budget.amount
        switch budget.unit {
        case .elapsed:
            for span in running {
                if left <= span.upperBound - span.lowerBound { return span.lowerBound + left }
                left -= span.upperBound - span.lowerBound
            }
        case .businessHours:
            for span in running {
                let available = span.upperBound == UInt64.max ? UInt64.max : calendar.workingMilliseconds(from: span.lowerBound, to: span.upperBound)
                if left <= available { return calendar.adding(working: left, to: span.lowerBound) }
                left -= available
            }
        case .workingDays:
            // A working day counts at its close, if the clock is running then; the starting
            // day never counts.
            var day = calendar.time.date(at: start)
            for _ in 0..<WorkingCalendar.horizon {
                day = LocalDate(daysSince1970: day.daysSince1970 + 1)
                guard let hours = calendar.hours(of: day) else { continue }
                let close = hours.upperBound
                if pauses.contains(where: { $0.contains(close) }) {
                    if pauses.last?.upperBound == UInt64.max, close >= pauses.last!.lowerBound { return nil }
                    continue
                }
                left -= 1
                if left == 0 { return close }
            }
        }
        return nil
    }

    /// What is left of the budget at `instant`, in the clock's unit (for a paused clock).
    package func left(at instant: UInt64, on calendar: WorkingCalendar) -> ClockBudget {
        var used: UInt64 = 0
        switch budget.unit {
        case .elapsed, .businessHours:
            for span in running where span.lowerBound < instant {
                let end = min(span.upperBound, instant)
                used += budget.unit == .elapsed ? end - span.lowerBound : calendar.workingMilliseconds(from: span.lowerBound, to: end)
            }
        case .workingDays:
            var day = calendar.time.date(at: start)
            let last = calendar.time.date(at: instant)
            while day < last {
                day = LocalDate(daysSince1970: day.daysSince1970 + 1)
                if let close = calendar.hours(of: day)?.upperBound, close <= instant, !pauses.contains(where: { $0.contains(close) }) {
                    used += 1
                }
            }
        }
        return ClockBudget(budget.unit, budget.amount - min(used, budget.amount))
    }
}
