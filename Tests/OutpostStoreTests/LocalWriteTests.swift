import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

@Suite struct LocalWriteTests {
    @Test func createdRowsShowMergedValuesInPlainTables() throws {
        let station = try TestStation("SZ01", in: try temporaryDirectory(), seed: 1)
        let (customer, number) = try station.store.write(as: "王芳") { write in
            let customer = try write.create(
                "customers",
                [
                    Field("name", .text("李雷")), Field("phones", .text("138 0013 8000")), Field("phones", .text("+86 139 0000 1111")),
                ])
            let number = try write.nextCaseNumber()
            try write.create(
                "cases",
                [
                    Field("number", .text(number)), Field("customer_id", .text(write.text(of: customer)!)),
                    Field("kind", .text("after-sales")), Field("service", .text("repair")), Field("channel", .text("phone")),
                    Field("severity", .text("urgent")), Field("status", .text("new")), Field("tier", .integer(1)),
                    Field("title", .text("屏幕不亮")),
                ])
            return (customer, number)
        }
        #expect(number.hasPrefix("SZ01-") && number.hasSuffix("-0001"))
        let customers = try station.store.rows(of: "customers")
        #expect(customers.count == 1)
        #expect(customers[0][0] == .text("SZ01.\(customer.sequence)"))
        #expect(try station.field("customers", "phones") == .text(#"["+8613800138000","+8613900001111"]"#))
        let cases = try station.store.rows(of: "cases")
        #expect(cases.count == 1)
        #expect(cases[0][1] == .text(number))
        #expect(try station.field("cases", "status") == .text("new"))
        #expect(try station.field("cases", "customer_id") == .text("SZ01.\(customer.sequence)"))
    }

    @Test(arguments: [
        ("severity", Value.text("catastrophic"), "expected one of normal, urgent, critical"),
        ("tier", Value.integer(4), "expected a whole number from 1 to 3"),
        ("status", Value.text("escalated"), "expected one of new, in-progress, waiting, resolved, closed"),
        ("customer_id", Value.text("nonsense"), "expected the id of a row in customers"),
        ("customer_id", Value.text("SZ01.999"), "no customers row SZ01.999"),
    ])
    func invalidValuesAreRefusedAndNothingIsWritten(column: String, value: Value, message: String) throws {
        let station = try TestStation("SZ01", in: try temporaryDirectory(), seed: 2)
        let caseRow = try station.store.write(as: "王芳") { write in
            let customer = try write.create("customers", [Field("name", .text("李雷"))])
            return try write.create(
                "cases",
                [
                    Field("number", .text("SZ01-1")), Field("customer_id", .text(write.text(of: customer)!)), Field("kind", .text("complaint")),
                    Field("channel", .text("web")), Field("severity", .text("normal")), Field("status", .text("new")),
                    Field("tier", .integer(1)), Field("title", .text("退款慢")),
                ])
        }
        let before = try station.dump()
        let unsentBefore = try station.store.unsentChanges().count
        #expect {
            try station.store.write(as: "王芳") { write in
                try write.set("cases", caseRow, "title", .text("changed in the same transaction"))
                try write.set("cases", caseRow, column, value)
            }
        } throws: { error in
            let error = error as? StoreError
            return error.map { $0.message.contains(message) && $0.message.contains(column) || $0.message.contains(message) } ?? false
        }
        #expect(try station.dump() == before)
        #expect(try station.store.unsentChanges().count == unsentBefore)
    }

    /// A copy of a station's database (restored from a backup, or cloned to a second machine)
    /// issues numbers its original issued too. A new row is written without looking for an
    /// earlier one under its id, so when another station's edit of the original's row is there
    /// already, the write must fail rather than replace that edit.
    @Test func aRowIdIssuedTwiceIsRefusedAndTheEditAlreadyThereKept() throws {
        let sz = try TestStation("SZ01", in: try temporaryDirectory(), seed: 1)
        let copy = try TestStation("SZ01", in: try temporaryDirectory(), seed: 1)
        let gz = try TestStation("GZ02", in: try temporaryDirectory(), seed: 2)
        let customer = try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("李雷"))]) }
        try sz.send(to: gz)
        try gz.store.write(as: "b") { try $0.set("customers", customer, "contact", .text("王芳")) }
        let gzStation = try #require(try gz.store.localStation()).id
        try copy.store.apply(try gz.store.loggedChanges().filter { $0.id.station == gzStation })
        let before = try copy.dump()
        let unsentBefore = try copy.store.unsentChanges()

        #expect {
            try copy.store.write(as: "c") { try $0.create("customers", [Field("name", .text("韩梅梅"))]) }
        } throws: { ($0 as? StoreError)?.code == .changeIDReused }
        #expect(try copy.dump() == before)
        #expect(try copy.store.unsentChanges() == unsentBefore)
        // GZ02's edit still waits in the row's bookkeeping: the original's creation shows it.
        try copy.store.apply(try sz.store.loggedChanges())
        #expect(try copy.field("customers", "contact") == .text("王芳"))
    }

    /// GRDB opens WAL databases with `synchronous = NORMAL`, which a power cut can roll back:
    /// a clerk told "saved" must not lose the case.
    @Test func aCommitWaitsForTheDiskSoAPowerCutKeepsIt() throws {
        let station = try TestStation("SZ01", in: try temporaryDirectory(), seed: 1)
        #expect(try station.store.durability() == .powerCut)
    }

    @Test func reopeningKeepsEverythingAndTheClockNeverGoesBack() throws {
        let directory = try temporaryDirectory()
        let clock = ManualClock()
        let station = try TestStation("SZ01", in: directory, seed: 3, clock: clock)
        let row = try station.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        let before = try station.store.unsentChanges().last!.version.clock
        // The machine's clock jumps back an hour; the store is reopened.
        clock.set(clock.now() - 3_600_000)
        let reopened = try StationStore(path: directory.appendingPathComponent("SZ01.db").path, wallClock: clock.reading)
        try reopened.write(as: "a") { try $0.set("customers", row, "name", .text("B")) }
        let after = try reopened.unsentChanges().last!.version.clock
        #expect(after > before)
        #expect(try reopened.rows(of: "customers")[0][1] == .text("B"), "name is the first column after id")
        #expect(try reopened.unsentChanges().map(\.id.sequence) == [1, 2, 3])
        let history = try reopened.history(of: row, in: "customers")
        #expect(history.count == 2)
        #expect(history[1].pred == [history[0].version])
    }
}

