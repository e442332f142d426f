/// What each replicated field is called at the desk, in both languages: the timeline's audit
/// trail, `explain` and `conflicts` name fields this way rather than by column.
package enum FieldNames {
    private static let names: [String: Phrase] = [
        "customer_id": Phrase("customer", "客户"), "kind": Phrase("kind", "类型"), "category": Phrase("category", "类别"),
        "service": Phrase("service", "售后服务"), "channel": Phrase("channel", "渠道"), "severity": Phrase("severity", "紧急程度"),
        "status": Phrase("status", "状态"), "tier": Phrase("tier", "支持层级"), "assignee": Phrase("assignee", "负责人"),
        "department": Phrase("department", "部门"), "title": Phrase("title", "标题"), "description": Phrase("description", "描述"),
        "product": Phrase("product", "产品型号"), "serial": Phrase("serial", "序列号"), "purchased": Phrase("purchased", "购买日期"),
        "order_number": Phrase("order", "订单号"), "expects": Phrase("expects", "客户期望"), "tags": Phrase("tags", "标签"),
        "received_at": Phrase("arrived", "受理时间"), "delivered": Phrase("delivered", "收货日期"),
        "return_asked": Phrase("return asked", "申请退货日期"), "due": Phrase("due", "处理时限"),
        "follow_up_of": Phrase("follow-up of", "跟进自"), "warranty_of": Phrase("warranty of", "保修原案"),
        "notified": Phrase("notified", "已通知"), "acknowledged": Phrase("acknowledged", "已确认通知"),
        "number": Phrase("number", "编号"), "name": Phrase("name", "姓名"), "contact": Phrase("contact", "联系人"),
        "phones": Phrase("phones", "电话"), "emails": Phrase("emails", "邮箱"), "address": Phrase("address", "地址"),
        "note": Phrase("note", "备注"), "merged_into": Phrase("merged into", "合并至"), "role": Phrase("role", "角色"),
        "station": Phrase("station", "站点"), "code": Phrase("code", "代码"),
    ]

    /// The field's name, or the column itself when it has none (a newer schema's column).
    package static func label(_ column: String) -> Phrase {
        names[column] ?? Phrase(verbatim: column)
    }

    /// A stored value as the desk shows it: a vocabulary word through its `Term` (`critical`,
    /// 非常紧迫), anything else as stored.
    /// Times kept in milliseconds (`received_at`, `due`) read in `time`'s zone when one is given.
    package static func value(_ stored: String, of column: String, in table: String, time: StationTime? = nil) -> Phrase {
        if table == "cases", ["received_at", "due"].contains(column), let time, let milliseconds = UInt64(stored) {
            return Phrase(verbatim: time.text(milliseconds))
        }
        func term<T: Term>(_: T.Type) -> Phrase? { T(rawValue: stored).map { Phrase($0.english, $0.chinese) } }
        let phrase: Phrase? =
            switch (table, column) {
            case ("cases", "kind"): term(CaseKind.self)
            case ("cases", "category"): term(CaseCategory.self)
            case ("cases", "service"): term(AfterSalesService.self)
            case ("cases", "channel"): term(CaseChannel.self)
            case ("cases", "severity"): term(Severity.self)
            case ("cases", "status"): term(CaseStatus.self)
            case ("cases", "tier"), ("staff", "tier"): term(Tier.self)
            case ("staff", "role"): term(Role.self)
            default: nil
            }
        return phrase ?? Phrase(verbatim: stored)
    }

    /// `label` in one language, as a function for `map`.
    package static func label(in language: Language) -> (String) -> String {
        { label($0).text(in: language) }
    }
}
