import Foundation
import OutpostDomain
import OutpostTestSupport
import Testing

/// The deadline arithmetic across the 2026 National Day week (`docs/ARCHITECTURE.md`,
/// "Deadlines"): holidays 2026-10-01..08, extra working days Sunday 2026-09-27 and Saturday
/// 2026-10-10, Monday–Friday 09:00–18:00 in Asia/Shanghai. Every due time is computed by hand.
@Suite struct DeadlineClockTests {
    static let calendar: WorkingCalendar = {
        var calendar = WorkingCalendar()
        for day in 1...8 { calendar.holidays[LocalDate(year: 2026, month: 10, day: day)!] = "国庆节" }
        calendar.workdays[LocalDate(year: 2026, month: 9, day: 27)!] = "调休"
        calendar.workdays[LocalDate(year: 2026, month: 10, day: 10)!] = "调休"
        return calendar
    }()

    static let time = StationTime(zoneIdentifier: "Asia/Shanghai")

    static func at(_ text: String) -> UInt64 {
        time.parse(text, today: LocalDate(year: 2026, month: 1, day: 1)!)!
    }

    struct Row: CustomTestStringConvertible, Sendable {
        var start: String
        var within: String
        var unit: ClockBudget.Unit?
        var pauses: [(String, String?)] = []
        var due: String?
        var why: String
        var testDescription: String { "\(within) from \(start): \(why)" }
    }

    static let rows: [Row] = [
        Row(start: "2026-09-25 10:00", within: "1wd", due: "2026-09-27 18:00", why: "Sunday the 27th is an extra working day"),
        Row(start: "2026-09-30 10:00", within: "1wd", due: "2026-10-09 18:00", why: "the holidays are skipped"),
        Row(start: "2026-09-30 10:00", within: "2wd", due: "2026-10-10 18:00", why: "Saturday the 10th is an extra working day"),
        Row(start: "2026-09-30 10:00", within: "3wd", due: "2026-10-12 18:00", why: "Sunday the 11th is off"),
        Row(start: "2026-09-26 11:00", within: "5wd", due: "2026-10-09 18:00", why: "a Saturday start counts from the next working day"),
        Row(start: "2026-10-05 12:00", within: "1wd", due: "2026-10-09 18:00", why: "a start on a holiday"),
        Row(start: "2026-09-30 16:00", within: "4h", unit: .businessHours, due: "2026-10-09 11:00", why: "working hours resume after the holidays"),
        Row(start: "2026-10-03 10:00", within: "4h", unit: .businessHours, due: "2026-10-09 13:00", why: "working hours from a holiday"),
        Row(start: "2026-10-09 07:00", within: "2h", unit: .businessHours, due: "2026-10-09 11:00", why: "before opening counts from opening"),
        Row(start: "2026-10-09 17:00", within: "2h", unit: .businessHours, due: "2026-10-10 10:00", why: "into the extra working Saturday"),
        Row(start: "2026-09-30 10:00", within: "24h", due: "2026-10-01 10:00", why: "elapsed time ignores holidays"),
        Row(
            start: "2026-09-30 10:00", within: "8h", pauses: [("2026-09-30 12:00", "2026-09-30 15:00")], due: "2026-09-30 21:00",
            why: "a pause adds its length to elapsed time"),
        Row(
            start: "2026-09-30 10:00", within: "4h", unit: .businessHours, pauses: [("2026-09-30 11:00", "2026-10-09 10:00")],
            due: "2026-10-09 13:00", why: "working time left at the pause is kept"),
        Row(
            start: "2026-09-30 10:00", within: "2wd", pauses: [("2026-10-09 12:00", "2026-10-12 10:00")], due: "2026-10-13 18:00",
            why: "working days closing during a pause do not count"),
        Row(
            start: "2026-09-30 10:00", within: "2wd", pauses: [("2026-10-09 12:00", nil)], due: nil,
            why: "still waiting on the customer: paused"),
    ]

    @Test(arguments: rows)
    func theDueTimeIsTheHandComputedOne(row: Row) throws {
        let budget = try #require(ClockBudget(parsing: row.within, unit: row.unit))
        let pauses = row.pauses.map { Self.at($0.0)..<($0.1.map(Self.at) ?? UInt64.max) }
        let clock = DeadlineClock(start: Self.at(row.start), budget: budget, pauses: pauses)
        #expect(clock.due(on: Self.calendar).map(Self.time.text) == row.due)
    }

    @Test func aPausedClockKeepsTheTimeLeftInItsOwnUnit() throws {
        let clock = DeadlineClock(start: Self.at("2026-09-30 10:00"), budget: .workingDays(3), pauses: [Self.at("2026-10-09 12:00")..<UInt64.max])
        // Only the 9th's close would have counted, and it fell in the pause: 3 days left.
        #expect(clock.left(at: Self.at("2026-10-12 09:00"), on: Self.calendar) == .workingDays(3))
        let hours = DeadlineClock(
            start: Self.at("2026-09-30 16:00"), budget: .hours(4, .businessHours), pauses: [Self.at("2026-09-30 17:00")..<UInt64.max])
        #expect(hours.left(at: Self.at("2026-10-09 12:00"), on: Self.calendar) == .hours(3, .businessHours))
    }

