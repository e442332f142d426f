import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

/// Two stations, a shared case, and edits made while apart.
struct Pair {
    let sz: TestStation
    let gz: TestStation
    let caseRow: RowID
    let customer: RowID

    init(_ name: String = #function) throws {
        let directory = try temporaryDirectory(name)
        let clock = ManualClock()
        sz = try TestStation("SZ01", in: directory, seed: 10, clock: clock)
        gz = try TestStation("GZ02", in: directory, seed: 20, clock: clock)
        (customer, caseRow) = try sz.store.write(as: "王芳") { write in
            let customer = try write.create("customers", [Field("name", .text("李雷")), Field("phones", .text("13800138000"))])
            let caseRow = try write.create(
                "cases",
                [
                    Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(write.text(of: customer)!)),
                    Field("kind", .text("after-sales")), Field("service", .text("replacement")), Field("channel", .text("walk-in")),
                    Field("severity", .text("urgent")), Field("status", .text("in-progress")), Field("tier", .integer(1)),
                    Field("title", .text("手机无法开机")),
                ])
            return (customer, caseRow)
        }
        try sz.send(to: gz)
        try gz.send(to: sz)
    }

    func exchange() throws {
        try sz.send(to: gz)
        try gz.send(to: sz)
    }
}

@Suite struct RemoteApplyTests {
    @Test func concurrentEditsConflictTheSameWayOnBothStations() throws {
        let pair = try Pair()
        try pair.sz.store.write(as: "王芳") { try $0.set("cases", pair.caseRow, "title", .text("手机无法开机（已检测）")) }
        pair.sz.clock.advance(by: 10)
        try pair.gz.store.write(as: "陈明") { try $0.set("cases", pair.caseRow, "title", .text("手机不开机")) }
        try pair.exchange()

        let szConflicts = try pair.sz.store.openConflicts()
        #expect(szConflicts.count == 1)
        #expect(szConflicts.map(\.id) == (try pair.gz.store.openConflicts()).map(\.id))
        #expect(szConflicts.first?.column == "title")
        // lastWriter: GZ02 wrote later.
        #expect(szConflicts.first?.shown == .text("手机不开机"))
        #expect(try pair.sz.dump() == pair.gz.dump())

        // Writing the shown value again settles it, everywhere.
        try pair.sz.store.write(as: "主管") { try $0.set("cases", pair.caseRow, "title", .text("手机不开机")) }
        try pair.exchange()
        #expect(try pair.sz.store.openConflicts().isEmpty)
        #expect(try pair.gz.store.openConflicts().isEmpty)
        #expect(try pair.sz.dump() == pair.gz.dump())
    }

