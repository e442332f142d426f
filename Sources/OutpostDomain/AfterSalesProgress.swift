/// Where an after-sales case stands in its service's steps, folded from its `milestone` events
/// (`docs/ARCHITECTURE.md`, "After-sales steps").
///
/// The handbook's orders:
/// - repair: received (or an on-site appointment) → diagnosed, with the quote's answer → repaired
///   → tested → handed back; a declined quote goes straight to handed back;
/// - replacement: conditions confirmed → received → inspected → voucher issued → new product
///   shipped;
/// - return: received → inspected (packaging, unused, receipt) → refunded, once, only after a
///   passed inspection.
///
/// A pure fold, so a step is judged the same way at the desk (against the station's own view)
/// and on every replica afterwards: a step that the merged order would not have allowed, such as
/// two concurrent refunds, is an anomaly for a lead to settle, never dropped.
package struct AfterSalesProgress: Sendable {
    /// One step taken, as the fold needs it.
    package struct Taken: Hashable, Sendable {
        package var step: Milestone
        /// An inspection's result, or the customer's answer to a repair quote.
        package var passed: Bool?
        package var eventID: String

        package init(_ step: Milestone, passed: Bool? = nil, eventID: String = "") {
            self.step = step
            self.passed = passed
            self.eventID = eventID
        }
    }

    /// A step the merged order does not allow, and why.
    package struct Anomaly: Hashable, Sendable {
        package var taken: Taken
        package var why: Phrase
    }

    package let service: AfterSalesService
    package private(set) var taken: [Taken] = []
    package private(set) var anomalies: [Anomaly] = []

    /// Folds the steps in the order they were recorded (their creation versions).
    package init(_ service: AfterSalesService, steps: [Taken]) {
        self.service = service
        for step in steps {
            if let why = problem(step.step) { anomalies.append(Anomaly(taken: step, why: why)) }
            taken.append(step)
        }
    }

    /// The service's steps, in the handbook's order.
    package static func steps(of service: AfterSalesService) -> [Milestone] {
        switch service {
        case .repair: [.received, .appointment, .diagnosed, .repaired, .tested, .handedBack]
        case .replacement: [.conditionsConfirmed, .received, .inspected, .voucherIssued, .shipped]
        case .return: [.received, .inspected, .refunded]
        }
    }

    /// The steps that may be taken now, in the handbook's order.
    package var allowed: [Milestone] {
        Self.steps(of: service).filter { problem($0) == nil }
    }

    /// Whether the service's last step is done.
    package var isFinished: Bool {
        switch service {
        case .repair: done(.handedBack)
        case .replacement: done(.shipped)
        case .return: done(.refunded)
        }
    }

    private func done(_ step: Milestone) -> Bool { taken.contains { $0.step == step } }

    private func last(_ step: Milestone) -> Taken? { taken.last { $0.step == step } }

    /// Why `step` cannot be taken now, or nil when it can.
    package func problem(_ step: Milestone) -> Phrase? {
        guard Self.steps(of: service).contains(step) else {
            return Phrase("it is not a step of a \(service.english)", "它不是\(service.chinese)的步骤")
        }
        if step != .appointment, step != .inspected, done(step) {
            return Phrase("it was recorded already", "已经记录过")
        }
        func needs(_ before: Milestone) -> Phrase? {
            done(before) ? nil : Phrase("it comes after '\(before.english)'", "它应在「\(before.chinese)」之后")
        }
        switch (service, step) {
        case (.repair, .received), (.repair, .appointment):
            return done(.handedBack) ? Phrase("the product was handed back", "产品已交还客户") : nil
        case (.repair, .diagnosed):
            return done(.received) || done(.appointment)
                ? nil : Phrase("it comes after 'product received' or an appointment", "它应在「已收到产品」或预约上门之后")
        case (.repair, .repaired):
            if let problem = needs(.diagnosed) { return problem }
            return last(.diagnosed)?.passed == false ? Phrase("the customer declined the quote", "客户未同意报价") : nil
        case (.repair, .tested):
            return needs(.repaired)
        case (.repair, .handedBack):
            if last(.diagnosed)?.passed == false, !done(.repaired) { return nil }
            return needs(.tested)
        case (.replacement, .conditionsConfirmed):
            return nil
        case (.replacement, .received):
            return needs(.conditionsConfirmed)
        case (.replacement, .inspected):
            return needs(.received) ?? (done(.voucherIssued) ? Phrase("the voucher was issued", "更换凭证已发放") : nil)
        case (.replacement, .voucherIssued), (.return, .refunded):
            if let problem = needs(.inspected) { return problem }
            return last(.inspected)?.passed == true ? nil : Phrase("the last inspection did not pass", "最近一次验收未通过")
        case (.replacement, .shipped):
            return needs(.voucherIssued)
        case (.return, .received):
            return nil
        case (.return, .inspected):
            return needs(.received) ?? (done(.refunded) ? Phrase("the refund was paid", "已经退款") : nil)
        default:
            return nil
        }
    }
}