@Suite struct TouchTests {
    @Test func shownReadsAnElidedValueFromTheDomainRow() throws {
        let station = try TestStation("SZ01", in: try temporaryDirectory(), seed: 4)
        let row = try station.store.write(as: "a") { try $0.create("customers", [Field("name", .text("李雷"))]) }
        // A new transaction loads the row from disk, where its single head's value is elided.
        #expect(try station.store.write(as: "a") { try $0.shown("customers", row, "name") } == .text("李雷"))
    }

    @Test func aTouchKeepsAConcurrentHeadAndItsConflict() throws {
        let pair = try Pair()
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "status", .text("closed")) }
        try pair.sz.store.write(as: "a") { try $0.set("cases", pair.caseRow, "status", .text("waiting")) }
        try pair.exchange()
        #expect(try pair.sz.store.openConflicts().map(\.column) == ["status"])
        // A note at SZ01 touches status: the case stays open, and the conflict is still there.
        try pair.sz.store.write(as: "a") { try $0.touch("cases", pair.caseRow, "status") }
        try pair.exchange()
        let conflicts = try pair.gz.store.openConflicts()
        #expect(conflicts.map(\.column) == ["status"])
        #expect(conflicts.first?.heads.map(\.payload).sorted(by: Value.byteOrder) == [.text("closed"), .text("waiting")])
        #expect(try pair.gz.field("cases", "status") == .text("waiting"))
        #expect(try pair.sz.dump() == pair.gz.dump())
    }

    @Test func aSettlementIsRefusedWhenTheHeadsChangedMeanwhile() throws {
        let pair = try Pair()
        try pair.sz.store.write(as: "a") { try $0.set("cases", pair.caseRow, "title", .text("A")) }
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "title", .text("B")) }
        try pair.exchange()
        let seen = try #require(pair.sz.store.openConflicts().first).heads.map(\.version)
        // Before the supervisor settles at SZ01, a newer edit from GZ02 arrives.
        try pair.gz.store.write(as: "b") { try $0.set("cases", pair.caseRow, "title", .text("C")) }
        try pair.gz.send(to: pair.sz)
        let before = try pair.sz.dump()
        #expect(throws: StoreError.self) {
            try pair.sz.store.write(as: "主管") { try $0.settle("cases", pair.caseRow, "title", to: .text("A"), expecting: seen) }
        }
        #expect(try pair.sz.dump() == before)
    }

    /// A clerk's command and `sync --watch` are two processes on one file: each must see the
    /// other's commits, though a store keeps what its transactions load between them.
    @Test func twoConnectionsOnOneFileTakeTurnsWithoutReusingAnId() throws {
        let directory = try temporaryDirectory()
        let station = try TestStation("SZ01", in: directory, seed: 3)
        let other = try StationStore(path: directory.appendingPathComponent("SZ01.db").path, wallClock: station.clock.reading)
        let customer = try station.store.write(as: "王芳") { try $0.create("customers", [Field("name", .text("李雷"))]) }
        for round in 0..<3 {
            try other.write(as: "张伟") { try $0.set("customers", customer, "name", .text("other \(round)")) }
            try station.store.write(as: "王芳") { try $0.set("customers", customer, "name", .text("station \(round)")) }
        }
        let sequences = try station.store.loggedChanges().map(\.id.sequence)
        #expect(sequences == Array(1...UInt64(sequences.count)))
        #expect(sequences.count == 8)
        #expect(try station.field("customers", "name") == .text("station 2"))
        #expect(try other.rows(of: "customers")[0].contains(.text("station 2")))

        // A failed transaction leaves nothing behind for the next one to reuse.
        #expect(throws: StoreError.self) {
            try station.store.write(as: "王芳") { write in
                try write.create("customers", [Field("name", .text("韩梅梅"))])
                try write.set("customers", customer, "tier", .integer(9))
            }
        }
        try station.store.write(as: "王芳") { try $0.set("customers", customer, "name", .text("after")) }
        #expect(try station.store.loggedChanges().map(\.id.sequence).last == 9)
    }
}
