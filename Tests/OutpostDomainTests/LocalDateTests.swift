import OutpostDomain
import Testing

@Suite struct LocalDateTests {
    @Test(arguments: ["2026-11-20", "2026/11/20", "2026.11.20", "20261120", "2026年11月20日", " 2026-11-20 "])
    func theFormsAClerkTypes(text: String) {
        #expect(LocalDate(parsing: text)?.description == "2026-11-20")
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "20-11-2026", "yesterday", ""])
    func notDates(text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test func dayCountsRoundTrip() {
        for days: Int64 in [-1, 0, 59, 365, 20_415, 30_000] {
            #expect(LocalDate(daysSince1970: days).daysSince1970 == days)
        }
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.days(until: LocalDate(year: 2024, month: 3, day: 1)!) == 1)
    }

    @Test func theReturnWindowIncludesTheSeventhDay() {
        let today = LocalDate(year: 2026, month: 11, day: 23)!
        #expect(ReturnWindow.accepts(purchased: LocalDate(year: 2026, month: 11, day: 16)!, today: today))
        #expect(!ReturnWindow.accepts(purchased: LocalDate(year: 2026, month: 11, day: 15)!, today: today))
        #expect(ReturnWindow.age(purchased: LocalDate(year: 2026, month: 11, day: 15)!, today: today) == 8)
    }

    @Test func stationTimeUsesTheStationsZone() {
        let shanghai = StationTime(zoneIdentifier: "Asia/Shanghai")
        // 2026-11-22 16:30 UTC is already the 23rd in Shanghai.
        let instant: UInt64 = 1_795_365_000_000
        #expect(shanghai.date(at: instant).description == "2026-11-23")
        #expect(shanghai.text(instant) == "2026-11-23 00:30")
        #expect(StationTime(zoneIdentifier: "UTC").date(at: instant).description == "2026-11-22")
        let today = LocalDate(year: 2026, month: 11, day: 23)!
        #expect(shanghai.parse("09:40", today: today) == shanghai.start(of: today) + 9 * 3_600_000 + 40 * 60_000)
        #expect(shanghai.parse("2026-11-22 23:00", today: today) == shanghai.start(of: today) - 3_600_000)
        #expect(shanghai.parse("25:00", today: today) == nil)
        #expect(StationTime.milliseconds(fromISO: "2026-11-23T02:00:00.000Z") == 1_795_399_200_000)
        #expect(StationTime.isoText(1_795_399_200_000) == "2026-11-23T02:00:00.000Z")
    }
}
