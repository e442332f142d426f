import ArgumentParser
import OutpostDomain

extension CaseCommand {
    /// `case edit`: the fields the workflow steps do not set.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a case's fields.",
            discussion: """
                An empty value clears an optional field (--serial ""). The status changes only \
                through the workflow steps, the assignee through `assign`; --tier is for lowering \
                a tier on purpose (`escalate` raises it). A case moved to after-sales needs \
                --service. Every change is recorded in the timeline (who, when, old → new). A \
                change of kind, service, purchase or delivery date that makes a return is checked \
                against the 7-day rule, measured on the day the return was asked for; a lead may \
                set it aside with --override. Use --lang zh for Chinese.

                Example:
                  outpost case edit SZ01-20261123-0001 --severity critical \\
                      --serial SN123456 --add-tag vip
                """
        )

        @OptionGroup var station: StationOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: "The case number or id.")
        var number: String

        @Option(help: "Another customer (id, phone or email).") var customer: String?
        @Option(help: "The kind of case (or 咨询, 投诉, 售后, 反馈).") var kind: CaseKind?
        @Option(help: "The category within the kind.") var category: String?
        @Option(help: "After-sales: the service (or 维修, 换货, 退货); \"\" clears it.") var service: ServiceOrNone?
        @Option(help: "How the customer got in touch (or 电话, 邮件, 网页, 社交媒体, 门店, 上门, 传真).") var channel: CaseChannel?
        @Option(help: "How badly the customer is affected (or 一般, 紧迫, 非常紧迫).") var severity: Severity?
        @Option(help: "1, 2 or 3.") var tier: String?
        @Option(help: "The department.") var dept: String?
        @Option(help: "The title.") var title: String?
        @Option(help: "The description.") var description: String?
        @Option(help: "The product model.") var product: String?
        @Option(help: "The serial number.") var serial: String?
        @Option(help: "The purchase date, YYYY-MM-DD.") var purchased: String?
        @Option(help: "When the customer received the goods, YYYY-MM-DD.") var delivered: String?
        @Option(help: "A lead's reason to set aside the 7-day return rule.") var override: String?
        @Option(help: "A complaint is complex (yes or no; a lead): its solution clock counts 7 working days.") var complex: String?
        @Option(help: "The order number.") var order: String?
        @Option(help: "The resolution the customer expects.") var expects: String?
        @Option(help: "Add a tag (repeatable).") var addTag: [String] = []
        @Option(help: "Remove a tag (repeatable).") var removeTag: [String] = []

        func run() throws {
            try withDesk(station, output) { desk in
                var changes = CaseChanges()
                changes.customer = customer
                changes.kind = kind?.rawValue
                changes.category = category
                changes.service = service.map { $0.service?.rawValue ?? "" }
                changes.channel = channel?.rawValue
                changes.severity = severity?.rawValue
                changes.tier = tier
                changes.department = dept
                changes.title = title
                changes.description = description
                changes.product = product
                changes.serial = serial
                changes.purchased = purchased
                changes.orderNumber = order
                changes.expects = expects
                changes.addTags = addTag
                changes.removeTags = removeTag
                changes.delivered = delivered
                changes.override = override
                changes.complex = complex
                let located = try desk.cases.locate(number)
                let fields = try desk.cases.edit(number, changes, by: try desk.author())
                desk.console.line(
                    desk.console.say(
                        "\(located.number): updated \(fields.joined(separator: ", ")).",
                        "\(located.number)：已更新 \(fields.joined(separator: "、"))。"
                    ))
            }
        }
    }
}