    @Test func aRaiseIsNotLostToAConcurrentLowering() throws {
        let pair = try Pair()
        try pair.sz.store.write(as: "a") { try $0.set("cases", pair.caseRow, "severity", .text("critical")) }
        pair.sz.clock.advance(by: 10)
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "severity", .text("normal")) }
        try pair.exchange()
        #expect(try pair.sz.field("cases", "severity") == .text("critical"))
        #expect(try pair.sz.dump() == pair.gz.dump())
    }

    @Test func aCaseClosedAtOneStationStaysOpenWhileAnotherWorksOnIt() throws {
        let pair = try Pair()
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "status", .text("closed")) }
        pair.sz.clock.advance(by: 10)
        try pair.sz.store.write(as: "a") { try $0.set("cases", pair.caseRow, "status", .text("in-progress")) }
        pair.sz.clock.advance(by: 10)
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "status", .text("closed")) }
        try pair.exchange()
        #expect(try pair.sz.field("cases", "status") == .text("in-progress"))
        #expect(try pair.gz.store.openConflicts().map(\.column) == ["status"])
        #expect(try pair.sz.dump() == pair.gz.dump())
    }

    @Test func aConcurrentAddSurvivesARemove() throws {
        let pair = try Pair()
        try pair.sz.store.write(as: "a") { try $0.remove("customers", pair.customer, "phones", "13800138000") }
        try pair.gz.store.write(as: "b") {
            try $0.add("customers", pair.customer, "phones", "+86 138 0013 8000")
            try $0.add("customers", pair.customer, "phones", "020 8888 6666")
        }
        try pair.exchange()
        #expect(try pair.sz.field("customers", "phones") == .text(#"["+8613800138000","+862088886666"]"#))
        #expect(try pair.sz.store.openConflicts().isEmpty)
        #expect(try pair.sz.dump() == pair.gz.dump())
    }

    @Test func arrivalOrderGapsAndDuplicatesDoNotMatter() throws {
        let pair = try Pair()
        for index in 0..<5 {
            try pair.sz.store.write(as: "a") { try $0.set("cases", pair.caseRow, "title", .text("sz \(index)")) }
            try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "assignee", .text("gz \(index)")) }
        }
        let directory = try temporaryDirectory()
        let third = try TestStation("HZ03", in: directory, seed: 30)
        let fourth = try TestStation("HZ04", in: directory, seed: 40)
        let all = try pair.sz.store.loggedChanges() + pair.gz.store.loggedChanges()
        // One receives everything in reverse, one at a time, twice; the other in one batch.
        for change in (all + all).reversed() { try third.store.apply([change]) }
        try fourth.store.apply(all)
        try pair.exchange()
        // Drop the stations' own rows: each replica also knows itself.
        let view = { (station: TestStation) in try station.store.rows(of: "cases") + station.store.rows(of: "customers") }
        #expect(try view(third) == view(fourth))
        #expect(try view(third) == view(pair.sz))
        #expect(try view(pair.sz) == view(pair.gz))
    }

    @Test func aKnownChangeIDWithOtherContentIsRefused() throws {
        let pair = try Pair()
        var forged = try pair.sz.store.loggedChanges().last!
        forged.author = "someone else"
        let before = try pair.gz.dump()
        #expect(throws: StoreError.self) { try pair.gz.store.apply([forged]) }
        #expect(try pair.gz.dump() == before)
    }

    @Test func changesThisVersionCannotApplyWaitPending() throws {
        let pair = try Pair()
        let next = try pair.sz.store.loggedChanges().last!
        func following(_ offset: UInt64, _ table: String, _ operation: Change.Operation, schema: Int = 1) -> Change {
            var change = next
            change.id.sequence += offset
            change.version.clock = Timestamp(rawValue: next.version.clock.rawValue + offset)
            change.table = table
            change.operation = operation
            change.row = pair.caseRow
            change.pred = []
            change.schema = schema
            return change
        }
        let newer = [
            following(1, "invoices", .set(column: "kind", value: .text("holiday"))),
            following(2, "cases", .set(column: "satisfaction", value: .integer(5))),
            following(3, "cases", .set(column: "status", value: .text("escalated")), schema: 2),
            following(4, "cases", .set(column: "title", value: .text("still applied"))),
        ]
        let report = try pair.gz.store.apply(newer)
        #expect(report.pending == 3)
        #expect(report.applied == 1)
        #expect(try pair.gz.store.pendingChanges().map(\.change) == Array(newer.prefix(3)))
        #expect(try pair.gz.field("cases", "title") == .text("still applied"))
    }

    @Test func twoWritersOnOneFileNeverIssueTheSameVersionOrCaseNumber() async throws {
        let directory = try temporaryDirectory()
        let clock = ManualClock()
        let first = try TestStation("SZ01", in: directory, seed: 50, clock: clock)
        let path = directory.appendingPathComponent("SZ01.db").path
        let customer = try first.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        // Two independent connections to one file behave like two processes: SQLite file locks.
        let numbers = try await withThrowingTaskGroup(of: [String].self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let store = try StationStore(path: path, wallClock: clock.reading)
                    var numbers = [String]()
                    for index in 0..<50 {
                        numbers.append(
                            try store.write(as: "w\(writer)") { write in
                                try write.set("customers", customer, "note", .text("\(writer)-\(index)"))
                                return try write.nextCaseNumber()
                            })
                    }
                    return numbers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(numbers).count == 100)
        let changes = try first.store.loggedChanges()
        #expect(Set(changes.map(\.version)).count == changes.count)
        #expect(Set(changes.map(\.id)).count == changes.count)
        #expect(changes.map(\.id.sequence) == Array(1...UInt64(changes.count)))
    }
}
