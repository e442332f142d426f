import OutpostDomain

/// Cases as an aligned table: `case list`, `today`, `customer show`.
struct CaseTable {
    let desk: Desk
    var showCustomer = true
    var console: Console { desk.console }

    func print(_ listings: [CaseListing], indent: String = "") {
        var columns: [TextTable.Column] = [
            .init(title: console.say("NUMBER", "编号"), maxWidth: 20),
            .init(title: console.say("SEVERITY", "紧急程度"), maxWidth: 10),
            .init(title: console.say("STATUS", "状态"), maxWidth: 12),
            .init(title: console.say("KIND", "类型"), maxWidth: 24),
        ]
        if showCustomer { columns.append(.init(title: console.say("CUSTOMER", "客户"), maxWidth: 16)) }
        columns += [
            .init(title: console.say("TITLE", "标题"), maxWidth: 32),
            .init(title: console.say("ASSIGNEE", "负责人"), maxWidth: 12),
            .init(title: console.say("OPENED", "创建时间"), maxWidth: 16),
        ]
        let withDeadlines = listings.contains { $0.deadlines != nil }
        if withDeadlines { columns.append(.init(title: console.say("NEXT DUE", "最近到期"), maxWidth: 24)) }
        var table = TextTable(columns)
        for listing in listings {
            let serviceCase = listing.case
            let severity = serviceCase.caseSeverity
            let status = serviceCase.caseStatus
            var kind = serviceCase.caseKind.map(console.term) ?? serviceCase.kind
            if let service = serviceCase.afterSalesService { kind += "·" + console.term(service) }
            var row: [TextTable.Cell] = [
                .init(serviceCase.number, .bold),
                .init(console.term(severity), console.style(for: severity)),
                .init(console.term(status), console.style(for: status)),
                .init(kind),
            ]
            if showCustomer { row.append(.init(listing.customerName ?? listing.customerID)) }
            row += [.init(serviceCase.title), .init(serviceCase.assignee), .init(desk.local(serviceCase.created))]
            if withDeadlines { row.append(next(listing.deadlines)) }
            table.append(row)
        }
        for line in table.render(on: console) { console.line(indent + line) }
    }

    /// The nearest open clock: its due time, marked when it is overdue.
    private func next(_ deadlines: Deadlines?) -> TextTable.Cell {
        guard let deadlines, let due = deadlines.nearest else { return .init(nil) }
        if deadlines.isOverdue { return .init(console.say("overdue ", "已逾期 ") + desk.time.text(due), .red) }
        return .init(desk.time.text(due))
    }
}
