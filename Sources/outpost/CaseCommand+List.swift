import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case list`: cases matching filters, most urgent first.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List cases, most urgent first.",
            discussion: """
                Without --status, every case that is not closed is listed (--all adds closed \
                ones). Filters combine; --status, --kind and --severity take several values \
                separated by commas or repeated. Open work comes first, then cases waiting on the \
                customer, then resolved and closed ones; within each, the most severe, then the \
                oldest.

                Example:
                  outpost case list --mine --severity urgent,critical
                  outpost case list --status 等待客户 --search 耳机 --json
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "new, in-progress, waiting, resolved, closed (or 新建, 处理中, 等待客户, 已解决, 已关闭).")
        var status: [String] = []

        @Option(help: "consultation, complaint, after-sales, feedback.")
        var kind: [String] = []

        @Option(help: "normal, urgent, critical.")
        var severity: [String] = []

        @Flag(help: "Only cases assigned to me (see --as).")
        var mine = false

        @Option(help: "Only cases assigned to this staff member.")
        var assignee: String?

        @Flag(help: "Only cases with an overdue deadline, nearest due first.")
        var overdue = false

        @Option(help: "Only cases with a deadline due within this time (such as 4h or 90m), or overdue.")
        var dueWithin: String?

        @Option(help: "Only this customer's cases (id, phone or email), merged duplicates included.")
        var customer: String?

        @Option(help: "Text in the number, title, description, product, serial, order or customer.")
        var search: String?

        @Flag(help: "Include closed cases.")
        var all = false

        @Option(help: "Show at most this many cases (0: all).")
        var limit = 50

        @Flag(help: "Print the cases as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                var filter = CaseFilter()
                filter.statuses = status
                filter.kinds = kind
                filter.severities = severity
                filter.assignee = mine ? try desk.author() : assignee
                filter.customer = customer
                filter.search = search
                filter.overdue = overdue
                if let dueWithin {
                    guard let budget = ClockBudget(parsing: dueWithin), budget.unit == .elapsed else {
                        throw CommandFailure(
                            .userError, "invalid --due-within '\(dueWithin)': expected a time such as 4h, 90m or 2d",
                            "无效的 --due-within「\(dueWithin)」：应为 4h、90m 或 2d 这样的时长")
                    }
                    filter.dueWithin = budget.amount
                }
                filter.includeClosed = all
                filter.limit = limit > 0 ? limit : nil
                let list = try desk.cases.list(filter)
                let console = desk.console
                if json { return try JSONOutput.print(list) }
                guard !list.cases.isEmpty else {
                    console.line(console.say("No cases match.", "没有符合条件的案件。"))
                    return
                }
                CaseTable(desk: desk).print(list.cases)
                if list.total > list.cases.count {
                    console.line(
                        console.paint(
                            console.say(
                                "\(list.cases.count) of \(list.total) cases shown: narrow the filters, or pass --limit 0 for all.",
                                "显示 \(list.cases.count) / \(list.total) 个案件：可缩小筛选范围，或用 --limit 0 显示全部。"
                            ), .dim))
                }
            }
        }
    }
}
