import ArgumentParser
import Foundation
import OutpostCore
import OutpostDomain

/// `outpost`: the branch staff's case desk, working offline on the station's own replica.
@main
struct Outpost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost",
        abstract: "The branch case desk: customers, cases and sync, working offline.",
        discussion: """
            Every command works on the station database given by --db (default: $OUTPOST_DB, \
            or ./outpost.db) and keeps working without a network. Changes are recorded under \
            --as NAME (default: $OUTPOST_STAFF, or the staff name given to `outpost init`).

            Kinds, channels, severities, tiers and statuses are accepted in English or Chinese \
            (complaint or 投诉, urgent or 紧迫). --lang zh, or a Chinese LANG, shows labels and \
            messages in Chinese. Listings and `show` take --json.

            Example:
              outpost today
              outpost case open --customer 13800138000 --kind 投诉 --channel phone \\
                  --severity urgent --title "退款慢"

            Exit codes: 0 ok, 1 user error, 2 usage, 3 not found, 4 conflict or refused transition, \
            5 relay unreachable (changes kept in the outbox).
            """,
        version: OutpostVersion.text,
        subcommands: [
            InitCommand.self,
            CustomerCommand.self,
            CaseCommand.self,
            TodayCommand.self,
            StaffCommand.self,
            CalendarCommand.self,
            SLACommand.self,
            ReportCommand.self,
            // sync, status, relay, clock, conflicts: added by the sync work
            SyncCommand.self, StatusCommand.self, RelayCommand.self, ClockCommand.self, ReenrolCommand.self, StationCommand.self,
            ConflictsCommand.self, ExplainCommand.self, VerifyCommand.self, DemoCommand.self,
        ]
    )

    /// Parses and runs a command like `AsyncParsableCommand.main`, but exits with 2 on a usage
    /// error (argument-parser uses 64, `EX_USAGE`), as the exit codes above promise.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                var message = fullMessage(for: error) + "\n"
                // argument-parser speaks English only: a Chinese reader also gets the refused
                // vocabulary value and the allowed ones in Chinese.
                let arguments = Array(CommandLine.arguments.dropFirst())
                if OutputOptions.language(in: arguments, environment: ProcessInfo.processInfo.environment) == .chinese {
                    message += VocabularyArguments.refusals(in: arguments).map { $0.chinese + "\n" }.joined()
                }
                FileHandleOutput.standardError(message)
                Foundation.exit(CommandFailure.Kind.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}
