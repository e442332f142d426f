import Foundation
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Testing

/// The conflict lifecycle end to end over a live relay. Three stations change
/// one case and its customer while apart, for every merge policy; every station and the relay's
/// merged replica list the same conflicts; one station settles them, and after a sync they are
/// settled everywhere, with the same history; then a new concurrent edit conflicts again, with a
/// new id, everywhere.
@Suite struct ConflictLifecycleTests {
    /// A station of the harness with the domain over it, on the harness's clock.
    struct Desk {
        let station: SyncedStation
        let customers: CustomerBook
        let cases: CaseBook
        var code: String { station.code }
        var conflicts: ConflictBook { ConflictBook(store: station.store) }

        init(_ station: SyncedStation, clock: ManualClock) {
            self.station = station
            customers = CustomerBook(store: station.store)
            cases = CaseBook(store: station.store, clock: clock.reading)
        }
    }

    @Test func conflictsAreListedSettledAndConflictAgainTheSameOnEveryStationAndTheRelay() async throws {
        let relay = try await RelayHarness()
        let sz = Desk(try await relay.station("SZ01", seed: 1), clock: relay.clock)
        let gz = Desk(try await relay.station("GZ02", seed: 2), clock: relay.clock)
        let hz = Desk(try await relay.station("HZ03", seed: 3), clock: relay.clock)
        let desks = [sz, gz, hz]
        func syncAll() async throws {
            // Twice round, so every station pulls what the later ones pushed.
            for _ in 0..<2 { for desk in desks { try await desk.station.sync() } }
        }

        // SZ01 adds the customer and opens the case; everyone syncs.
        let customer = try sz.customers.add(NewCustomer(name: "王芳", phones: ["13800138000"]), by: "li.wei").customer.id
        let number = try sz.cases.open(
            NewCase(customer: customer, kind: "complaint", channel: "phone", severity: "urgent", title: "退款慢"), by: "li.wei"
        ).number
        var tagged = CaseChanges()
        tagged.addTags = ["refund"]
        try sz.cases.edit(number, tagged, by: "li.wei")
        try await syncAll()

        // While apart, each station changes the same fields.
        var raise = CaseChanges()
        raise.severity = "critical"
        raise.title = "退款很慢"
        raise.removeTags = ["refund"]
        try sz.cases.edit(number, raise, by: "li.wei")
        try sz.cases.escalate(number, tier: "2", reason: "需要财务确认", by: "li.wei")
        try sz.customers.edit(customer, CustomerChanges(name: "王芳（深圳）", addPhones: ["13900139000"], removePhones: ["13800138000"]), by: "li.wei")
        relay.clock.advance(by: 60_000)
        var lower = CaseChanges()
        lower.severity = "normal"
        lower.title = "退款慢（已联系）"
        lower.addTags = ["refund"]
        try gz.cases.edit(number, lower, by: "chen.jing")
        try gz.customers.edit(customer, CustomerChanges(name: "Wang Fang", addPhones: ["13800138000"]), by: "chen.jing")
        try gz.cases.contact(number, channel: "phone", outcome: "reached", by: "chen.jing")
        try gz.cases.solution(number, "换新", accepted: "yes", by: "chen.jing")
        try gz.cases.resolve(number, by: "chen.jing")
        try gz.cases.close(number, by: "chen.jing")
        relay.clock.advance(by: 60_000)
        try hz.cases.escalate(number, tier: "3", reason: "专家处理", by: "zhao.min")
        try await syncAll()

        // Every station and the relay list the same open conflicts, with the same winners.
        let replica = await relay.replica()
        let open = try sz.conflicts.list()
        for desk in desks.dropFirst() {
            #expect(try desk.conflicts.list() == open, "\(desk.code) lists other conflicts than SZ01")
        }
        #expect(try ConflictBook(store: replica).list() == open, "the relay's merged replica lists other conflicts")
        #expect(try replica.openConflicts().map(\.id.description).sorted() == open.map(\.id).sorted(), "what `outpost-relay conflicts` lists")
        let byField = Dictionary(uniqueKeysWithValues: open.map { ("\($0.table).\($0.field)", $0) })
        #expect(Set(byField.keys) == ["cases.title", "cases.severity", "cases.tier", "cases.status", "customers.name"], "\(byField.keys.sorted())")
        #expect(byField["cases.title"]?.policy == "lastWriter")
        #expect(byField["cases.title"]?.shown == "退款慢（已联系）", "the later edit")
        #expect(byField["customers.name"]?.policy == "lastWriter")
        #expect(byField["customers.name"]?.shown == "Wang Fang")
        #expect(byField["cases.severity"]?.policy == "highestRank")
        #expect(byField["cases.severity"]?.shown == "critical", "a concurrent raise is never lost to a lowering")
        #expect(byField["cases.tier"]?.policy == "highestRank")
        #expect(byField["cases.tier"]?.shown == "3")
        #expect(byField["cases.status"]?.policy == "openWins")
        #expect(CaseVocabulary.openStatuses.contains(byField["cases.status"]?.shown ?? ""), "the case stays open")
        #expect(byField["cases.status"]?.values.contains { $0.value == "closed" && $0.station == "GZ02" } == true)
        #expect(byField["cases.tier"].map { Set($0.values.map(\.station)) } == ["SZ01", "HZ03"])
        #expect(byField["cases.severity"]?.values.first { $0.station == "GZ02" }?.staff == "chen.jing")
        // Sets (addWins) are not open conflicts: a concurrent remove and re-add keeps the element.
        for desk in desks {
            let shown = try desk.customers.profile(customer).customer
            #expect(
                shown.phones == ["+8613900139000", "+8613800138000"],
                "\(desk.code): GZ02's re-add survives SZ01's remove, and is listed after SZ01's earlier add, as everywhere")
            #expect(try desk.cases.locate(number).tags == ["refund"], "\(desk.code): the re-added tag survives")
        }
        #expect(!open.contains { $0.policy == "addWins" })

