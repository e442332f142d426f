import OutpostDomain

/// `case show` as text: header, fields, deadlines, timeline.
struct CaseView {
    let desk: Desk
    var console: Console { desk.console }

    func print(_ detail: CaseDetail) {
        let serviceCase = detail.case
        let status = serviceCase.caseStatus
        let severity = serviceCase.caseSeverity
        console.line(
            console.paint(serviceCase.number, .bold) + "  " + serviceCase.title.singleLine + "  "
                + console.paint("[\(console.term(status))]", console.style(for: status)))
        let customer =
            detail.customer.map { customer in
                ([customer.name, "(\(customer.id))"] + customer.phones.prefix(1).map(PhoneDisplay.format)).joined(separator: " ")
            } ?? serviceCase.customerID
        var kind = serviceCase.caseKind.map(console.term) ?? serviceCase.kind
        if let service = serviceCase.afterSalesService { kind += " · " + console.term(service) }
        let opened = desk.local(serviceCase.created) + (detail.openedBy.map { console.say(" by \($0)", "，\($0)") } ?? "")
        let counters = detail.counters
        var fields: [(Phrase, String?, String)] = [
            (Phrase("Customer", "客户"), customer, "customer_id"),
            (Phrase("Kind", "类型"), kind, "kind"),
            (Phrase("Category", "类别"), serviceCase.categoryLabel(in: console.language), "category"),
            (Phrase("Channel", "渠道"), serviceCase.caseChannel.map(console.term) ?? serviceCase.channel, "channel"),
            (Phrase("Severity", "紧急程度"), console.paint(console.term(severity), console.style(for: severity)), "severity"),
            (Phrase("Status", "状态"), console.paint(console.term(status), console.style(for: status)), "status"),
            (Phrase("Tier", "支持层级"), console.term(serviceCase.caseTier), "tier"),
            (Phrase("Assignee", "负责人"), serviceCase.assignee, "assignee"),
            (Phrase("Department", "部门"), serviceCase.department, "department"),
            (Phrase("Title", "标题"), serviceCase.title, "title"),
            (Phrase("Description", "描述"), serviceCase.description, "description"),
            (Phrase("Product", "产品型号"), serviceCase.product, "product"),
            (Phrase("Serial", "序列号"), serviceCase.serial, "serial"),
            (Phrase("Purchased", "购买日期"), serviceCase.purchased, "purchased"),
            (Phrase("Order", "订单号"), serviceCase.orderNumber, "order_number"),
            (Phrase("Expects", "客户期望"), serviceCase.expects, "expects"),
            (Phrase("Tags", "标签"), serviceCase.tags.isEmpty ? nil : serviceCase.tags.joined(separator: ", "), "tags"),
            (Phrase("Opened", "创建"), opened, "created"),
            (Phrase("Updated", "更新"), desk.local(serviceCase.updated), "updated"),
            (
                Phrase("Contacts", "联系次数"),
                console.say(
                    "\(counters.contacts) (\(counters.contactsReached) reached)", "\(counters.contacts)（联系上 \(counters.contactsReached) 次）"
                ), "contacts"
            ),
            (Phrase("Reopened", "重新打开"), console.say("\(counters.reopens) time(s)", "\(counters.reopens) 次"), "reopens"),
        ]
        // Shown only when set: most cases have none of these.
        let occasional: [(Phrase, String?, String)] = [
            (Phrase("Delivered", "收货日期"), serviceCase.delivered, "delivered"),
            (Phrase("Return day", "申请退货日"), serviceCase.returnAsked, "return_asked"),
            (Phrase("Arrived", "受理时间"), serviceCase.receivedAt.map { desk.time.text(UInt64(max(0, $0))) }, "received_at"),
            (Phrase("Agreed due", "约定时限"), serviceCase.due.map { desk.time.text(UInt64(max(0, $0))) }, "due"),
            (
                Phrase("Warranty", "保修返修"),
                detail.warrantyOf.map { console.say("repair of \($0), handed back within 3 months", "原案 \($0)，交还未满 3 个月") }, "warranty_of"
            ),
            (Phrase("Follows up", "跟进自"), detail.followUpOf, "follow_up_of"),
            (Phrase("Follow-ups", "跟进案件"), detail.followUps.isEmpty ? nil : detail.followUps.joined(separator: ", "), "follow_ups"),
            (Phrase("Notified", "已通知"), notifications(serviceCase), "notified"),
        ]
        let index = fields.firstIndex { $0.2 == "created" } ?? fields.endIndex
        fields.insert(contentsOf: occasional.filter { $0.1 != nil }, at: index)
        FieldList(console: console, conflicts: detail.conflicts).print(fields)
        if serviceCase.afterSalesService != nil, serviceCase.caseStatus.isOpen {
            let next = detail.nextSteps.map { WorkflowAction($0).rawValue }
            console.line(
                console.say("Next after-sales step: ", "下一售后步骤：")
                    + (next.isEmpty ? console.say("none, the service is finished", "无，售后已完成") : next.joined(separator: ", ")))
        }
        for step in detail.unsettledSteps {
            console.line(
                console.paint(
                    console.say(
                        "Unsettled step \(step.event) (\(step.step)): \(step.why), recorded concurrently at two stations; a lead settles it with `outpost case settle \(serviceCase.number) \(step.event) --reason \"...\"`",
                        "待处理步骤 \(step.event)（\(step.step)）：\(step.whyChinese)，两个站点同时记录；请组长用 `outpost case settle \(serviceCase.number) \(step.event) --reason \"...\"` 处理"
                    ), .yellow))
        }
        console.line()
        DeadlinesView(desk: desk).print(detail.deadlines)
        console.line()
        console.line(console.paint(console.say("Timeline", "处理记录"), .bold))
        TimelineView(desk: desk).print(detail.events)
    }

    /// The notifications raised and whether each was acknowledged.
    private func notifications(_ serviceCase: ServiceCase) -> String? {
        let levels = serviceCase.notified.compactMap(NotificationLevel.init(rawValue:))
        guard !levels.isEmpty else { return nil }
        return levels.map { level in
            let acknowledged = serviceCase.acknowledged.contains(level.rawValue)
            return console.term(level) + console.say(" → \(level.audience.english)s", " → \(level.audience.chinese)")
                + (acknowledged ? console.say(" (acknowledged)", "（已确认）") : console.say(" (not acknowledged)", "（未确认）"))
        }.joined(separator: "; ")
    }
}
