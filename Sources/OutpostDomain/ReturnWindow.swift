/// The handbook's return rule: "returns are accepted only within 7 days of purchase"
/// (`docs/ARCHITECTURE.md`, "Deadlines"). An eligibility check on the purchase date when a return is opened,
/// not a clock.
package enum ReturnWindow {
    package static let days: Int64 = 7
    /// A repair handed back is covered for 3 months (handbook: 提供3個月維修保障期): a new repair of
    /// the same serial number within them is a warranty repair.
    package static let repairWarrantyMonths = 3

    package static let rule = Phrase(
        "Service handbook: returns are accepted only within 7 days of purchase",
        "服务手册：退货仅在购买后 7 天内受理"
    )

    /// Days from purchase to today, on the station's calendar.
    package static func age(purchased: LocalDate, today: LocalDate) -> Int64 {
        purchased.days(until: today)
    }

    /// Whether a purchase on `purchased` may still be returned on `today` (the 7th day included).
    package static func accepts(purchased: LocalDate, today: LocalDate) -> Bool {
        age(purchased: purchased, today: today) <= days
    }
}