        // HZ03 settles every conflict; nobody else has synced since. The status first: a note
        // on the case (the severity's settlement has one) touches `status` over the head shown,
        // which would change the status conflict's heads and so its id.
        for entry in open.sorted(by: { ($0.field == "status" ? 0 : 1) < ($1.field == "status" ? 0 : 1) }) {
            switch entry.field {
            case "severity":
                let normal = try #require(entry.values.firstIndex { $0.value == "normal" })
                try hz.conflicts.settle(entry.id, .pick(normal + 1), note: "与深圳确认", by: "zhao.min")
            case "name":
                try hz.conflicts.settle(entry.id, .value("王芳"), by: "zhao.min")
            default:
                try hz.conflicts.settle(entry.id, .keepShown, by: "zhao.min")
            }
        }
        #expect(try hz.conflicts.list().isEmpty)
        #expect(try sz.conflicts.list() == open, "SZ01 has not synced yet")
        try await syncAll()

        let replicaAfter = await relay.replica()
        let history = try sz.conflicts.list(settled: true)
        for desk in desks {
            #expect(try desk.conflicts.list().isEmpty, "\(desk.code) still lists open conflicts")
            #expect(try desk.conflicts.list(settled: true) == history, "\(desk.code) has another history")
        }
        #expect(try ConflictBook(store: replicaAfter).list().isEmpty)
        #expect(try replicaAfter.openConflicts().isEmpty)
        #expect(try ConflictBook(store: replicaAfter).list(settled: true) == history)
        #expect(Set(history.map(\.id)) == Set(open.map(\.id)), "each settlement is read back under the id it was listed with")
        for entry in history {
            #expect(!entry.open)
            #expect(entry.settledBy == "zhao.min at HZ03")
        }
        let settled = Dictionary(uniqueKeysWithValues: history.map { ("\($0.table).\($0.field)", $0) })
        #expect(settled["cases.severity"]?.settledValue == "normal")
        #expect(settled["customers.name"]?.settledValue == "王芳")
        for desk in desks {
            #expect(try desk.cases.locate(number).severity == "normal", "\(desk.code)")
            #expect(try desk.customers.profile(customer).customer.name == "王芳", "\(desk.code)")
        }
        #expect(try sz.station.dump() == gz.station.dump())
        #expect(try sz.station.dump() == hz.station.dump())
        #expect(try dumpTables(replicaAfter) == sz.station.dump())

        // Re-conflict: SZ01 and GZ02 change the settled severity and title again while apart.
        relay.clock.advance(by: 60_000)
        var up = CaseChanges()
        up.severity = "critical"
        up.title = "退款仍然很慢"
        try sz.cases.edit(number, up, by: "li.wei")
        relay.clock.advance(by: 1_000)
        var down = CaseChanges()
        down.severity = "urgent"
        down.title = "退款慢（第二次）"
        try gz.cases.edit(number, down, by: "chen.jing")
        try await syncAll()

        let replicaAgain = await relay.replica()
        let again = try sz.conflicts.list()
        for desk in desks.dropFirst() {
            #expect(try desk.conflicts.list() == again, "\(desk.code) lists other conflicts than SZ01")
        }
        #expect(try ConflictBook(store: replicaAgain).list() == again)
        #expect(Set(again.map(\.field)) == ["severity", "title"])
        #expect(again.first { $0.field == "severity" }?.shown == "critical")
        #expect(again.first { $0.field == "title" }?.shown == "退款慢（第二次）")
        #expect(Set(again.map(\.id)).isDisjoint(with: open.map(\.id)), "a new conflict has a new id")
        for entry in again {
            #expect(Set(entry.values.map(\.station)) == ["SZ01", "GZ02"])
        }
        // The earlier settlements stay in the history, beside the new open conflicts.
        let all = try gz.conflicts.list(settled: true)
        #expect(Set(all.filter { !$0.open }.map(\.id)) == Set(open.map(\.id)))
        #expect(Set(all.filter(\.open).map(\.id)) == Set(again.map(\.id)))
        #expect(try ConflictBook(store: replicaAgain).list(settled: true) == all)
        #expect(try dumpTables(replicaAgain) == gz.station.dump())
    }
}
