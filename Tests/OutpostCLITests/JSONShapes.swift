/// The `--json` shapes the tests read back: the field names scripts rely on.
struct CustomerJSON: Decodable {
    let id: String
    let name: String
    let contact: String?
    let phones: [String]
    let emails: [String]
    let address: String?
    let note: String?
    let merged_into: String?
    let created: String
    let updated: String
}

struct CustomerRefJSON: Decodable {
    let id: String
    let name: String?
}

struct CaseJSON: Decodable {
    let id: String
    let number: String
    let customer_id: String
    let kind: String
    let category: String?
    let service: String?
    let channel: String
    let severity: String
    let status: String
    let tier: Int
    let assignee: String?
    let department: String?
    let title: String
    let description: String?
    let product: String?
    let serial: String?
    let purchased: String?
    let order_number: String?
    let expects: String?
    let tags: [String]
    let created: String
    let updated: String
    /// Listings only: the survivor the case shows under.
    let customer: CustomerRefJSON?
}

struct CaseListJSON: Decodable {
    let total: Int
    let deadlines_computed: Bool
    let cases: [CaseJSON]
}

struct EventJSON: Decodable {
    let id: String
    let case_id: String
    let kind: String
    let body: String?
    let channel: String?
    let outcome: String?
    let status: String?
    let score: Int?
    let tier: Int?
    let assignee: String?
    let at: String?
    let created: String
    let author: String?
}

struct DeadlinesJSON: Decodable {
    let computed: Bool
    let items: [DeadlineJSON]
}

struct DeadlineJSON: Decodable {
    let rule: String
    let state: String
    let due: String?
    let met_at: String?
}

struct ConflictJSON: Decodable {
    let id: String
    let column: String
    let shown: String
    let values: [String]
}

struct CaseDetailJSON: Decodable {
    struct Counters: Decodable {
        let contacts: Int
        let contacts_reached: Int
        let reopens: Int
    }

    let `case`: CaseJSON
    let customer: CustomerJSON?
    let events: [EventJSON]
    let conflicts: [ConflictJSON]
    let counters: Counters
    let deadlines: DeadlinesJSON
    let opened_by: String?
}

struct CustomerProfileJSON: Decodable {
    let customer: CustomerJSON
    let requested: String?
    let merged_records: [CustomerJSON]
    let cases: [CaseJSON]
}

struct OpenedJSON: Decodable {
    let number: String
    let id: String
    let override_recorded: Bool
    let deadlines: DeadlinesJSON
}

struct TodayJSON: Decodable {
    struct Section: Decodable {
        let total: Int
        let cases: [CaseJSON]
    }

    let date: String
    let staff: String?
    let deadlines: DeadlinesJSON
    let critical: Section
    let urgent_without_contact_today: Section
    let mine: Section
    let surveys_to_do: Section
    let revisits_to_do: Section
    let follow_up_days: Int
}
