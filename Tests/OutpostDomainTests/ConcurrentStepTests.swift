import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Two stations working the same case apart, then exchanging everything: notifications are one
/// per level on every replica (`docs/ARCHITECTURE.md`, "Staff and roles"), and after-sales steps
/// that the merged order would not have allowed are kept and listed alike on every replica
/// ("After-sales steps").
@Suite struct ConcurrentStepTests {
    /// North (SZ01) and south (SZ02) on their own clocks, with a manager, two supervisors and a
    /// lead on both staff lists, and one customer.
    struct Pair {
        let north: TestDesk
        let south: TestDesk
        let customer: String

        init(southAhead: UInt64 = 0) throws {
            let directory = try temporaryDirectory()
            north = try TestDesk("SZ01", in: directory, seed: 1)
            south = try TestDesk("SZ02", in: directory, seed: 2, clock: ManualClock(TestDesk.morning + southAhead))
            let staff = StaffBook(store: north.store)
            try staff.add("王芳", role: "manager", by: "王芳")
            try staff.add("张伟", role: "supervisor", by: "王芳")
            try staff.add("陈明", role: "supervisor", by: "王芳")
            try staff.add("李娜", role: "lead", by: "王芳")
            customer = try north.customer("李雷", phone: "13800138000")
            try exchange()
        }

        func exchange() throws {
            try north.send(to: south)
            try south.send(to: north)
        }

        var both: [TestDesk] { [north, south] }

        /// A return case, received and inspected (passed) at the north a minute apart, known to
        /// both; returns its number and the time of the inspection.
        func inspectedReturn() throws -> (number: String, inspected: UInt64) {
            let number = try north.open(customer, kind: "after-sales", service: "return", purchased: "2026-11-20")
            north.clock.advance(by: 60_000)
            try north.cases.afterSales(number, .received, by: "王芳")
            north.clock.advance(by: 60_000)
            try north.cases.afterSales(number, .inspected, AfterSalesDetails(packaging: "yes", unused: "yes", receipt: "yes"), by: "王芳")
            try exchange()
            return (number, north.clock.now())
        }

        func milestones(_ number: String, on desk: TestDesk) throws -> [String] {
            try desk.cases.detail(number).events.compactMap { $0.kind == "milestone" ? "\($0.id) \($0.outcome ?? "")" : nil }
        }

        func unsettled(_ number: String, on desk: TestDesk) throws -> [String] {
            try desk.cases.stepConflicts(of: desk.cases.locate(number)).map { "\($0.taken.eventID) \($0.taken.step.rawValue): \($0.why.english)" }
        }
    }

    @Test func twoDesksRaisingTheSameSeverityApartNotifyOnceAndTheirTwoAcknowledgementsShowAsOne() throws {
        let pair = try Pair()
        let number = try pair.north.open(pair.customer)
        try pair.exchange()
        var urgent = CaseChanges()
        urgent.severity = "urgent"
        // Apart, each desk raises the case to urgent, which notifies the supervisors.
        try pair.north.cases.edit(number, urgent, by: "王芳")
        pair.south.clock.advance(by: 60_000)
        try pair.south.cases.edit(number, urgent, by: "李娜")
        try pair.exchange()
        for desk in pair.both {
            let shown = try desk.cases.locate(number)
            #expect(shown.severity == "urgent")
            #expect(shown.notified == ["urgent"], "the urgent notification is listed once")
            #expect(shown.openNotifications == [.urgent])
            #expect(try desk.cases.detail(number).conflicts.isEmpty, "the same severity twice is no disagreement")
            #expect(try desk.eventKinds(number).filter { $0 == "change" }.count == 2, "both edits stay in the timeline")
        }
        // Two supervisors acknowledge it apart: one acknowledgement shows.
        try pair.north.cases.acknowledge(number, by: "张伟")
        pair.south.clock.advance(by: 60_000)
        try pair.south.cases.acknowledge(number, by: "陈明")
        try pair.exchange()
        for desk in pair.both {
            let shown = try desk.cases.locate(number)
            #expect(shown.acknowledged == ["urgent"])
            #expect(shown.openNotifications.isEmpty, "nothing left to acknowledge")
        }
        #expect(try pair.north.dump() == pair.south.dump())
    }

