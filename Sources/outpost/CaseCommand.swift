import ArgumentParser
import OutpostDomain

/// `outpost case`: opening, listing, showing and working cases.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Open, list, show and work cases.",
        discussion: """
            A case is given by its number (SZ01-20261123-0007) or id (SZ01.42).

            The workflow: new → in-progress → waiting ⇄ in-progress → resolved → closed; \
            resolved or closed cases can be reopened. The first contact, message to the \
            customer, solution or milestone starts work on a new case. A step the workflow does \
            not allow is refused (exit code 4) with the steps that are.

            Example:
              outpost case open --customer 13800138000 --kind complaint \\
                  --category logistics --channel phone --severity urgent --title "快递丢件"
              outpost case contact SZ01-20261123-0001 --channel phone --outcome reached
              outpost case resolve SZ01-20261123-0001
            """,
        subcommands: [
            Open.self, List.self, Show.self, Note.self, Contact.self, Assign.self, Escalate.self, Take.self, Ack.self, Warned.self, Reported.self,
            Wait.self, Resume.self, Solution.self, Received.self, Appoint.self, Diagnosed.self, Repaired.self, Tested.self,
            HandedBack.self, ConditionsConfirmed.self, Inspected.self, Voucher.self, Shipped.self, Refunded.self, Settle.self,
            Resolve.self, Close.self, Reopen.self, Survey.self, Revisit.self, Edit.self,
        ]
    )
}

extension Desk {
    /// Prints what a workflow step did: one line, with the status change when there was one.
    func report(_ result: StepResult, done: Phrase) {
        var line = console.say("\(result.number): \(done.english).", "\(result.number)：\(done.chinese)。")
        if result.before != result.after {
            line +=
                console.say(" Status: ", "状态：") + console.term(result.before) + " → "
                + console.paint(console.term(result.after), console.style(for: result.after))
        }
        console.line(line)
    }
}
