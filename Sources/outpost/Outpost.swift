import ArgumentParser

/// `outpost`: the branch staff's case desk, working offline on the station's own replica.
@main
struct Outpost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outpost",
        abstract: "The branch case desk: customers, cases and sync, working offline.",
        discussion: """
            Every command works on the station database given by --db (default: $OUTPOST_DB, \
            or ./outpost.db) and keeps working without a network.

            Exit codes: 0 ok, 1 user error, 2 usage, 3 not found, 4 conflict or refused transition.
            """,
        subcommands: [InitCommand.self]
    )
}
