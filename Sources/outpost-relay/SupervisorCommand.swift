import ArgumentParser
import Foundation
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

/// `outpost-relay supervisor`: who may sign in to the board served at /board.
struct SupervisorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervisor",
        abstract: "Add, list and revoke the supervisors who may sign in to the board.",
        discussion: """
            Examples:
              outpost-relay supervisor add 李娜 --db relay.db
              outpost-relay supervisor list --db relay.db
              outpost-relay supervisor revoke 李娜 --db relay.db
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a supervisor and print their one-time sign-in token.",
            discussion: "Example:\n  outpost-relay supervisor add 李娜 --db relay.db"
        )

        @OptionGroup var options: RelayOptions

        @Argument(help: "The supervisor's name, as the board shows it.")
        var name: String

        func run() async throws {
            try await failing(options.language) {
                let name = name.trimmingSpaces()
                guard !name.isEmpty, name.count <= 100 else {
                    throw RelayLogError(.malformed, "give the supervisor's name (at most 100 characters)", chinese: "请给出主管的姓名（最多 100 个字符）")
                }
                let token = StationToken.generate()
                try await options.openLog().addSupervisor(name: name, tokenHash: StationToken.hash(token), now: StationStore.systemMilliseconds())
                print(
                    options.say(
                        """
                        Supervisor \(name) added. Their sign-in token (shown only now; the relay keeps only a hash):

                          \(token)

                        Sign in at http://HOST:PORT/board/sign-in with it; revoke it with
                          outpost-relay supervisor revoke \(name)
                        """,
                        """
                        主管 \(name) 已添加。其登录令牌（只显示这一次；中继只保存其哈希）：

                          \(token)

                        用它在 http://HOST:PORT/board/sign-in 登录；吊销用
                          outpost-relay supervisor revoke \(name)
                        """))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List supervisors: state, when added, last sign-in.",
            discussion: "Example:\n  outpost-relay supervisor list --db relay.db"
        )

        @OptionGroup var options: RelayOptions

        func run() async throws {
            try await failing(options.language) {
                let supervisors = try await options.openLog().supervisors()
                func time(_ milliseconds: UInt64?) -> String {
                    milliseconds.map { Timestamp(milliseconds: $0, counter: 0).isoText } ?? options.say("never", "从未")
                }
                let header = options.language == .chinese ? ["姓名", "状态", "添加时间", "最近登录"] : ["name", "state", "added", "last sign-in"]
                let revoked = options.say("revoked", "已吊销")
                let active = options.say("active", "有效")
                printTable(header, supervisors.map { [$0.name, $0.revoked ? revoked : active, time($0.added), time($0.lastSeen)] })
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a supervisor's token and sessions at once (also for a relay already running).",
            discussion: "Example:\n  outpost-relay supervisor revoke 李娜 --db relay.db"
        )

        @OptionGroup var options: RelayOptions

        @Argument(help: "The supervisor's name.")
        var name: String

        func run() async throws {
            try await failing(options.language) {
                try await options.openLog().revokeSupervisor(name: name.trimmingSpaces())
                print(
                    options.say(
                        "Supervisor \(name)'s token is revoked; their next request to the board is refused.",
                        "主管 \(name) 的令牌已吊销；其下一次访问看板将被拒绝。"))
            }
        }
    }
}
