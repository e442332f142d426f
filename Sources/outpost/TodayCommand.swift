import ArgumentParser
import OutpostDomain

/// `outpost today`: the clerk's queue.
struct TodayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "today",
        abstract: "The queue for today: deadlines, critical and urgent cases, my cases, follow-ups.",
        discussion: """
            In order: deadlines (overdue first, then due soon), open critical cases, urgent cases \
            with no contact recorded today, the open cases assigned to me, and closed cases of \
            the last 7 days still waiting for a survey or (complaints) a revisit.

            Example:
              outpost today --as 王芳
              outpost today --json
            """
    )

    @OptionGroup var station: StationOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Show at most this many cases in each section (0: all).")
    var limit = 20

    @Flag(help: "Print the queue as JSON.")
    var json = false

    func run() throws {
        try withDesk(station, output) { desk in
            let staff = try? desk.author()
            let report = try desk.today.report(for: staff, limit: limit > 0 ? limit : nil)
            if json { return try JSONOutput.print(report) }
            let console = desk.console
            console.line(
                console.paint(console.say("Today, \(report.date)", "今天 \(report.date)"), .bold)
                    + (staff.map { console.say(" · \($0)", " · \($0)") } ?? ""))
            let sections: [(Phrase, TodayReport.Section)] = [
                (Phrase("Overdue", "已逾期"), report.overdue),
                (Phrase("Due within 4 hours", "4 小时内到期"), report.dueSoon),
                (Phrase("Breaches alerting my role", "需我处理的逾期提醒"), report.alerts),
                (Phrase("Critical cases open", "未结的非常紧迫案件"), report.critical),
                (Phrase("Urgent cases with no contact today", "今天尚未联系的紧迫案件"), report.urgentWithoutContactToday),
                (Phrase("My open cases", "我的未结案件"), report.mine),
                (Phrase("Untaken in my tier's queue (`outpost case take N`)", "本层级待接手（`outpost case take 编号`）"), report.tierQueue),
                (Phrase("Notifications for my role (`outpost case ack N`)", "需我确认的通知（`outpost case ack 编号`）"), report.notifications),
                (
                    Phrase("Surveys to do (closed in the last \(report.followUpDays) days)", "待做满意度调查（近 \(report.followUpDays) 天关闭）"),
                    report.surveysToDo
                ),
                (
                    Phrase("Revisits to do (complaints closed in the last \(report.followUpDays) days)", "待回访（近 \(report.followUpDays) 天关闭的投诉）"),
                    report.revisitsToDo
                ),
            ]
            for (title, section) in sections {
                console.line()
                console.line(console.paint(console.say(title) + console.say(" (\(section.total))", "（\(section.total)）"), .bold))
                if section.cases.isEmpty {
                    console.line("  " + console.paint(console.say("none", "无"), .dim))
                    continue
                }
                CaseTable(desk: desk).print(section.cases, indent: "  ")
                if section.total > section.cases.count {
                    console.line(
                        "  "
                            + console.paint(
                                console.say(
                                    "… and \(section.total - section.cases.count) more: `outpost today --limit 0` shows all",
                                    "……另有 \(section.total - section.cases.count) 个：`outpost today --limit 0` 显示全部"
                                ), .dim))
                }
            }
            if staff == nil {
                console.note(console.say("pass --as NAME to see your own cases", "加上 --as 姓名 可查看自己的案件"))
            }
        }
    }
}
