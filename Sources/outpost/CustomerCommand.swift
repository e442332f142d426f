import ArgumentParser

/// `outpost customer`: the people and organisations the branch serves.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Add, find, show, edit and merge customers.",
        discussion: """
            A customer is given by its id (such as SZ01.17) or by a phone number or email.

            Example:
              outpost customer add --name "李雷" --phone "138 0013 8000"
              outpost customer find 李雷
            """,
        subcommands: [Add.self, Find.self, Show.self, Edit.self, Merge.self]
    )
}
