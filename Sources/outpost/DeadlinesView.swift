import OutpostDomain

/// The "Deadlines" section of `case open`, `case show` and `today`: every clock of a case, with
/// its due time in the station's zone, its state and the time left or how late.
struct DeadlinesView {
    let desk: Desk
    var console: Console { desk.console }

    func print(_ deadlines: Deadlines, indent: String = "  ") {
        console.line(console.paint(console.say("Deadlines", "时限"), .bold))
        guard !deadlines.items.isEmpty else {
            console.line(indent + console.paint(console.say("none running", "无进行中的时限"), .dim))
            return
        }
        var table = TextTable([
            .init(title: console.say("RULE", "规则"), maxWidth: 44),
            .init(title: console.say("DUE", "到期"), maxWidth: 16),
            .init(title: console.say("STATE", "状态"), maxWidth: 60),
        ])
        for deadline in deadlines.items {
            table.append([
                .init(console.say(deadline.title)),
                .init(deadline.due.map(desk.time.text) ?? (deadline.state == .paused ? console.say("paused", "已暂停") : nil)),
                .init(state(deadline), style(deadline)),
            ])
        }
        for line in table.render(on: console) { console.line(indent + line) }
    }

    /// `running, 3 h 20 min left`, `breached by 2 h`, `met at 2026-11-23 10:05`.
    func state(_ deadline: Deadline) -> String {
        switch deadline.state {
        case .running: console.say("running, ", "进行中，剩余 ") + duration(deadline.left ?? 0) + console.say(" left", "")
        case .paused:
            console.say("paused (waiting on the customer), ", "已暂停（等待客户），剩余 ")
                + (deadline.pausedLeft.map { console.say($0.phrase) } ?? "?") + console.say(" left", "")
        case .met: console.say("met at ", "已完成于 ") + (deadline.metAt.map(desk.time.text) ?? "?")
        case .metLate: console.say("met late, by ", "逾期完成，晚了 ") + duration(deadline.late ?? 0)
        case .breached: console.say("breached by ", "已逾期 ") + duration(deadline.late ?? 0)
        }
    }

    func style(_ deadline: Deadline) -> Console.Style? {
        switch deadline.state {
        case .breached, .metLate: .red
        case .paused: .dim
        case .met: .green
        case .running: (deadline.left ?? 0) < 3_600_000 ? .yellow : nil
        }
    }

    /// `2 d 3 h`, `3 h 20 min`, `45 min`.
    func duration(_ milliseconds: UInt64) -> String {
        let minutes = milliseconds / 60_000
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return console.say("\(days) d \(hours) h", "\(days) 天 \(hours) 小时") }
        if hours > 0 { return console.say("\(hours) h \(rest) min", "\(hours) 小时 \(rest) 分钟") }
        return console.say("\(rest) min", "\(rest) 分钟")
    }
}
