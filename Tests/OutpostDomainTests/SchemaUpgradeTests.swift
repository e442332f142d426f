import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Stations built from different releases agree (`docs/ARCHITECTURE.md`, "Pending changes"): a
/// station still on schema 1 keeps schema-2 changes (staff, a fax channel, notifications) pending,
/// shows none of them half-applied, and applies them all once its software is upgraded.
@Suite struct SchemaUpgradeTests {
    /// Schema 1 as it shipped: its four tables, the first 2 columns of stations, 19 of cases and 10 of events,
    /// five channels and eleven event kinds.
    static let schemaOne: Schema = {
        let shipped = ["stations": 2, "customers": 7, "cases": 19, "case_events": 10]
        let tables = Schema.outpost.tables.filter { shipped[$0.name] != nil }.map { table in
            var columns = Array(table.columns.prefix(shipped[table.name] ?? table.columns.count))
            for index in columns.indices {
                switch (table.name, columns[index].name) {
                case ("cases", "channel"): columns[index].rule = .oneOf(["phone", "email", "web", "social", "walk-in"])
                case ("case_events", "kind"):
                    columns[index].rule = .oneOf(Array(CaseVocabulary.eventKinds.prefix(11)))
                default: break
                }
            }
            return TableSchema(table.name, appendOnly: table.appendOnly, columns: columns)
        }
        return Schema(version: 1, tables: tables)
    }()

    @Test func schemaOneIsWhatShipped() {
        #expect(Self.schemaOne.table("cases")?.columns.last?.name == "tags")
        #expect(Self.schemaOne.table("case_events")?.columns.last?.name == "at")
        #expect(Self.schemaOne.tables.map(\.name) == ["stations", "customers", "cases", "case_events"])
        #expect(Self.schemaOne.table("stations")?.columns.map(\.name) == ["code", "name"])
        #expect(CaseVocabulary.eventKinds.prefix(11).last == "override")
    }

    @Test func aSchemaOneStationKeepsSchemaTwoChangesPendingThenAppliesThemOnUpgrade() throws {
        let directory = try temporaryDirectory()
        let clock = ManualClock(TestDesk.morning)
        let current = try TestDesk("SZ01", in: directory, seed: 1, clock: clock)
        let oldPath = directory.appendingPathComponent("GZ02.db").path
        let old = try StationStore(path: oldPath, schema: Self.schemaOne, wallClock: clock.reading)
        var generator = SplitMix64(seed: 2)
        try old.initialise(code: "GZ02", name: "Station GZ02", timeZone: "Asia/Shanghai", author: "setup", using: &generator)

        // The old station adds a customer; the current one hires a lead, who opens an urgent fax
        // complaint for that customer (a channel, a notification and a role schema 1 lacks).
        let customer = try CustomerBook(store: old).add(NewCustomer(name: "李雷", phones: ["13800138000"]), by: "setup").customer.id
        try current.store.apply(try old.loggedChanges())
        try current.hire("陈静", "lead")
        clock.advance(by: 60_000)
        let number = try current.cases.open(
            NewCase(customer: customer, kind: "complaint", channel: "传真", severity: "urgent", title: "传真投诉"), by: "陈静"
        ).number

        let report = try old.apply(try current.store.loggedChanges())
        #expect(report.pending > 0 && report.applied == 0, "every change written under schema 2 waits")
        #expect(try old.rows(of: "cases").isEmpty, "nothing half-applied")
        #expect(try old.pendingChanges().count == report.pending)
        // The old station keeps working; its own changes still reach the current one.
        try CustomerBook(store: old).add(NewCustomer(name: "韩梅梅", phones: ["13900139000"]), by: "setup")
        try current.store.apply(try old.loggedChanges())

        // Upgraded: the same file opened by this release applies everything that was pending.
        let upgraded = try StationStore(path: oldPath, wallClock: clock.reading)
        #expect(try upgraded.pendingChanges().isEmpty)
        let opened = try CaseBook(store: upgraded, clock: clock.reading).locate(number)
        #expect(opened.channel == "fax" && opened.notified == ["urgent"])
        #expect(try StaffBook(store: upgraded).member(named: "陈静")?.role == .lead)
        for table in Schema.outpost.tables.map(\.name) {
            #expect(try upgraded.rows(of: table) == current.store.rows(of: table), "\(table) agrees with the station that wrote it")
        }
        #expect(try upgraded.stateDigest().fingerprint == current.store.stateDigest().fingerprint)
        // The rebuild leaves the customer search index whole: each customer found once, by the
        // name they have now.
        #expect(try CustomerBook(store: upgraded).find("韩梅梅").map(\.name) == ["韩梅梅"])
        #expect(try CustomerBook(store: upgraded).find("李雷").count == 1)
        _ = try RawSQLite.execute(oldPath, "INSERT INTO outpost_customer_search(outpost_customer_search, rank) VALUES('integrity-check', 1);")
    }
}
