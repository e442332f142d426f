import Hummingbird
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore

extension Board {
    /// Most customers a search lists, each with their cases.
    static let searchLimit = 20

    /// A case by number, or customers by name, contact, phone or email (Chinese included), as
    /// `outpost case show` and `outpost customer find` find them (`CaseBook.locate`,
    /// `CustomerBook.find`).
    func searchPage(_ request: Request, _ language: Language) throws -> BoardView {
        let text = request.uri.queryParameters.get("q")?.trimmingSpaces() ?? ""
        var values: [String: Any] = ["query": text]
        guard !text.isEmpty else { return BoardView(template: "search", title: "search", values: values) }
        let store = relay.replica.store
        let cases = CaseBook(store: store, clock: clock)
        let time = try zoneTime()
        if let found = try? cases.locate(text) {
            let deadlines = try cases.deadlines(of: found, try cases.clocks())
            let now = clock()
            let customer = try CustomerBook(store: store).locate(found.customerID).survivor.name
            values["case"] =
                [
                    "number": found.number, "title": found.title, "customer": customer,
                    "status": found.caseStatus.label(in: language), "severity": found.caseSeverity.label(in: language),
                    "assignee": found.assignee ?? "",
                    "created": StationTime.milliseconds(fromISO: found.created).map(time.text) ?? found.created,
                    "clocks": deadlines.items.filter(\.isOpen).map { Self.clockValues($0, time: time, now: now, language: language) },
                ] as [String: Any]
        }
        let customers = CustomerBook(store: store)
        let found = (try? customers.find(text, limit: Self.searchLimit)) ?? []
        values["searched"] = true
        values["customerCount"] = found.count
        let casesOf = try customers.cases(of: found, limit: 10)
        values["customers"] = found.map { customer in
            var row: [String: Any] = [
                "id": customer.id, "name": customer.name, "phones": customer.phones.map(PhoneDisplay.format).joined(separator: ", "),
                "emails": customer.emails.joined(separator: ", "),
                "cases": (casesOf[customer.id] ?? []).map { listing in
                    [
                        "number": listing.case.number, "title": listing.case.title, "status": listing.case.caseStatus.label(in: language),
                    ]
                },
            ]
            if let contact = customer.contact { row["contact"] = contact }
            return row
        }
        return BoardView(template: "search", title: "search", values: values)
    }
}
