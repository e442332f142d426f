import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// The deadline cache (`docs/ARCHITECTURE.md`, "Deadline cache") is derived, local data: after
/// every kind of write that moves a clock (an event, a field, a remote change, a policy or
/// calendar edit, a region), and as time passes with no write at all, the deadline listings read
/// through it list exactly what computing every case's clocks afresh lists.
@Suite struct DeadlineCacheTests {
    /// What the deadline listings must show at the desk's clock, computed with no cache: each
    /// case not closed with its nearest open due time, if any, and whether it is overdue.
    static func fresh(_ desk: TestDesk) throws -> [(number: String, nearest: UInt64?, overdue: Bool)] {
        try desk.store.records("SELECT number FROM cases WHERE status <> 'closed'").compactMap { $0["number"].text }.map { number in
            let deadlines = try desk.deadlines(number)
            return (number, deadlines.nearest, deadlines.isOverdue)
        }
    }

    /// An open clock as the cache holds it.
    struct Clock: Hashable, Decodable {
        var rule: String
        var due: UInt64
    }

    /// Checks the cache's entries, `case list --overdue`, `--due-within 4h` and `today`'s deadline sections against
    /// `fresh`, naming the step that came before.
    static func check(_ desk: TestDesk, after step: String) throws {
        let now = desk.clock.now()
        let fresh = try Self.fresh(desk)
        let nearest = Dictionary(uniqueKeysWithValues: fresh.map { ($0.number, $0.nearest) })
        func listed(_ list: CaseList, _ expected: Set<String>, _ what: String) {
            listed(list.cases, total: list.total, expected, what)
        }
        func listed(_ cases: [CaseListing], total: Int, _ expected: Set<String>, _ what: String) {
            let numbers = cases.map(\.case.number)
            #expect(Set(numbers) == expected, "\(what) after \(step)")
            #expect(total == expected.count, "\(what) total after \(step)")
            let dues = numbers.map { nearest[$0].flatMap { $0 } ?? .max }
            #expect(dues == dues.sorted(), "\(what) nearest first after \(step)")
        }
        let overdue = Set(fresh.filter(\.overdue).map(\.number))
        let soon = Set(fresh.filter { !$0.overdue && ($0.nearest.map { $0 <= now + 4 * TestDesk.hour } ?? false) }.map(\.number))
        var filter = CaseFilter()
        filter.limit = nil
        filter.overdue = true
        listed(try desk.cases.list(filter), overdue, "--overdue")
        filter.overdue = false
        filter.dueWithin = 4 * TestDesk.hour
        listed(try desk.cases.list(filter), overdue.union(soon), "--due-within 4h")
        let today = try desk.today.report(for: "周经理", limit: nil)
        listed(today.overdue.cases, total: today.overdue.total, overdue, "today's overdue")
        listed(today.dueSoon.cases, total: today.dueSoon.total, soon, "today's due soon")
        // Every entry the cache holds is what a fresh computation gives now, once the listings have read it.
        for row in try desk.store.records("SELECT c.number, k.clocks FROM outpost_case_clocks k JOIN cases c ON c.id = k.case_id") {
            let number = try #require(row["number"].text)
            let cached = try JSONDecoder().decode([Clock].self, from: Data((row["clocks"].text ?? "").utf8))
            let open = try desk.deadlines(number).items.filter { $0.metAt == nil && $0.due != nil }
            #expect(Set(cached) == Set(open.map { Clock(rule: $0.rule, due: $0.due!) }), "case \(number)'s entry after \(step)")
        }
    }

    @Test func theListingsAgreeWithClocksComputedAfreshAfterEveryKindOfChange() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sz = try NationalDay.desk("SZ01", in: directory, seed: 1)
        let gz = try TestDesk("GZ02", in: directory, seed: 2, clock: sz.clock)
        let complaint = try sz.open(at: "2026-09-28 10:00")
        let urgent = try sz.open(at: "2026-09-28 11:00", kind: "consultation", severity: "urgent")
        let repair = try sz.open(at: "2026-09-29 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
        _ = try sz.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical")
        try sz.send(to: gz)
        try sz.at("2026-09-30 17:00")
        try Self.check(sz, after: "opening four cases")

        try sz.contact(complaint, at: "2026-09-30 17:10")
        try Self.check(sz, after: "a contact meets a first-contact clock")

        try sz.at("2026-10-09 10:00")
        try Self.check(sz, after: "time passing with no write")

        // The repair, due 2026-10-14 18:00 (5 working days after the National Day week), becomes
        // overdue: 1 working day from 09-29 is 09-30 18:00.
        _ = try PolicyBook(store: sz.store).setRule("repair", within: "1wd", unit: nil, applies: nil, by: "周经理")
        try Self.check(sz, after: "a rule changed by a manager")

        // With 09-30 a holiday too, the first working day after 09-29 is 10-09: due tonight.
        try PolicyBook(store: sz.store).mark("2026-09-30", as: "holiday", name: "加休", by: "周经理")
        try Self.check(sz, after: "a holiday added")

        try gz.cases.contact(urgent, channel: "phone", outcome: "reached", by: "王芳")
        try gz.send(to: sz)
        try Self.check(sz, after: "a contact made at another station arrives")

        try sz.step(.received, repair, at: "2026-10-09 11:00", service: "repair")
        _ = try sz.cases.wait(urgent, by: "王芳")
        try Self.check(sz, after: "an after-sales step and a wait for the customer")

        try PolicyBook(store: sz.store).setRegion("south", station: "SZ01", by: "周经理")
        try PolicyBook(store: sz.store).setHours(days: "mon-sat", hours: "08:00-20:00", region: "south", by: "周经理")
        try Self.check(sz, after: "the station moved to a region with longer hours")
    }

    @Test func entriesFromAnotherReleaseAreDroppedNotTrusted() throws {
        let desk = try NationalDay.desk()
        let number = try desk.open(at: "2026-09-28 10:00")
        try desk.at("2026-10-12 10:00")
        try Self.check(desk, after: "opening a case")
        // Entries an earlier release wrote, computed differently: no case would be due.
        _ = try RawSQLite.execute(desk.store.path, "UPDATE outpost_case_clocks SET nearest = NULL, clocks = '[]'")
        try desk.store.setSetting("case-clocks.version", "0.0.1+clocks.1")
        try Self.check(desk, after: "a cache left by another release")
        #expect(try desk.deadlines(number).isOverdue)
    }
}
