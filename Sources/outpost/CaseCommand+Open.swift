import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case open`: a new case for a customer; prints its number and deadlines.
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a case and print its number and deadlines.",
            discussion: """
                Kinds: consultation (咨询), complaint (投诉), after-sales (售后), feedback (反馈).
                Channels: phone (电话), email (邮件), web (网页), social (社交媒体), walk-in (门店).
                Severities: normal (一般), urgent (紧迫), critical (非常紧迫).
                Categories: consultation: technical-support, order-query, product-information; \
                complaint: product, service-quality, logistics, customer-rights, sales; free text \
                for the other kinds. After-sales cases need --service repair|replacement|return.

                Returns are accepted only within 7 days of purchase: a return bought earlier is \
                refused unless --override gives the reason, which is recorded on the case.

                The case is assigned to whoever opens it; `outpost case assign` transfers it.

                Example:
                  outpost case open --customer 13800138000 --kind after-sales \\
                      --service return --channel walk-in --severity normal \\
                      --title "耳机退货" --product "X2 耳机" --purchased 2026-11-20
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "The customer's id, phone or email.")
        var customer: String

        @Option(help: "The kind of case (or 咨询, 投诉, 售后, 反馈).")
        var kind: CaseKind

        @Option(help: "The category within the kind.")
        var category: String?

        @Option(help: "How the customer got in touch (or 电话, 邮件, 网页, 社交媒体, 门店, 上门, 传真).")
        var channel: CaseChannel

        @Option(help: "How badly the customer is affected (or 一般, 紧迫, 非常紧迫).")
        var severity: Severity

        @Option(help: "A short title.")
        var title: String

        @Option(help: "What happened, in the customer's words.")
        var description: String?

        @Option(help: "After-sales only: the service (or 维修, 换货, 退货).")
        var service: AfterSalesService?

        @Option(help: "The product model.")
        var product: String?

        @Option(help: "The product's serial number.")
        var serial: String?

        @Option(help: "The purchase date, YYYY-MM-DD.")
        var purchased: String?

        @Option(help: "The order number.")
        var order: String?

        @Option(help: "The resolution the customer expects.")
        var expects: String?

        @Option(help: "A tag (repeatable).")
        var tag: [String] = []

        @Option(help: "Why a handbook rule (the 7-day return window) is set aside, by a lead or above; recorded on the case.")
        var override: String?

        @Option(help: "When the enquiry actually arrived, if earlier: HH:MM (today) or YYYY-MM-DD HH:MM, at most 30 days back.")
        var receivedAt: String?

        @Option(help: "When the customer received the goods, YYYY-MM-DD: a return's 7 days count from here.")
        var delivered: String?

        @Option(help: "The department responsible: an urgent case notifies its supervisors.")
        var dept: String?

        @Flag(help: "Print the new case's number, id and deadlines as JSON.")
        var json = false

        func run() throws {
            try withDesk(station, output) { desk in
                let new = NewCase(
                    customer: customer, kind: kind.rawValue, channel: channel.rawValue, severity: severity.rawValue, title: title,
                    category: category, service: service?.rawValue, description: description, product: product, serial: serial,
                    purchased: purchased, orderNumber: order, expects: expects, tags: tag, override: override,
                    receivedAt: receivedAt, delivered: delivered, department: dept
                )
                let opened = try desk.cases.open(new, by: try desk.author())
                let console = desk.console
                if opened.overrideUnused {
                    console.note(
                        console.say(
                            "no rule needed setting aside: --override was not recorded",
                            "没有需要例外处理的规则：--override 未被记录"))
                }
                if json { return try JSONOutput.print(opened) }
                let detail = try desk.cases.detail(opened.number)
                let customerName = detail.customer.map { "\($0.name) (\($0.id))" } ?? detail.case.customerID
                console.line(
                    console.say("Opened case ", "已创建案件 ") + console.paint(opened.number, .bold)
                        + console.say(" for \(customerName).", "，客户：\(customerName)。"))
                if opened.overrideRecorded {
                    console.line(
                        console.say(
                            "The return window was overridden; the reason is recorded on the case.",
                            "已例外受理超出退货期限的退货，原因已记录在案件中。"))
                }
                if let earlier = opened.warrantyOf {
                    console.line(
                        console.say(
                            "Warranty repair: this serial number was repaired in \(earlier), handed back within the last 3 months.",
                            "保修期内返修：该序列号已在 \(earlier) 维修，交还客户未满 3 个月。"))
                }
                if let level = opened.notified {
                    console.line(
                        console.say(
                            "Notified: the \(level.audience.english)s (\(level.english) case).",
                            "已通知\(level.audience.chinese)（\(level.chinese)）。"))
                }
                DeadlinesView(desk: desk).print(opened.deadlines)
            }
        }
    }
}
