import OutpostDomain

/// The "Deadlines" section of `case open`, `case show` and `today`: every clock of a case with
/// the time left or how long overdue, once the SLA clocks compute them.
struct DeadlinesView {
    let desk: Desk
    var console: Console { desk.console }

    func print(_ deadlines: Deadlines, indent: String = "  ") {
        console.line(console.paint(console.say("Deadlines", "时限"), .bold))
        guard deadlines.computed else {
            console.line(
                indent
                    + console.paint(
                        console.say(
                            "not computed: this version has no SLA clocks yet",
                            "未计算：此版本尚无服务时限（SLA）计时"
                        ), .dim))
            return
        }
        guard !deadlines.items.isEmpty else {
            console.line(indent + console.say("none running", "无进行中的时限"))
            return
        }
        for deadline in deadlines.items {
            let due = deadline.due.map(desk.time.text) ?? console.say("paused", "已暂停")
            console.line(indent + "\(deadline.name)  \(due)  \(deadline.state)")
        }
    }
}
