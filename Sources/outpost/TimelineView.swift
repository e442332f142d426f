import OutpostDomain

/// A case's events, oldest first: when, who, what.
struct TimelineView {
    let desk: Desk
    var console: Console { desk.console }

    func print(_ recorded: [CaseEvent], indent: String = "  ") {
        // In the order things happened: a contact may be recorded after the fact with --at.
        let events = recorded.enumerated().sorted { ($0.element.happened, $0.offset) < ($1.element.happened, $1.offset) }.map(\.element)
        guard !events.isEmpty else {
            console.line(indent + console.say("no events", "无记录"))
            return
        }
        let authors = events.map { $0.author ?? "?" }
        let authorWidth = min(12, authors.map(\.displayWidth).max() ?? 0)
        let kinds = events.map { $0.eventKind.map(console.term) ?? $0.kind }
        let kindWidth = kinds.map(\.displayWidth).max() ?? 0
        for (index, event) in events.enumerated() {
            let when = desk.time.text(event.happened)
            let who = authors[index].truncated(toWidth: authorWidth).padded(toWidth: authorWidth)
            let kind = console.paint(kinds[index].padded(toWidth: kindWidth), style(for: event))
            console.line(indent + console.paint(when, .dim) + "  " + who + "  " + kind + "  " + describe(event))
        }
    }

    private func style(for event: CaseEvent) -> Console.Style? {
        switch event.eventKind {
        case .status: .cyan
        case .escalation, .override: .yellow
        case .contact: .green
        default: nil
        }
    }

    /// What the event says, from the columns its kind uses (see `CaseEvent`).
    func describe(_ event: CaseEvent) -> String {
        let body = event.body?.singleLine
        let quoted = body.map { console.say("“\($0)”", "“\($0)”") }
        switch event.eventKind {
        case .note, .customerNote, .revisit:
            return quoted ?? ""
        case .contact:
            let parts = [
                event.channel.flatMap(CaseChannel.init(rawValue:)).map(console.term) ?? event.channel,
                event.outcome.flatMap(ContactOutcome.init(rawValue:)).map(console.term) ?? event.outcome,
                quoted,
            ]
            return parts.compactMap { $0 }.joined(separator: console.say(", ", "，"))
        case .assignment:
            return "→ " + (event.assignee ?? "?") + (body.map { console.say(" (\($0))", "（\($0)）") } ?? "")
        case .escalation:
            let tier = event.tier.flatMap(Tier.init(number:)).map(console.term) ?? "?"
            return console.say("to tier ", "升至") + tier + (quoted.map { console.say(": ", "：") + $0 } ?? "")
        case .status:
            let status = event.status.flatMap(CaseStatus.init(rawValue:))
            let target = "→ " + (status.map { console.paint(console.term($0), console.style(for: $0)) } ?? (event.status ?? "?"))
            // The step is worth naming only where the new status does not already say it.
            let step: String? =
                switch event.outcome.flatMap(StatusStep.init(rawValue:)) {
                case let named? where [.open, .start, .resume, .reopen].contains(named): console.say(named.label)
                default: nil
                }
            return target + (step.map { console.say(" (\($0))", "（\($0)）") } ?? "") + (quoted.map { "  " + $0 } ?? "")
        case .solution:
            let answer = event.outcome.flatMap(SolutionResponse.init(rawValue:)).map(console.term)
            return [quoted ?? console.say("(the solution offered)", "（已提供的方案）"), answer.map { "[\($0)]" }]
                .compactMap { $0 }.joined(separator: " ")
        case .milestone:
            let milestone = event.outcome.flatMap(Milestone.init(rawValue:)).map(console.term) ?? (event.outcome ?? "?")
            return milestone + (quoted.map { "  " + $0 } ?? "")
        case .survey:
            let score = event.score.map { String(repeating: "★", count: Int($0)) + String(repeating: "☆", count: 5 - Int($0)) + " \($0)/5" } ?? "?"
            return score + (quoted.map { "  " + $0 } ?? "")
        case .override:
            let rule = event.outcome == "return-window" ? console.say("7-day return window", "7 天退货期限") : (event.outcome ?? "")
            return rule + (quoted.map { console.say(": ", "：") + $0 } ?? "")
        case nil:
            return body ?? ""
        }
    }
}
