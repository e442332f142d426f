import ArgumentParser
import Foundation
import OutpostDomain
import OutpostStore

/// `outpost calendar`: the working calendar the deadline clocks count on.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show and change the working calendar: working week and hours, holidays, extra working days.",
        discussion: """
            Replicated to every station. Hour clocks run on elapsed time unless the rule says \
            working hours; day clocks count working days. Changing the calendar needs a manager; \
            deadlines move the same way on every replica once the change arrives. Use --lang zh \
            for Chinese.

            Example:
              outpost calendar show --month 2026-10
              outpost calendar holiday add 2026-10-01..2026-10-08 --name "国庆节"
              outpost calendar workday add 2026-09-27 --name "调休"
              outpost calendar hours set mon-fri 09:00-18:00
              outpost calendar region set HK01 --region HK
              outpost calendar holiday add 2026-07-01 --name "回归纪念日" --region HK

            Regions: a station put in a region counts its cases on that region's week and dates \
            where the region has its own, and on the company's elsewhere.
            """,
        subcommands: [Show.self, Holiday.self, Workday.self, Hours.self, Region.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the working week and a month's days.",
            discussion: """
                Example:
                  outpost calendar show --month 2026-10
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "The month, YYYY-MM (default: this month).")
        var month: String?

        @Option(help: "A region's calendar (default: the company's).")
        var region: String?

        func run() throws {
            try withDesk(station, output) { desk in
                let book = PolicyBook(store: desk.store)
                let calendar = try book.calendar(region: region)
                let console = desk.console
                let names = ["", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                let week = calendar.weekdays.sorted().map { names[$0] }.joined(separator: ",")
                let hours = String(
                    format: "%02d:%02d-%02d:%02d", calendar.opens / 60, calendar.opens % 60, calendar.closes / 60, calendar.closes % 60)
                console.line(
                    console.say(
                        "Working week: \(week) \(hours), time zone \(calendar.time.zone.identifier)",
                        "工作周：\(week) \(hours)，时区 \(calendar.time.zone.identifier)"))
                let month = month ?? String(desk.time.date(at: StationStore.systemMilliseconds()).description.prefix(7))
                for day in try book.month(month, region: region) {
                    let weekday = names[WorkingCalendar.weekday(day.date)]
                    let kind = day.working ? console.say("working", "工作日") : console.say("off", "休息")
                    console.line(
                        "  \(day.date) \(weekday)  " + console.paint(kind, day.working ? nil : .dim) + (day.name.map { "  \($0)" } ?? ""))
                }
            }
        }
    }

    struct Holiday: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark dates as holidays (or back to the usual week).",
            discussion: """
                Example:
                  outpost calendar holiday add 2026-10-01..2026-10-08 --name "国庆节"
                  outpost calendar holiday remove 2026-10-08
                """,
            subcommands: [Add.self, Remove.self]
        )

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark a date or a range as holidays (a manager).",
                discussion: """
                    Example:
                      outpost calendar holiday add 2026-10-01..2026-10-08 --name "国庆节"
                    """
            )

            @OptionGroup var options: CalendarDayOptions

            func run() throws { try options.mark("holiday", Phrase("holiday", "节假日")) }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Return dates to the usual working week (a manager).",
                discussion: """
                    Example:
                      outpost calendar holiday remove 2026-10-08
                    """
            )

            @OptionGroup var options: CalendarDayOptions

            func run() throws { try options.mark("usual", Phrase("the usual week", "常规工作周")) }
        }
    }

    struct Workday: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark extra working days (a weekend declared a working day).",
            discussion: """
                Example:
                  outpost calendar workday add 2026-09-27 --name "调休"
                """,
            subcommands: [Add.self]
        )

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Mark a date or a range as extra working days (a manager).",
                discussion: """
                    Example:
                      outpost calendar workday add 2026-09-27 --name "调休"
                    """
            )

            @OptionGroup var options: CalendarDayOptions

            func run() throws { try options.mark("workday", Phrase("extra working day", "调休工作日")) }
        }
    }

    struct Hours: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the working week and hours.",
            discussion: """
                Example:
                  outpost calendar hours set mon-fri 09:00-18:00
                """,
            subcommands: [Set.self]
        )

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set the working days and hours, and optionally the calendar's time zone (a manager).",
                discussion: """
                    Example:
                      outpost calendar hours set mon-fri 09:00-18:00 --time-zone Asia/Shanghai
                    """
            )

            @OptionGroup var station: StationOptions
            @OptionGroup var output: OutputOptions

            @Argument(help: "The working days: mon-fri, or a list such as mon,tue,wed,thu,fri,sat.")
            var days: String

            @Argument(help: "The working hours: 09:00-18:00.")
            var hours: String

            @Option(help: "The calendar's IANA time zone (default: unchanged, Asia/Shanghai at first).")
            var timeZone: String?

            @Option(help: "A region's week (default: the company's).")
            var region: String?

            func run() throws {
                try withDesk(station, output) { desk in
                    try PolicyBook(store: desk.store).setHours(days: days, hours: hours, timeZone: timeZone, region: region, by: try desk.author())
                    desk.console.line(desk.console.say("Working week set: \(days) \(hours).", "工作周已设为：\(days) \(hours)。"))
                }
            }
        }
    }
}

extension CalendarCommand {
    struct Region: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put stations in calendar regions.",
            discussion: """
                Example:
                  outpost calendar region set HK01 --region HK
                """,
            subcommands: [Set.self]
        )

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Put a station in a calendar region, or back in the company's with --region \"\" (a manager).",
                discussion: """
                    Example:
                      outpost calendar region set HK01 --region HK
                    """
            )

            @OptionGroup var station: StationOptions
            @OptionGroup var output: OutputOptions

            @Argument(help: "The station's code.")
            var code: String

            @Option(help: "The region's name.")
            var region: String

            func run() throws {
                try withDesk(station, output) { desk in
                    try PolicyBook(store: desk.store).setRegion(region, station: code.uppercased(), by: try desk.author())
                    desk.console.line(
                        desk.console.say(
                            "\(code.uppercased()) counts on the calendar of \(region.isEmpty ? "the company" : region).",
                            "\(code.uppercased()) 使用\(region.isEmpty ? "公司" : region)的工作日历。"))
                }
            }
        }
    }
}

/// The dates a calendar change marks, and their name.
struct CalendarDayOptions: ParsableArguments {
    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A date, YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD.")
    var dates: String

    @Option(help: "The name shown in the calendar.")
    var name: String?

    @Option(help: "A region's dates (default: the company's).")
    var region: String?

    func mark(_ kind: String, _ label: Phrase) throws {
        try withDesk(station, output) { desk in
            let marked = try PolicyBook(store: desk.store).mark(dates, as: kind, name: name, region: region, by: try desk.author())
            desk.console.line(
                desk.console.say(
                    "\(marked.count) day(s) marked: \(label.english).", "已标记 \(marked.count) 天：\(label.chinese)。"))
        }
    }
}
