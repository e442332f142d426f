import ArgumentParser
import OutpostDomain
import OutpostStore

/// `outpost station set`: this station's own settings.
struct StationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Change this station's own settings, such as its time zone.",
        discussion: """
            Example:
              outpost station set --time-zone Asia/Shanghai
            """,
        subcommands: [Set.self]
    )

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the station's time zone: it dates new case numbers and shows times.",
            discussion: """
                Case numbers already issued keep their dates. The zone is this station's own: it \
                is not sent to other stations.

                Example:
                  outpost station set --time-zone Asia/Shanghai
                """
        )

        @OptionGroup var options: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("The IANA time zone, such as Asia/Shanghai.", valueName: "zone"))
        var timeZone: String

        func run() throws {
            let language = output.languageOrEnglish
            try reporting(in: language) {
                let store = try options.openStore()
                try store.setTimeZone(timeZone)
                print(
                    Console(language: language).say(
                        "Time zone set to \(timeZone): new case numbers carry its dates; numbers already issued keep theirs.",
                        "时区已设为 \(timeZone)：新案件编号使用该时区的日期，已发出的编号保持不变。"))
            }
        }
    }
}
