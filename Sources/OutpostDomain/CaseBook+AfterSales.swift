import OutpostCore
import OutpostStore

/// The after-sales steps (`outpost case received|appoint|diagnosed|...`): each is checked against
/// the service's order (`AfterSalesProgress`) and refused out of order, naming the steps allowed.
extension CaseBook {
    /// Records an after-sales step with the details that belong to it.
    @discardableResult
    package func afterSales(_ reference: String, _ step: Milestone, _ details: AfterSalesDetails = .init(), by staff: String) throws
        -> StepResult
    {
        let located = try locate(reference)
        guard located.caseKind == .afterSales, let service = located.afterSalesService else {
            let kind = located.caseKind ?? .consultation
            throw DomainError(
                .refused, "case \(located.number) is a \(kind.english), not after-sales: it has no '\(step.english)' step",
                "案件 \(located.number) 是\(kind.chinese)案件，不是售后：没有「\(step.chinese)」这一步骤")
        }
        let progress = try self.progress(of: located.id, service)
        if let why = progress.problem(step) {
            let allowed = progress.allowed.map { WorkflowAction($0).rawValue }
            throw DomainError(
                .refused,
                Phrase(
                    "case \(located.number) (\(service.english)): cannot record '\(step.english)' (\(why.english)); allowed now: "
                        + (allowed.isEmpty ? "none, the \(service.english) is finished" : allowed.joined(separator: ", ")),
                    "案件 \(located.number)（\(service.chinese)）不能记录「\(step.chinese)」：\(why.chinese)；现在可以："
                        + (allowed.isEmpty ? "无，\(service.chinese)已完成" : allowed.joined(separator: "、"))
                ))
        }
        let fields = try self.fields(for: step, service: service, details, created: located)
        return try self.step(WorkflowAction(step), reference, by: staff) { _ in
            [Field("kind", .text(EventKind.milestone.rawValue)), Field("outcome", .text(step.rawValue))] + fields
        }
    }

    /// The case's after-sales steps so far, in the order recorded: by their creation versions, which
    /// every replica holds alike and which follow causality. `created` alone does not: it keeps
    /// only the millisecond, and a step taken right after receiving another from a station whose
    /// clock runs ahead shares that millisecond, where the id would order them arbitrarily.
    package func progress(of caseID: String, _ service: AfterSalesService) throws -> AfterSalesProgress {
        let rows = try store.records(
            "SELECT id, outcome, passed FROM case_events WHERE case_id = ? AND kind = 'milestone' ORDER BY \(CaseEvent.recordedOrder)",
            [.text(caseID)])
        var steps = [(version: Version?, taken: AfterSalesProgress.Taken)]()
        for row in rows {
            guard let step = row.string("outcome").flatMap(Milestone.init(rawValue:)), let id = row.string("id") else { continue }
            let version = try store.rowID(id).flatMap { try store.history(of: $0, in: "case_events").first?.version }
            steps.append((version, AfterSalesProgress.Taken(step, passed: row.integer("passed").map { $0 != 0 }, eventID: id)))
        }
        // Only a damaged replica lacks a version: it keeps the order by `created`.
        let versions = steps.compactMap(\.version)
        if versions.count == steps.count { steps.sort { $0.version! < $1.version! } }
        return AfterSalesProgress(service, steps: steps.map(\.taken))
    }

