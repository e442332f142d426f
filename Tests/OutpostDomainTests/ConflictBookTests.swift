import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Conflicts for every merge policy on two stations exchanging changes, settling, and provenance.
@Suite struct ConflictBookTests {
    /// SZ01 opens a case and both stations see it; then each changes title, severity, status and
    /// phones while apart, and they exchange changes.
    func conflicted() throws -> (sz: TestDesk, gz: TestDesk, number: String) {
        let directory = try temporaryDirectory()
        let sz = try TestDesk("SZ01", in: directory, seed: 1, clock: ManualClock(TestDesk.morning))
        let gz = try TestDesk("GZ02", in: directory, seed: 2, clock: ManualClock(TestDesk.morning + 1_000))
        let customer = try sz.customer("王芳", phone: "13800138000", by: "li.wei")
        let number = try sz.open(customer, severity: "urgent", title: "退款慢", by: "li.wei")
        try sz.send(to: gz)
        try gz.send(to: sz)
        var raise = CaseChanges()
        raise.severity = "critical"
        raise.title = "退款很慢"
        try sz.cases.edit(number, raise, by: "li.wei")
        _ = try sz.customers.edit(customer, CustomerChanges(addPhones: ["13900139000"]), by: "li.wei")
        try sz.cases.note(number, "还在处理", by: "li.wei")
        gz.clock.advance(by: 60_000)
        var lower = CaseChanges()
        lower.severity = "normal"
        lower.title = "退款慢（已联系）"
        try gz.cases.edit(number, lower, by: "chen.jing")
        _ = try gz.customers.edit(customer, CustomerChanges(addPhones: ["13700137000"]), by: "chen.jing")
        try gz.cases.contact(number, channel: "phone", outcome: "reached", by: "chen.jing")
        try gz.cases.solution(number, "退款已到账", accepted: "yes", by: "chen.jing")
        try gz.cases.resolve(number, by: "chen.jing")
        try gz.cases.close(number, by: "chen.jing")
        try sz.send(to: gz)
        try gz.send(to: sz)
        return (sz, gz, number)
    }

    @Test func everyPolicyConflictsTheSameOnBothStations() throws {
        let (sz, gz, number) = try conflicted()
        let onSZ = try ConflictBook(store: sz.store).list()
        let onGZ = try ConflictBook(store: gz.store).list()
        #expect(onSZ == onGZ)
        #expect(Set(onSZ.map(\.field)) == ["title", "severity", "status"])
        let byField = Dictionary(uniqueKeysWithValues: onSZ.map { ($0.field, $0) })
        #expect(byField["title"]?.policy == "lastWriter")
        #expect(byField["title"]?.shown == "退款慢（已联系）")
        #expect(byField["severity"]?.policy == "highestRank")
        #expect(byField["severity"]?.shown == "critical")
        #expect(byField["status"]?.policy == "openWins")
        #expect(byField["status"]?.shown == "new")
        #expect(byField["status"]?.label == "\(number) 退款慢（已联系）")
        let severity = try #require(byField["severity"])
        #expect(severity.values.map(\.station).sorted() == ["GZ02", "SZ01"])
        #expect(severity.values.first { $0.station == "SZ01" }?.staff == "li.wei")
        #expect(severity.values.first { $0.station == "GZ02" }?.staff == "chen.jing")
        #expect(onSZ.map(\.since) == onSZ.map(\.since).sorted())
        // Phones are an addWins set: both kept, no conflict.
        #expect(try sz.customers.find("13700137000").first?.phones.count == 3)
    }

    @Test func settlingOnOneStationSettlesEverywhereAndStaysInHistory() throws {
        let (sz, gz, number) = try conflicted()
        let severity = try #require(try ConflictBook(store: gz.store).list().first { $0.field == "severity" })
        let pick = try #require(severity.values.firstIndex { $0.value == "normal" })
        try ConflictBook(store: gz.store).settle(severity.id, .pick(pick + 1), by: "chen.jing")
        try gz.send(to: sz)
        for desk in [sz, gz] {
            let book = ConflictBook(store: desk.store)
            #expect(try book.list().allSatisfy { $0.field != "severity" })
            let settled = try #require(try book.list(settled: true).first { !$0.open && $0.field == "severity" })
            #expect(settled.id == severity.id)
            #expect(settled.settledValue == "normal")
            #expect(settled.settledBy == "chen.jing at GZ02")
        }
        #expect(try sz.dump() == gz.dump())

        // A settled id is refused; so is an id whose heads changed.
        #expect(throws: DomainError.self) { try ConflictBook(store: sz.store).settle(severity.id, .keepShown, by: "li.wei") }

        // Re-conflict after the settlement: both change severity again while apart.
        var up = CaseChanges()
        up.severity = "critical"
        try sz.cases.edit(number, up, by: "li.wei")
        var down = CaseChanges()
        down.severity = "urgent"
        try gz.cases.edit(number, down, by: "chen.jing")
        try sz.send(to: gz)
        try gz.send(to: sz)
        let again = try ConflictBook(store: sz.store).list().filter { $0.field == "severity" }
        #expect(again.count == 1)
        #expect(again.first?.id != severity.id)
        #expect(try ConflictBook(store: gz.store).list() == ConflictBook(store: sz.store).list())
    }

    @Test func explainNamesWhoSetEachFieldAndWhatItOverwrote() throws {
        let (sz, gz, number) = try conflicted()
        let id = try sz.cases.locate(number).id
        let row = try #require(try sz.store.rowID(id))
        let fields = try ConflictBook(store: sz.store).explain(table: "cases", row: row)
        #expect(try ConflictBook(store: gz.store).explain(table: "cases", row: row) == fields)
        let kind = try #require(fields.first { $0.field == "kind" })
        #expect(kind.setBy.map(\.station) == ["SZ01"])
        #expect(kind.setBy.map(\.staff) == ["li.wei"])
        #expect(kind.overwrote.isEmpty)
        let title = try #require(fields.first { $0.field == "title" })
        #expect(title.shown == "退款慢（已联系）")
        #expect(Set(title.setBy.map(\.staff)) == ["li.wei", "chen.jing"])
        #expect(title.overwrote.map(\.value) == ["退款慢"])
        // Edit times are the versions' clocks: GZ02's clock ran a minute later.
        let edited = Dictionary(uniqueKeysWithValues: title.setBy.map { ($0.station, $0.edited) })
        #expect(edited["SZ01"]! < edited["GZ02"]!)
    }
}
