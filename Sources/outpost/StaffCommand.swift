import ArgumentParser
import OutpostDomain
import OutpostStore

/// `outpost staff`: the staff list, replicated to every station like cases.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "List and manage the staff and their roles.",
        discussion: """
            Roles, lowest first: clerk, lead, supervisor, manager. A lead or above may set a \
            handbook rule aside (--override); a supervisor or above merges customers; a \
            manager changes the staff list. --as must name an active member of staff. A station \
            is one trusted machine: roles decide what the desk allows, not who may sign in. Use \
            --lang zh for Chinese.

            Example:
              outpost staff add 赵强 --role clerk --tier 2 --department 售后部 --as 王芳
              outpost staff list
            """,
        subcommands: [Add.self, List.self, Edit.self, Leave.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member of staff (a manager does this).",
            discussion: """
                The first member of a station made before staff existed may be added by anyone, \
                as its first manager.

                Example:
                  outpost staff add 陈静 --role lead --department 客服部 --as 王芳
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The name typed after --as.")
        var name: String

        @Option(help: "What the person may do (or 客服专员, 组长, 部门主管, 客服经理).")
        var role: Role

        @Option(help: "The support tier: 1, 2 or 3.")
        var tier: String?

        @Option(help: "The department.")
        var department: String?

        @Option(name: .customLong("station"), help: "The station code the person usually works at.")
        var home: String?

        func run() throws {
            try withDesk(station, output) { desk in
                let member = try desk.staff.add(
                    name, role: role.rawValue, tier: tier, department: department, station: home, by: try station.author(desk.store))
                desk.console.line(
                    desk.console.say(
                        "Added \(member.name), \(member.role.english).", "已添加 \(member.name)，\(member.role.chinese)。"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the staff: active first, then those who left.",
            discussion: """
                Example:
                  outpost staff list --json
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let members = try desk.staff.list()
                if json { return try JSONOutput.print(members) }
                let console = desk.console
                guard !members.isEmpty else {
                    return console.line(
                        console.say(
                            "No staff yet: add the first manager with `outpost staff add NAME --role manager`.",
                            "还没有员工：请用 `outpost staff add 姓名 --role manager` 添加第一位经理。"))
                }
                var table = TextTable([
                    .init(title: console.say("NAME", "姓名"), maxWidth: 20),
                    .init(title: console.say("ROLE", "角色"), maxWidth: 16),
                    .init(title: console.say("TIER", "层级"), maxWidth: 16),
                    .init(title: console.say("DEPARTMENT", "部门"), maxWidth: 16),
                    .init(title: console.say("STATION", "站点"), maxWidth: 8),
                    .init(title: console.say("ACTIVE", "在职"), maxWidth: 6),
                ])
                for member in members {
                    table.append([
                        .init(member.name, .bold), .init(console.term(member.role)), .init(member.tier.map(console.term)),
                        .init(member.department), .init(member.station),
                        .init(member.active ? console.say("yes", "是") : console.say("left", "已离职")),
                    ])
                }
                for line in table.render(on: console) { console.line(line) }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a member's role, tier, department or station (a manager does this).",
            discussion: """
                An empty value clears the tier, department or station. A role changed here while \
                another station acts under the old one does not undo what was done there: the \
                timeline shows the role each step was taken under.

                Example:
                  outpost staff edit 赵强 --role lead --as 王芳
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The member's name.")
        var name: String

        @Option(help: "What the person may do (or 客服专员, 组长, 部门主管, 客服经理).")
        var role: Role?

        @Option(help: "1, 2 or 3.")
        var tier: String?

        @Option(help: "The department.")
        var department: String?

        @Option(name: .customLong("station"), help: "The station code.")
        var home: String?

        @Flag(help: "Bring back a member who left.")
        var active = false

        func run() throws {
            try withDesk(station, output) { desk in
                let member = try desk.staff.edit(
                    name, role: role?.rawValue, tier: tier, department: department, station: home, active: active ? true : nil,
                    by: try desk.author())
                desk.console.line(
                    desk.console.say("Updated \(member.name): \(member.role.english).", "已更新 \(member.name)：\(member.role.chinese)。"))
            }
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a member as having left (kept on record; refused after --as).",
            discussion: """
                Example:
                  outpost staff leave 李娜 --as 王芳
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The member's name.")
        var name: String

        func run() throws {
            try withDesk(station, output) { desk in
                let member = try desk.staff.leave(name, by: try desk.author())
                desk.console.line(desk.console.say("\(member.name) is marked as left.", "\(member.name) 已标记为离职。"))
            }
        }
    }
}
