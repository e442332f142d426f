import ArgumentParser
import OutpostDomain
import OutpostStore

/// `outpost report`: the weekly or monthly report of this station's replica.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The weekly or monthly report: cases opened and closed, first-contact resolution, deadlines, surveys, complaints.",
        discussion: """
            Counts are plain queries over the replica's tables, by station dates in the calendar's \\
            zone; the relay gives the same report for all stations (`outpost-relay report`). Use \\
            --lang zh for Chinese.

            Example:
              outpost report week
              outpost report month --from 2026-11-01 --to 2026-11-30 --station SZ01 --csv
            """
    )

    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "week (the 7 days ending today) or month (this month so far).")
    var period: String

    @Option(help: "The first day, YYYY-MM-DD.")
    var from: String?

    @Option(help: "The last day, YYYY-MM-DD (default: today).")
    var to: String?

    @Option(name: .customLong("station"), help: "Only the cases a station opened.")
    var code: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print the report as CSV: section,key,value.")
    var csv = false

    func run() throws {
        try withDesk(station, output) { desk in
            let today = try desk.cases.clocks().calendar.time.date(at: StationStore.systemMilliseconds())
            let (first, last) = try CaseReport.period(period, from: from, to: to, today: today)
            let report = try CaseReport.make(desk.cases, from: first, to: last, station: code)
            if json { return try JSONOutput.print(report) }
            if csv { return print(report.csv, terminator: "") }
            for line in report.lines(in: desk.console.language) { desk.console.line(line) }
        }
    }
}
