import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case contact`: a contact attempt with its channel and outcome.
    struct Contact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a contact attempt: channel and outcome.",
            discussion: """
                Outcomes: reached (已联系上), no-answer (无人接听), left-message (已留言). The first \
                contact starts work on a new case. --at records an earlier time, in the station's \
                time zone.

                Example:
                  outpost case contact SZ01-20261123-0001 --channel phone \\
                      --outcome reached --note "约好明天上门"
                  outpost case contact SZ01-20261123-0001 --channel 电话 \\
                      --outcome 无人接听 --at 09:40
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Option(help: "How the contact was made (or 电话, 邮件, 网页, 社交媒体, 门店, 上门, 传真).")
        var channel: CaseChannel

        @Option(help: "reached, no-answer or left-message.")
        var outcome: String

        @Option(help: "What was said.")
        var note: String?

        @Option(help: "When: HH:MM today, or YYYY-MM-DD HH:MM (default: now).")
        var at: String?

        func run() throws {
            try withDesk(station, output) { desk in
                let result = try desk.cases.contact(number, channel: channel.rawValue, outcome: outcome, note: note, at: at, by: try desk.author())
                desk.report(result, done: Phrase("contact recorded", "已记录联系"))
            }
        }
    }
}
