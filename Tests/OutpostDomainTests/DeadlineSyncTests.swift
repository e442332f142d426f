import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Deadlines are computed on each replica from replicated rows (`docs/ARCHITECTURE.md`,
/// "Deadlines"): a calendar or policy change made at one station moves the clocks of cases opened
/// at another once the change arrives, and both replicas then show the same deadlines.
@Suite struct DeadlineSyncTests {
    /// Two stations in one directory on one hand-driven clock; SZ01 holds the staff and the
    /// customer, and GZ02 has received them. Neither knows the holidays.
    static func stations() throws -> (sz: TestDesk, gz: TestDesk, directory: URL) {
        let directory = try temporaryDirectory()
        let clock = ManualClock(NationalDay.at("2026-09-21 09:00"))
        let sz = try NationalDay.desk("SZ01", in: directory, seed: 1, clock: clock, calendar: false)
        let gz = try TestDesk("GZ02", in: directory, seed: 2, clock: clock)
        try sz.send(to: gz)
        return (sz, gz, directory)
    }

    static func sync(_ a: TestDesk, _ b: TestDesk) throws {
        try a.send(to: b)
        try b.send(to: a)
    }

    static func due(_ desk: TestDesk, _ number: String, _ rule: String) throws -> String? {
        NationalDay.text(try desk.deadline(number, rule)?.due)
    }

    @Test func holidaysAddedLateMoveTheDeadlinesAtBothStations() throws {
        let (sz, gz, directory) = try Self.stations()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repair = try gz.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
        let critical = try gz.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical")
        try gz.at("2026-09-30 16:30")
        // Without the holidays: 5 and 4 working days from 10-01; 2 working hours on 09-30, 2 on 10-01.
        #expect(try Self.due(gz, repair, "repair") == "2026-10-07 18:00")
        #expect(try Self.due(gz, repair, "repair-warning") == "2026-10-06 18:00")
        #expect(try Self.due(gz, critical, "keep-in-loop-critical") == "2026-10-01 11:00")

        try NationalDay.mark(on: sz)
        #expect(try Self.due(gz, repair, "repair") == "2026-10-07 18:00", "GZ02 has not received the holidays yet")
        try Self.sync(sz, gz)

        try gz.at("2026-09-30 17:00")
        for number in [repair, critical] {
            #expect(try sz.deadlines(number) == gz.deadlines(number), "case \(number)")
        }
        for desk in [sz, gz] {
            #expect(try Self.due(desk, repair, "repair") == "2026-10-14 18:00")
            #expect(try Self.due(desk, repair, "repair-warning") == "2026-10-13 18:00")
            #expect(try Self.due(desk, repair, "after-sales-response") == "2026-09-30 12:00", "an elapsed clock does not move")
            #expect(try Self.due(desk, critical, "keep-in-loop-critical") == "2026-10-09 11:00")
            #expect(try Self.due(desk, critical, "first-contact-critical") == "2026-09-30 20:00")
        }
    }

    @Test func aRuleChangedAtOneStationMovesTheDueTimeAtTheOther() throws {
        let (sz, gz, directory) = try Self.stations()
        defer { try? FileManager.default.removeItem(at: directory) }
        try NationalDay.mark(on: sz)
        try Self.sync(sz, gz)
        let repair = try gz.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
        let critical = try gz.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical")
        try Self.sync(sz, gz)
        try sz.at("2026-09-30 17:00")
        #expect(try Self.due(sz, repair, "repair") == "2026-10-14 18:00")
        #expect(try sz.deadline(critical, "keep-in-loop-critical") != nil)

        let book = PolicyBook(store: gz.store)
        _ = try book.setRule("repair", within: "3wd", unit: nil, applies: nil, by: "周经理")
        _ = try book.setRule("keep-in-loop-critical", within: nil, unit: nil, applies: false, by: "周经理")
        #expect(try Self.due(gz, repair, "repair") == "2026-10-12 18:00")
        #expect(try Self.due(sz, repair, "repair") == "2026-10-14 18:00", "SZ01 has not received the change yet")

        try verify(.fails(.refused, "needs a manager or above", "王芳 is a clerk"), on: sz, "a clerk changes a rule") {
            _ = try PolicyBook(store: sz.store).setRule("repair", within: "10wd", unit: nil, applies: nil, by: "王芳")
        }
        try verify(.fails(.refused, "needs a manager or above", "李组长 is a lead"), on: sz, "a lead marks a holiday") {
            try PolicyBook(store: sz.store).mark("2026-10-12", as: "holiday", name: nil, by: "李组长")
        }

        try Self.sync(sz, gz)
        for desk in [sz, gz] {
            #expect(try Self.due(desk, repair, "repair") == "2026-10-12 18:00")
            #expect(try desk.deadline(critical, "keep-in-loop-critical") == nil, "the rule no longer applies")
        }
        for number in [repair, critical] {
            #expect(try sz.deadlines(number) == gz.deadlines(number), "case \(number)")
        }

        // Set at both stations while apart: the change written last is read everywhere.
        try sz.at("2026-09-30 17:20")
        _ = try PolicyBook(store: sz.store).setRule("repair", within: "4wd", unit: nil, applies: nil, by: "周经理")
        try gz.at("2026-09-30 17:25")
        _ = try PolicyBook(store: gz.store).setRule("repair", within: "6wd", unit: nil, applies: nil, by: "周经理")
        try Self.sync(sz, gz)
        for desk in [sz, gz] {
            #expect(try Self.due(desk, repair, "repair") == "2026-10-15 18:00")
        }
        #expect(try sz.deadlines(repair) == gz.deadlines(repair))
    }
}
