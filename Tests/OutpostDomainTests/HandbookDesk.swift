import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// What a clerk sees after an action: it is done, or it is refused with a `DomainError` of this
/// code whose English message contains every fragment.
enum Outcome: Sendable, CustomStringConvertible {
    case done
    case refusal(DomainError.Code, [String])

    static func fails(_ code: DomainError.Code, _ fragments: String...) -> Outcome { .refusal(code, fragments) }

    var description: String {
        switch self {
        case .done: "done"
        case .refusal(let code, let fragments): "\(code) \(fragments.map { "'\($0)'" }.joined(separator: " "))"
        }
    }
}

/// Runs `action` on `desk` and judges it against `expected`: a refusal must carry the expected
/// code and words and leave every domain table as it was. Returns whether the action was done.
@discardableResult
func verify(_ expected: Outcome, on desk: TestDesk, _ what: String, _ action: () throws -> Void) throws -> Bool {
    let before = try desk.dump()
    do {
        try action()
    } catch {
        guard case .refusal(let code, let fragments) = expected else {
            Issue.record("\(what): refused, but it should be done: \(error)")
            return false
        }
        #expect(isDomainError(error, code), "\(what): \(error)")
        for fragment in fragments {
            #expect("\(error)".contains(fragment), "\(what): the message should say '\(fragment)': \(error)")
        }
        #expect(try desk.dump() == before, "\(what): a refusal leaves the database unchanged")
        return false
    }
    if case .refusal = expected {
        Issue.record("\(what): done, but it should be refused (\(expected))")
        return false
    }
    return true
}

/// One row of a rule's table: a situation arranged on a fresh desk (returning the case or
/// customer it concerns), the action taken, what the clerk should see, and what must hold after
/// an action that was done.
struct Row: Sendable, CustomTestStringConvertible {
    var situation: String
    var action: String
    var expected: Outcome
    var staffed: Bool
    var arrange: @Sendable (TestDesk) throws -> String
    var act: @Sendable (TestDesk, String) throws -> Void
    var check: @Sendable (TestDesk, String) throws -> Void

    init(
        _ situation: String, _ action: String, _ expected: Outcome, staffed: Bool = true,
        arrange: @escaping @Sendable (TestDesk) throws -> String = { _ in "" },
        act: @escaping @Sendable (TestDesk, String) throws -> Void,
        check: @escaping @Sendable (TestDesk, String) throws -> Void = { _, _ in }
    ) {
        self.situation = situation
        self.action = action
        self.expected = expected
        self.staffed = staffed
        self.arrange = arrange
        self.act = act
        self.check = check
    }

    var testDescription: String { "\(situation); \(action): \(expected)" }

    /// Arranges the situation on a new desk (staffed unless said otherwise), acts, and judges.
    func run() throws {
        let desk = try staffed ? TestDesk.staffed() : TestDesk()
        let subject = try arrange(desk)
        if try verify(expected, on: desk, testDescription, { try act(desk, subject) }) {
            try check(desk, subject)
        }
    }
}

/// An after-sales step as the tables name it, with details that satisfy it.
enum Step: String, Sendable, CustomTestStringConvertible {
    case received
    case appoint
    case diagnosed
    case quoteApproved = "diagnosed, quote approved"
    case quoteDeclined = "diagnosed, quote declined"
    case repaired
    case tested
    case handedBack = "handed-back"
    case conditionsConfirmed = "conditions-confirmed"
    case passed = "inspected, passed"
    case failed = "inspected, failed"
    case voucher
    case shipped
    case refunded

    /// The command a clerk types, as a refusal lists the allowed ones.
    var command: String { WorkflowAction(milestone).rawValue }

    var milestone: Milestone {
        switch self {
        case .received: .received
        case .appoint: .appointment
        case .diagnosed, .quoteApproved, .quoteDeclined: .diagnosed
        case .repaired: .repaired
        case .tested: .tested
        case .handedBack: .handedBack
        case .conditionsConfirmed: .conditionsConfirmed
        case .passed, .failed: .inspected
        case .voucher: .voucherIssued
        case .shipped: .shipped
        case .refunded: .refunded
        }
    }

