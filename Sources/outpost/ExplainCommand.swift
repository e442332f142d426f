import ArgumentParser
import OutpostDomain
import OutpostStore

/// `outpost explain`: where every field of a case or customer came from.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show, for every field of a case or customer, who set it, where, when, and what it overwrote.",
        discussion: """
            Times are edit times (when the change was made at its station), not upload times, \
            shown in the station's time zone; --json gives them in UTC, with the stored values.

            Example:
              outpost explain SZ01-20261123-0001
              outpost explain 13800138000
            """
    )

    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A case number or id, or a customer (phone, email, id or name).")
    var reference: String

    @Flag(help: "Print the provenance as JSON.")
    var json = false

    func run() throws {
        try withDesk(station, output) { desk in
            guard try !desk.store.lacksHistory() else { throw CommandFailure.historyNotHere }
            let table: String
            let id: String
            let label: String
            if let found = try? desk.cases.locate(reference) {
                (table, id, label) = ("cases", found.id, "\(found.number)  \(found.title)")
            } else {
                let record = try desk.customers.locate(reference).survivor
                (table, id, label) = ("customers", record.id, record.name)
            }
            guard let row = try desk.store.rowID(id) else { throw CommandFailure(.notFound, "no record \(id)") }
            let fields = try ConflictBook(store: desk.store).explain(table: table, row: row)
            if json { return try JSONOutput.print(fields) }
            let console = desk.console
            console.line(console.paint(label, .bold) + "  (\(id))")
            let view = ConflictView(desk: desk)
            for field in fields {
                let shown = console.say(FieldNames.value(field.shown, of: field.field, in: table, time: desk.time))
                console.line("  " + console.say(FieldNames.label(field.field)) + console.say(": ", "：") + shown)
                for head in field.setBy {
                    console.line(console.say("    set:       ", "    设置：    ") + view.describe(head, of: field.field, in: table))
                }
                for old in field.overwrote {
                    console.line(console.say("    overwrote: ", "    覆盖了：  ") + view.describe(old, of: field.field, in: table))
                }
            }
        }
    }
}
