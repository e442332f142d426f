import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport

/// A station on a real SQLite file in a temporary directory, with a hand-driven clock, and the
/// domain over it: what a clerk's commands work with.
struct TestDesk {
    let store: StationStore
    let clock: ManualClock
    let customers: CustomerBook
    let cases: CaseBook
    let today: TodayQueue

    /// 2026-11-23 10:00 in Shanghai (02:00 UTC), a Monday.
    static let morning: UInt64 = 1_795_399_200_000
    static let hour: UInt64 = 3_600_000
    static let day: UInt64 = 86_400_000

    init(_ code: String = "SZ01", in directory: URL? = nil, seed: UInt64 = 1, clock: ManualClock = ManualClock(TestDesk.morning)) throws {
        let directory = try directory ?? temporaryDirectory()
        self.clock = clock
        store = try stationOnFile(code, in: directory, seed: seed, clock: clock)
        customers = CustomerBook(store: store)
        cases = CaseBook(store: store, clock: clock.reading)
        today = TodayQueue(store: store, clock: clock.reading)
    }

    /// Every domain table, `select * from T order by id`: what "nothing was written" compares.
    func dump() throws -> String {
        try store.schema.tables.map { table in
            "## \(table.name)\n" + (try store.rows(of: table.name)).map { $0.map(\.description).joined(separator: "|") }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Sends every change this station has to another one.
    func send(to other: TestDesk) throws {
        try other.store.apply(try store.loggedChanges())
    }

    /// A customer with one phone; returns its id.
    @discardableResult
    func customer(_ name: String, phone: String, by staff: String = "王芳") throws -> String {
        try customers.add(NewCustomer(name: name, phones: [phone]), by: staff).customer.id
    }

    /// A case of the given kind for a customer; returns its number.
    @discardableResult
    func open(
        _ customer: String, kind: String = "complaint", channel: String = "phone", severity: String = "normal",
        title: String = "退款慢", service: String? = nil, purchased: String? = nil, by staff: String = "王芳"
    ) throws -> String {
        try cases.open(
            NewCase(
                customer: customer, kind: kind, channel: channel, severity: severity, title: title,
                service: service, purchased: purchased), by: staff
        ).number
    }

    /// The status a case shows.
    func status(_ number: String) throws -> String {
        try cases.locate(number).status
    }

    /// The kinds of a case's events, oldest first.
    func eventKinds(_ number: String) throws -> [String] {
        try cases.detail(number).events.map(\.kind)
    }
}

/// Whether an error is a `DomainError` with this code whose English message contains `text`.
func isDomainError(_ error: any Error, _ code: DomainError.Code, _ text: String = "") -> Bool {
    guard let error = error as? DomainError else { return false }
    return error.code == code && (text.isEmpty || error.phrase.english.contains(text))
}

extension TestDesk {
    /// Adds a member of staff with a role, making `经理` the station's first manager if the staff
    /// list is empty. Each member is one more row: ids issued afterwards move on.
    func hire(_ name: String, _ role: String, tier: String? = nil, department: String? = nil) throws {
        let staff = StaffBook(store: store)
        if try staff.isEmpty() { try staff.add("经理", role: "manager", by: "经理") }
        if name != "经理", try staff.member(named: name) == nil {
            try staff.add(name, role: role, tier: tier, department: department, by: "经理")
        }
    }
}