    func details(for service: String) -> AfterSalesDetails {
        switch self {
        case .appoint: AfterSalesDetails(at: "2026-11-24 14:30")
        case .quoteApproved: AfterSalesDetails(quote: "120", approved: "yes")
        case .quoteDeclined: AfterSalesDetails(quote: "120", approved: "no")
        case .handedBack: AfterSalesDetails(how: "pickup")
        case .passed where service == "return": AfterSalesDetails(packaging: "yes", unused: "yes", receipt: "yes")
        case .failed where service == "return": AfterSalesDetails(packaging: "yes", unused: "no", receipt: "yes")
        case .passed: AfterSalesDetails(passed: "yes")
        case .failed: AfterSalesDetails(passed: "no", reason: "外壳划伤")
        case .voucher: AfterSalesDetails(voucher: "V001", validUntil: "2026-12-31")
        default: AfterSalesDetails()
        }
    }

    func take(_ number: String, on desk: TestDesk, service: String) throws {
        try desk.cases.afterSales(number, milestone, details(for: service), by: "王芳")
    }

    var testDescription: String { rawValue }
}

/// Where an after-sales case stands: its service, the steps taken, and the commands the handbook
/// allows next.
struct StepState: Sendable, CustomTestStringConvertible {
    var service: String
    var history: [Step]
    var allowed: [String]

    init(_ service: String, _ history: [Step], allows allowed: [String]) {
        self.service = service
        self.history = history
        self.allowed = allowed
    }

    var testDescription: String { "\(service) after [\(history.map(\.rawValue).joined(separator: "; "))]" }
}

extension TestDesk {
    var staff: StaffBook { StaffBook(store: store) }

    /// A desk whose staff list has every role: a manager; supervisors of 售后组, of 物流组 and of
    /// no department; a lead of tier 2; clerks of tiers 1, 2 and 3; and a clerk who left.
    static func staffed() throws -> TestDesk {
        let desk = try TestDesk()
        try desk.staff.add("周经理", role: "manager", by: "开站")
        let members: [(name: String, role: String, tier: String?, department: String?)] = [
            ("赵主管", "supervisor", nil, "售后组"), ("钱主管", "supervisor", nil, "物流组"), ("孙主管", "supervisor", nil, nil),
            ("李组长", "lead", "2", nil), ("王芳", "clerk", "1", nil), ("张伟", "clerk", "2", nil), ("陈专家", "clerk", "3", nil),
            ("刘离职", "clerk", "1", nil),
        ]
        for member in members {
            try desk.staff.add(member.name, role: member.role, tier: member.tier, department: member.department, by: "周经理")
        }
        try desk.staff.leave("刘离职", by: "周经理")
        return desk
    }

    /// The active names as a refusal of `--as` lists them.
    static let activeStaff = "周经理, 孙主管, 张伟, 李组长, 王芳, 赵主管, 钱主管, 陈专家"

    /// The cases in a reader's notifications today.
    func notifications(of reader: String) throws -> [String] {
        try today.report(for: reader, limit: nil).notifications.cases.map(\.case.number)
    }

    /// The unassigned cases waiting in a reader's tier today.
    func tierQueue(of reader: String) throws -> [String] {
        try today.report(for: reader, limit: nil).tierQueue.cases.map(\.case.number)
    }

    /// A case's events of one kind, oldest first.
    func events(_ number: String, _ kind: String) throws -> [CaseEvent] {
        try cases.detail(number).events.filter { $0.kind == kind }
    }

    /// The number of the case opened last.
    func newestCase() throws -> String {
        var filter = CaseFilter()
        filter.includeClosed = true
        filter.limit = nil
        return try cases.list(filter).cases.map(\.case.number).max() ?? ""
    }

    /// A time typed in the station's zone, on the morning's day when no date is given.
    static func instant(_ text: String) -> UInt64 {
        StationTime(zoneIdentifier: "Asia/Shanghai").parse(text, today: LocalDate(year: 2026, month: 11, day: 23)!)!
    }
}
