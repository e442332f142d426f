import ArgumentParser
import Foundation
import OutpostDomain
import OutpostStore

/// `outpost conflicts`: see and settle fields two stations changed at the same time.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List, show and settle conflicts: fields two stations changed at the same time.",
        discussion: """
            Every station shows the same conflicts with the same ids and the same value shown. \
            Settling writes one value over every competing one; after the next sync it is \
            settled on every station and on the relay. `conflicts list` also lists after-sales \
            steps two stations took concurrently against the service's order (settled with \
            `outpost case settle`). Use --lang zh for Chinese.

            Example:
              outpost conflicts list
              outpost conflicts show 3f2a9c0d11e4b7a2
              outpost conflicts settle 3f2a9c0d11e4b7a2 --pick 2 \\
                  --note "confirmed with the customer"
            """,
        subcommands: [List.self, Show.self, Settle.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List open conflicts, oldest first.",
            discussion: """
                With --duplicates, lists possible duplicate customers instead: records not merged \
                into one another that share a phone or an email and were created at different \
                stations, each with the `customer merge` command that joins them (keeping the \
                older record).

                Example:
                  outpost conflicts list --all
                  outpost conflicts list --duplicates
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Include settled conflicts, read from the history.")
        var all = false

        @Flag(help: "List possible duplicate customers (a shared phone or email, created at different stations) instead.")
        var duplicates = false

        @Flag(help: "Print the conflicts (or the possible duplicates) as JSON.")
        var json = false

        func validate() throws {
            if duplicates && all {
                throw ValidationError("--all is for conflicts; --duplicates lists the customers still to merge: give one of them")
            }
        }

        func run() throws {
            try withDesk(station, output) { desk in
                if duplicates {
                    let pairs = try desk.customers.possibleDuplicates()
                    if json { return try JSONOutput.print(pairs) }
                    return DuplicatesView(desk: desk).list(pairs)
                }
                // Settled conflicts are read from the history, which must be whole.
                if all, try desk.store.lacksHistory() { throw CommandFailure.historyNotHere }
                let entries = try ConflictBook(store: desk.store).list(settled: all)
                if json { return try JSONOutput.print(entries) }
                ConflictView(desk: desk).list(entries)
                let console = desk.console
                for (number, anomaly) in try desk.cases.allStepConflicts() {
                    console.line(
                        console.paint(
                            console.say(
                                "\(number): unsettled after-sales step \(anomaly.taken.eventID) (\(anomaly.taken.step.english)): \(anomaly.why.english); settle with `outpost case settle \(number) \(anomaly.taken.eventID) --reason \"...\"` (a lead)",
                                "\(number)：售后步骤 \(anomaly.taken.eventID)（\(anomaly.taken.step.chinese)）待处理：\(anomaly.why.chinese)；请组长用 `outpost case settle \(number) \(anomaly.taken.eventID) --reason \"...\"` 处理"
                            ), .yellow))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one conflict and the field's history leading to it.",
            discussion: """
                Example:
                  outpost conflicts show 3f2a9c0d11e4b7a2
                  outpost conflicts show 3f2a9c0d11e4b7a2 --json
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The conflict id, as `conflicts list` shows it.")
        var id: String

        @Flag(help: "Print the conflict as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let book = ConflictBook(store: desk.store)
                let entry = try book.conflict(id)
                let history = try book.fieldHistory(entry)
                if json { return try JSONOutput.print(ConflictWithHistory(conflict: entry, history: history)) }
                let view = ConflictView(desk: desk)
                view.print(entry)
                desk.console.line(desk.console.say("  History of the field:", "  字段历史："))
                for item in history { desk.console.line("    " + view.describe(item, of: entry.field, in: entry.table)) }
            }
        }
    }

    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle a conflict with one write over every competing value.",
            discussion: """
                Refused with "heads changed, list again" (exit 4) when the field changed since the id was listed.

                Example:
                  outpost conflicts settle 3f2a9c0d11e4b7a2 --keep-shown
                  outpost conflicts settle 3f2a9c0d11e4b7a2 --pick 1 \\
                      --note "customer confirmed"
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The conflict id.")
        var id: String

        @Flag(help: "Keep the value shown now.")
        var keepShown = false

        @Option(help: "Keep competing value N (1-based, in the order `conflicts show` lists them).")
        var pick: Int?

        @Option(help: "Write this value instead.")
        var value: String?

        @Option(help: "A note recorded on the case with the settlement.")
        var note: String?

        func validate() throws {
            let chosen = [keepShown, pick != nil, value != nil].filter { $0 }.count
            guard chosen == 1 else { throw ValidationError("give exactly one of --keep-shown, --pick N, --value V") }
        }

        func run() throws {
            try withDesk(station, output) { desk in
                let choice: ConflictBook.Choice = keepShown ? .keepShown : pick.map { .pick($0) } ?? .value(value ?? "")
                let entry = try ConflictBook(store: desk.store).settle(id, choice, note: note, by: try desk.author())
                let field = FieldNames.label(entry.field)
                desk.console.line(
                    desk.console.say(
                        "settled \(entry.id) (\(entry.label), \(field.english)); sync to settle it on every station",
                        "已解决冲突 \(entry.id)（\(entry.label)，\(field.chinese)）；同步后所有站点生效"
                    ))
            }
        }
    }
}

struct ConflictWithHistory: Encodable {
    var conflict: ConflictEntry
    var history: [ConflictValue]
}

/// Conflicts as text in the reader's language: fields by their desk names, vocabulary values by
/// the handbook's words and edit times in the station's zone, as clerks read them (`--json` keeps
/// the columns, the stored values and UTC, for scripts).
struct ConflictView {
    let desk: Desk
    var console: Console { desk.console }

    func list(_ entries: [ConflictEntry]) {
        if entries.isEmpty { return console.line(console.say("no conflicts", "没有冲突")) }
        for entry in entries { print(entry) }
    }

    func print(_ entry: ConflictEntry) {
        let state =
            entry.open
            ? console.paint(console.say("[open]", "[未解决]"), .boldRed)
            : console.paint(console.say("[settled]", "[已解决]"), .green)
        let field = console.say(FieldNames.label(entry.field))
        console.line("\(console.paint(entry.id, .bold))  \(entry.label)  · \(field)  \(state)")
        for (index, value) in entry.values.enumerated() {
            console.line("  \(index + 1). " + describe(value, of: entry.field, in: entry.table))
        }
        if entry.open {
            let shown = self.value(entry.shown, of: entry.field, in: entry.table)
            console.line(console.say("  shown: \(shown)  (policy \(entry.policy))", "  当前显示：\(shown)（策略 \(entry.policy)）"))
        } else if let settlement = entry.settlement {
            let value = self.value(settlement.value, of: entry.field, in: entry.table)
            let when = desk.local(settlement.edited)
            console.line(
                console.say(
                    "  settled: \(value) by \(settlement.staff) at \(settlement.station), \(when)",
                    "  已解决：\(value)，\(settlement.staff)（\(settlement.station)），\(when)"
                ))
        }
    }

    /// One value of a field, who wrote it, where and when: `非常紧迫  — SZ01, li.wei, 2026-11-30 10:30`.
    func describe(_ value: ConflictValue, of column: String, in table: String) -> String {
        "\(self.value(value.value, of: column, in: table))  — \(value.station), \(value.staff), \(desk.local(value.edited))"
    }

    private func value(_ stored: String, of column: String, in table: String) -> String {
        console.say(FieldNames.value(stored, of: column, in: table, time: desk.time))
    }
}

/// Possible duplicate customers as text: both records, what they share, and the merge command.
struct DuplicatesView {
    let desk: Desk
    var console: Console { desk.console }

    func list(_ pairs: [PossibleDuplicate]) {
        if pairs.isEmpty {
            return console.line(console.say("no possible duplicate customers", "没有疑似重复的客户"))
        }
        console.line(
            console.say(
                "\(pairs.count) possible duplicate customer pair(s): a shared phone or email, created at different stations",
                "\(pairs.count) 对疑似重复的客户：电话或邮箱相同，在不同站点创建"
            ))
        for pair in pairs {
            console.line()
            console.line(line(pair.keep))
            console.line(line(pair.duplicate))
            let shared =
                pair.phones.map { console.say("phone ", "电话 ") + PhoneDisplay.format($0) } + pair.emails.map { console.say("email ", "邮箱 ") + $0 }
            console.line(console.say("  shared: ", "  相同：") + shared.joined(separator: console.say(", ", "，")))
            console.line(
                console.say("  to join them, keeping the older record: ", "  合并（保留较早的记录）：")
                    + console.paint(pair.command, .bold))
        }
    }

    private func line(_ side: PossibleDuplicate.Side) -> String {
        // A shared value carried by a record merged into this one earlier.
        let merged = side.records.filter { $0 != side.id }
        let via =
            merged.isEmpty
            ? ""
            : console.say(
                " (via merged \(merged.joined(separator: ", ")))", "（经已合并的 \(merged.joined(separator: "、"))）"
            )
        return "  \(console.paint(side.id, .bold))  \(side.name)" + via + "  "
            + console.say(
                "created at \(side.station) \(desk.local(side.created)), \(side.cases) case(s)",
                "\(side.station) 创建于 \(desk.local(side.created))，\(side.cases) 个案件")
    }
}
