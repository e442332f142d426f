import OutpostDomain

/// A case's events, oldest first: when (in the station's zone), who, under which role, at which
/// station, and what. Every field change is an event, so this is the case's audit trail.
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
        let authors = events.map { event in
            let role = event.role.flatMap(Role.init(rawValue:)).map { console.say("·\(console.term($0))", "·\(console.term($0))") } ?? ""
            let station = event.id.split(separator: ".").first.map { "@\($0)" } ?? ""
            return (event.author ?? "?") + role + station
        }
        let authorWidth = min(28, authors.map(\.displayWidth).max() ?? 0)
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
        case .escalation, .override, .change: .yellow
        case .contact: .green
        default: nil
        }
    }

    /// What the event says, from the columns its kind uses (see `CaseEvent`).
    func describe(_ event: CaseEvent) -> String {
        let body = event.body?.singleLine
        let quoted = body.map { console.say("“\($0)”", "“\($0)”") }
        switch event.eventKind {
        case .note, .customerNote, .warned, .reported:
            return quoted ?? ""
        case .revisit:
            let unhappy = event.outcome == "unhappy" ? console.say("[unhappy] ", "[不满意] ") : ""
            return unhappy + (quoted ?? "") + followUp(event)
        case .change:
            let field = event.field.map(FieldNames.label(in: console.language)) ?? "?"
            if event.field == "tags" { return field + " " + (event.toValue ?? "") }
            func value(_ text: String?) -> String {
                text.map { console.say(FieldNames.value($0, of: event.field ?? "", in: "cases", time: desk.time)) } ?? "—"
            }
            return field + ": " + value(event.fromValue) + " → " + value(event.toValue)
        case .ack:
            let levels = (event.outcome ?? "").split(separator: ",").map { NotificationLevel(rawValue: String($0)).map(console.term) ?? String($0) }
            return levels.joined(separator: ", ")
        case .contact:
            let parts = [
                event.channel.flatMap(CaseChannel.init(rawValue:)).map(console.term) ?? event.channel,
                event.outcome.flatMap(ContactOutcome.init(rawValue:)).map(console.term) ?? event.outcome,
                quoted,
            ]
            return parts.compactMap { $0 }.joined(separator: console.say(", ", "，"))
        case .assignment:
            let taken = event.outcome == "taken" ? console.say(" (taken)", "（接手）") : ""
            let due = event.at.map { console.say(", due ", "，时限 ") + desk.time.text(UInt64(max(0, $0))) } ?? ""
            return "→ " + (event.assignee ?? "?") + taken + (body.map { console.say(" (\($0))", "（\($0)）") } ?? "") + due
        case .escalation:
            let tier = event.tier.flatMap(Tier.init(number:)).map(console.term) ?? "?"
            let receiver = event.assignee.map { " → " + $0 } ?? console.say(" (queue)", "（待接手）")
            return console.say("to tier ", "升至") + tier + receiver + (quoted.map { console.say(": ", "：") + $0 } ?? "")
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
            return milestone + stepDetails(event) + (quoted.map { "  " + $0 } ?? "") + console.say("  [\(event.id)]", "  [\(event.id)]")
        case .survey:
            let score = event.score.map { String(repeating: "★", count: Int($0)) + String(repeating: "☆", count: 5 - Int($0)) + " \($0)/5" } ?? "?"
            return score + (quoted.map { "  " + $0 } ?? "") + followUp(event)
        case .override:
            let rule =
                switch event.outcome {
                case "return-window": console.say("7-day return window", "7 天退货期限")
                case "complaint-close": console.say("closed without the customer's acceptance", "未经客户认可关闭")
                case "step": console.say("step \(event.refersTo ?? "?") settled", "步骤 \(event.refersTo ?? "?") 已处理")
                default: event.outcome ?? ""
                }
            return rule + (quoted.map { console.say(": ", "：") + $0 } ?? "")
        case nil:
            return body ?? ""
        }
    }

    /// An after-sales step's details: the quote and its answer, an inspection's result and
    /// checklist, a voucher, how a product went back, an appointment's time.
    private func stepDetails(_ event: CaseEvent) -> String {
        var parts = [String]()
        if let amount = event.amount { parts.append(console.say("quote ¥\(amount)", "报价 ¥\(amount)")) }
        if let passed = event.passed {
            let yes = passed != 0
            parts.append(
                event.amount != nil
                    ? (yes ? console.say("approved", "客户同意") : console.say("declined", "客户不同意"))
                    : (yes ? console.say("passed", "通过") : console.say("did not pass", "未通过")))
        }
        switch event.outcome.flatMap(Milestone.init(rawValue:)) {
        case .inspected:
            // Stored as `packaging=yes,unused=no,receipt=yes`.
            let names = ["packaging": Phrase("packaging intact", "包装完好"), "unused": Phrase("unused", "未使用"), "receipt": Phrase("receipt", "有发票")]
            for item in (event.document ?? "").split(separator: ",") {
                let pair = item.split(separator: "=").map(String.init)
                guard pair.count == 2, let name = names[pair[0]] else { continue }
                parts.append(console.say(name) + " " + (pair[1] == "yes" ? console.say("yes", "是") : console.say("no", "否")))
            }
        case .voucherIssued:
            parts.append(
                console.say(
                    "voucher \(event.document ?? "?") valid until \(event.validUntil ?? "?")",
                    "凭证 \(event.document ?? "?")，有效期至 \(event.validUntil ?? "?")"))
        case .handedBack:
            if let how = event.document.flatMap(HandOver.init(rawValue:)) { parts.append(console.term(how)) }
        case .appointment:
            if let at = event.at { parts.append(desk.time.text(UInt64(max(0, at)))) }
        default: break
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    private func followUp(_ event: CaseEvent) -> String {
        guard let id = event.refersTo, let number = try? desk.cases.locate(id).number else { return "" }
        return console.say(" → follow-up \(number)", " → 跟进案件 \(number)")
    }
}
