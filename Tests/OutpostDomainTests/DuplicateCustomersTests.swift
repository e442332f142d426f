import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Possible duplicate customers (`outpost conflicts list --duplicates`): records sharing a phone
/// or email, created at different stations, until they are merged.
@Suite struct DuplicateCustomersTests {
    @Test func sharedPhonesAndEmailsFromDifferentStationsAreListedUntilMerged() throws {
        let directory = try temporaryDirectory()
        let sz = try TestDesk("SZ01", in: directory, seed: 1, clock: ManualClock(TestDesk.morning))
        let gz = try TestDesk("GZ02", in: directory, seed: 2, clock: ManualClock(TestDesk.morning + TestDesk.hour))

        // While apart, both stations add 王芳, with the phone and email typed differently.
        let wang = try sz.customers.add(NewCustomer(name: "王芳", phones: ["13800138000"], emails: ["wangfang@example.com"]), by: "li.wei").customer.id
        try sz.open(wang, title: "屏幕黑屏", by: "li.wei")
        sz.clock.advance(by: 60_000)
        // At SZ01 the clerk was warned, and added a second record anyway (same station: not listed).
        let again = try sz.customers.add(NewCustomer(name: "王 芳", phones: ["138 0013 8000"]), by: "li.wei")
        #expect(again.possibleDuplicates.map(\.id) == [wang], "customer add warns about the same station's record")
        let sameStation = again.customer.id
        let gzWang = try gz.customers.add(
            NewCustomer(name: "Wang Fang", phones: ["+86 138-0013-8000"], emails: ["WangFang@Example.com"]), by: "chen.jing")
        #expect(gzWang.possibleDuplicates.isEmpty, "GZ02 has not seen SZ01's records yet")
        // Different people, different phones: never listed.
        try sz.customer("李雷", phone: "13900001111", by: "li.wei")
        try gz.customer("李雷", phone: "13700137000", by: "chen.jing")
        #expect(try sz.customers.possibleDuplicates().isEmpty, "two records of one station are not listed")
        try sz.send(to: gz)
        try gz.send(to: sz)

        let listed = try sz.customers.possibleDuplicates()
        #expect(try gz.customers.possibleDuplicates() == listed, "every replica lists the same pairs")
        #expect(
            listed.map(\.command) == [
                "outpost customer merge \(gzWang.customer.id) --into \(wang)",
                "outpost customer merge \(gzWang.customer.id) --into \(sameStation)",
            ], "the older record is kept, although GZ02 precedes SZ01 by id")
        let first = try #require(listed.first)
        #expect(first.phones == ["+8613800138000"])
        #expect(first.emails == ["wangfang@example.com"])
        #expect(first.keep.name == "王芳" && first.keep.station == "SZ01" && first.keep.cases == 1)
        #expect(first.duplicate.name == "Wang Fang" && first.duplicate.station == "GZ02" && first.duplicate.cases == 0)
        #expect(first.keep.created < first.duplicate.created)
        #expect(listed[1].emails.isEmpty, "the second SZ01 record has only the phone")

        // GZ02's supervisor merges its record into the older one; SZ01 learns of it by sync.
        try gz.hire("主管", "supervisor")
        try gz.customers.merge(gzWang.customer.id, into: wang, by: "主管")
        try gz.send(to: sz)
        let afterMerge = try sz.customers.possibleDuplicates()
        #expect(try gz.customers.possibleDuplicates() == afterMerge)
        #expect(!afterMerge.contains { Set([$0.keep.id, $0.duplicate.id]) == Set([wang, gzWang.customer.id]) }, "a merged pair is no longer listed")
        // The second SZ01 record still shares the phone with GZ02's record, now part of 王芳.
        let remaining = try #require(afterMerge.first)
        #expect(afterMerge.count == 1)
        #expect(remaining.keep.id == wang && remaining.keep.records == [gzWang.customer.id], "through the record merged into it")
        #expect(remaining.duplicate.id == sameStation)
        #expect(remaining.command == "outpost customer merge \(sameStation) --into \(wang)")

        try sz.hire("主管", "supervisor")
        try sz.customers.merge(sameStation, into: wang, by: "主管")
        try sz.send(to: gz)
        #expect(try sz.customers.possibleDuplicates().isEmpty)
        #expect(try gz.customers.possibleDuplicates().isEmpty)
        #expect(try sz.dump() == gz.dump())
    }
}