    @Test func aCaseOpenedUrgentAndRaisedToCriticalAtTwoDesksListsEachLevelOnce() throws {
        let pair = try Pair()
        let number = try pair.north.open(pair.customer, severity: "urgent")
        try pair.exchange()
        var critical = CaseChanges()
        critical.severity = "critical"
        try pair.north.cases.edit(number, critical, by: "王芳")
        pair.south.clock.advance(by: 60_000)
        try pair.south.cases.edit(number, critical, by: "王芳")
        try pair.exchange()
        for desk in pair.both {
            #expect(try desk.cases.locate(number).notified == ["critical", "urgent"])
        }
        #expect(try pair.north.dump() == pair.south.dump())
    }

    @Test func twoRefundsRecordedApartBothStayAndBothReplicasListTheSecondAsUnsettled() throws {
        let pair = try Pair()
        let (number, inspected) = try pair.inspectedReturn()
        pair.north.clock.set(inspected + 60_000)
        let first = try pair.north.cases.afterSales(number, .refunded, AfterSalesDetails(note: "原路退回"), by: "王芳")
        pair.south.clock.set(inspected + 120_000)
        let second = try pair.south.cases.afterSales(number, .refunded, by: "李娜")
        try pair.exchange()
        let refunds = [first.eventID, second.eventID].compactMap { $0 }
        #expect(refunds.count == 2)
        for desk in pair.both {
            #expect(try pair.milestones(number, on: desk).filter { $0.hasSuffix("refunded") } == refunds.map { "\($0) refunded" })
            #expect(try pair.unsettled(number, on: desk) == ["\(refunds[1]) refunded: it was recorded already"])
        }
        #expect(try pair.north.dump() == pair.south.dump())

        // A lead settles it at one desk; the other sees it settled once it hears of it.
        try pair.north.cases.settleStep(number, event: refunds[1], reason: "second refund reversed", by: "李娜")
        try pair.exchange()
        for desk in pair.both {
            #expect(try pair.unsettled(number, on: desk).isEmpty)
            #expect(try desk.cases.detail(number).unsettledSteps.isEmpty)
        }
    }

    /// The one taken later, by creation version, is the step the order would not have allowed.
    @Test(arguments: [true, false])
    func aRefundAndAFailedReinspectionApartListTheLaterOneAsUnsettled(refundFirst: Bool) throws {
        let pair = try Pair()
        let (number, inspected) = try pair.inspectedReturn()
        pair.north.clock.set(inspected + (refundFirst ? 60_000 : 120_000))
        let refund = try pair.north.cases.afterSales(number, .refunded, by: "王芳")
        pair.south.clock.set(inspected + (refundFirst ? 120_000 : 60_000))
        let failed = AfterSalesDetails(packaging: "yes", unused: "no", receipt: "yes")
        let inspection = try pair.south.cases.afterSales(number, .inspected, failed, by: "李娜")
        try pair.exchange()
        let expected =
            refundFirst
            ? "\(inspection.eventID ?? "?") inspected: the refund was paid"
            : "\(refund.eventID ?? "?") refunded: the last inspection did not pass"
        for desk in pair.both {
            #expect(try pair.milestones(number, on: desk).count == 4, "received, inspected and both concurrent steps")
            #expect(try pair.unsettled(number, on: desk) == [expected])
        }
        #expect(try pair.north.dump() == pair.south.dump())
    }

    /// A station whose clock runs behind stamps what it does right after a sync within the
    /// millisecond of the newest change it received: a refund recorded after seeing the passed
    /// inspection still follows it, on both replicas.
    @Test func aRefundRightAfterSeeingTheInspectionIsNoConflictWhenTheOtherClockRunsAhead() throws {
        let pair = try Pair(southAhead: 2_000)
        let number = try pair.north.open(pair.customer, kind: "after-sales", service: "return", purchased: "2026-11-20")
        try pair.exchange()
        try pair.south.cases.afterSales(number, .received, by: "李娜")
        pair.south.clock.advance(by: 1)
        try pair.south.cases.afterSales(number, .inspected, AfterSalesDetails(packaging: "yes", unused: "yes", receipt: "yes"), by: "李娜")
        try pair.exchange()
        try pair.north.cases.afterSales(number, .refunded, by: "王芳")
        try pair.exchange()
        for desk in pair.both {
            let steps = try pair.milestones(number, on: desk).map { $0.split(separator: " ").last.map(String.init) ?? "" }
            #expect(steps.sorted() == ["inspected", "received", "refunded"])
            let unsettled = try pair.unsettled(number, on: desk)
            #expect(unsettled == [], "nothing to settle: the refund followed the inspection it saw")
        }
    }
}