    /// The event's fields for a step's details; a missing or invalid detail is refused by name.
    private func fields(for step: Milestone, service: AfterSalesService, _ details: AfterSalesDetails, created serviceCase: ServiceCase)
        throws -> [Field]
    {
        var fields = [Field]()
        if let note = Self.optional(details.note) { fields.append(Field("body", .text(note))) }
        switch step {
        case .diagnosed:
            if let quote = Self.optional(details.quote) {
                guard let amount = Self.amount(quote) else {
                    throw DomainError(
                        .invalid, "invalid quote '\(quote)': expected an amount in yuan such as 120 or 89.50", "无效的报价「\(quote)」：应为金额，例如 120 或 89.50")
                }
                guard let approved = Self.optional(details.approved) else {
                    throw DomainError(
                        .invalid, "a quote needs the customer's answer: add --approved yes|no", "有报价时需要记录客户是否同意：请加 --approved yes|no")
                }
                fields += [Field("amount", .text(amount)), Field("passed", .integer(try YesNo.parse(approved, "--approved") ? 1 : 0))]
            } else if details.approved != nil {
                throw DomainError(.invalid, "--approved answers a quote: give --quote AMOUNT too", "--approved 是对报价的答复：请同时给出 --quote 金额")
            }
        case .inspected where service == .return:
            var checks = [String]()
            var passed = true
            for (name, answer) in [("packaging", details.packaging), ("unused", details.unused), ("receipt", details.receipt)] {
                guard let answer = Self.optional(answer) else {
                    throw DomainError(
                        .invalid, "a return's inspection checks packaging, unused and receipt: give --packaging, --unused and --receipt yes|no",
                        "退货验收需核对包装、未使用和发票：请给出 --packaging、--unused 和 --receipt yes|no")
                }
                let yes = try YesNo.parse(answer, "--\(name)")
                passed = passed && yes
                checks.append("\(name)=\(yes ? "yes" : "no")")
            }
            if let stated = Self.optional(details.passed), try YesNo.parse(stated, "--passed") != passed {
                throw DomainError(
                    .invalid, "--passed \(stated) contradicts the checklist: a return passes only with packaging, unused and receipt all yes",
                    "--passed \(stated) 与核对结果不符：包装完好、未使用、有发票全部为是才算通过")
            }
            fields += [Field("passed", .integer(passed ? 1 : 0)), Field("document", .text(checks.joined(separator: ",")))]
        case .inspected:
            guard let stated = Self.optional(details.passed) else {
                throw DomainError(.invalid, "record the inspection's result: add --passed yes|no", "请记录验收结果：加 --passed yes|no")
            }
            let passed = try YesNo.parse(stated, "--passed")
            if !passed {
                guard let reason = Self.optional(details.reason) else {
                    throw DomainError(.invalid, "an inspection that did not pass needs --reason \"...\"", "验收未通过时需要 --reason \"原因\"")
                }
                fields.removeAll { $0.column == "body" }
                fields.append(Field("body", .text(reason + (Self.optional(details.note).map { " — " + $0 } ?? ""))))
            }
            fields.append(Field("passed", .integer(passed ? 1 : 0)))
        case .voucherIssued:
            guard let number = Self.optional(details.voucher), let until = Self.optional(details.validUntil) else {
                throw DomainError(
                    .invalid, "a voucher needs its number and last valid day: add --number V... --valid-until YYYY-MM-DD",
                    "更换凭证需要编号和有效期：请加 --number 编号 --valid-until YYYY-MM-DD")
            }
            let today = try stationTime().date(at: clock())
            guard let date = LocalDate(parsing: until), date >= today else {
                throw DomainError(
                    .invalid, "invalid --valid-until '\(until)': expected a date from today (\(today)) on, as YYYY-MM-DD",
                    "无效的有效期「\(until)」：应为今天（\(today)）或之后的日期 YYYY-MM-DD")
            }
            fields += [Field("document", .text(number)), Field("valid_until", .text(date.description))]
        case .handedBack:
            guard let how = Self.optional(details.how), let way = HandOver.matching(how) else {
                throw DomainError(
                    .invalid, "how was it handed back? add --how \(HandOver.allowed.english)", "如何交还客户？请加 --how \(HandOver.allowed.chinese)")
            }
            fields.append(Field("document", .text(way.rawValue)))
        case .appointment:
            guard let at = Self.optional(details.at) else {
                throw DomainError(.invalid, "when is the visit? add --at \"YYYY-MM-DD HH:MM\"", "何时上门？请加 --at \"YYYY-MM-DD HH:MM\"")
            }
            let when = try time(at, notBefore: serviceCase.arrived, notAfter: nil, what: Phrase("appointment", "预约时间"))
            fields.append(Field("at", .integer(Int64(when))))
        default:
            break
        }
        return fields
    }

    /// An amount in yuan: digits with up to two decimals.
    static func amount(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 9, whole.allSatisfy(\.isASCII),
            whole.allSatisfy(\.isNumber)
        else { return nil }
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        return text
    }
}

/// How a repaired product went back to the customer.
package enum HandOver: String, Term {
    case pickup
    case shipped

    package var chinese: String {
        switch self {
        case .pickup: "客户自取"
        case .shipped: "寄回"
        }
    }

    package static let aliases: [String: HandOver] = [
        "picked-up": .pickup, "collect": .pickup, "自取": .pickup, "ship": .shipped, "寄出": .shipped, "快递": .shipped,
    ]

    package static let fieldName = Phrase("hand-back", "交还方式")
}