    @Test(
        arguments: [
            ("8h", nil, ClockBudget.hours(8)), ("90m", nil, ClockBudget(.elapsed, 90 * 60_000)), ("3d", nil, ClockBudget.hours(72)),
            ("3wd", nil, ClockBudget.workingDays(3)), ("8h", ClockBudget.Unit.businessHours, ClockBudget.hours(8, .businessHours)),
        ] as [(String, ClockBudget.Unit?, ClockBudget)])
    func budgetsAreTypedAsClerksWriteThem(text: String, unit: ClockBudget.Unit?, budget: ClockBudget) {
        #expect(ClockBudget(parsing: text, unit: unit) == budget)
    }

    @Test(arguments: ["", "8", "h", "0h", "-3h", "3wd5", "8x"])
    func malformedBudgetsAreRefused(text: String) {
        #expect(ClockBudget(parsing: text) == nil)
        #expect(ClockBudget(parsing: "3wd", unit: .businessHours) == nil)
    }
}

/// Calendar regions: a station put in a region counts on the region's dates and week where it
/// has its own, and on the company's elsewhere; the same on every replica.
@Suite struct CalendarRegionTests {
    /// A region whose clocks change: working hours are wall-clock hours on the day the change
    /// happens too. Europe/Berlin moves from UTC+1 to UTC+2 at 02:00 on Sunday 2026-03-29 and back
    /// at 03:00 on Sunday 2026-10-25; with a seven-day week, those Sundays are working days.
    @Test(arguments: [
        ("2026-03-28", "08:00", "17:00"), ("2026-03-29", "07:00", "16:00"), ("2026-03-30", "07:00", "16:00"),
        ("2026-10-24", "07:00", "16:00"), ("2026-10-25", "08:00", "17:00"),
    ])
    func workingHoursFollowTheWallClockAcrossDaylightSavingChanges(day: String, opensUTC: String, closesUTC: String) throws {
        let calendar = WorkingCalendar(zone: "Europe/Berlin", weekdays: Set(1...7))
        let utc = StationTime(zoneIdentifier: "UTC")
        let date = try #require(LocalDate(parsing: day))
        let hours = try #require(calendar.hours(of: date))
        #expect(utc.text(hours.lowerBound) == "\(day) \(opensUTC)")
        #expect(utc.text(hours.upperBound) == "\(day) \(closesUTC)")
    }

    @Test func aRegionsHolidayMovesOnlyItsStationsDeadlines() throws {
        let directory = try temporaryDirectory()
        let clock = ManualClock(TestDesk.morning)
        let sz = try TestDesk("SZ01", in: directory, seed: 1, clock: clock)
        let hk = try TestDesk("HK01", in: directory, seed: 2, clock: clock)
        try sz.hire("经理", "manager")
        try sz.send(to: hk)
        try hk.send(to: sz)
        let policy = PolicyBook(store: sz.store)
        try policy.setRegion("HK", station: "HK01", by: "经理")
        // Tuesday 2026-11-24 is a holiday in Hong Kong only.
        try policy.mark("2026-11-24", as: "holiday", name: "假日", region: "HK", by: "经理")
        #expect(throws: DomainError.self) { try policy.setRegion("HK", station: "ZZ99", by: "经理") }
        try sz.send(to: hk)
        // Each station opens a repair on Monday 10:00: 5 working days.
        let szCase = try sz.open(try sz.customer("李雷", phone: "13800138000"), kind: "after-sales", service: "repair")
        let hkCase = try hk.open(try hk.customer("陈大文", phone: "+852 9123 4567"), kind: "after-sales", service: "repair")
        try sz.send(to: hk)
        try hk.send(to: sz)
        let time = StationTime(zoneIdentifier: "Asia/Shanghai")
        for desk in [sz, hk] {
            let clocks = try desk.cases.clocks()
            func repair(_ number: String) throws -> String? {
                try desk.cases.deadlines(of: try desk.cases.locate(number), clocks).items.first { $0.rule == "repair" }?.due.map(time.text)
            }
            #expect(try repair(szCase) == "2026-11-30 18:00", "Shenzhen: Tue–Fri and Monday")
            #expect(try repair(hkCase) == "2026-12-01 18:00", "Hong Kong skips its Tuesday holiday")
        }
        #expect(try PolicyBook(store: hk.store).month("2026-11", region: "HK").first { $0.date.day == 24 }?.working == false)
        #expect(try PolicyBook(store: hk.store).month("2026-11").first { $0.date.day == 24 }?.working == true)
    }
}
