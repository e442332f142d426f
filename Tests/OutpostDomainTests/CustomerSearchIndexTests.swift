import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// The search index is brought up to date once per write transaction
/// (`docs/ARCHITECTURE.md`, "Customer search"): what a clerk finds must still be exactly the
/// customers as they are now, whatever a transaction did to them.
@Suite struct CustomerSearchIndexTests {
    private struct Abandoned: Error {}

    /// FTS5's own check of the index against `customers`, its content table: it fails when a
    /// posting is missing, left over or holds old values.
    private func expectIndexAgrees(_ desk: TestDesk, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            throws: Never.self, sourceLocation: sourceLocation,
            performing: {
                try RawSQLite.execute(
                    desk.store.path, "INSERT INTO outpost_customer_search (outpost_customer_search, rank) VALUES ('integrity-check', 1)")
            })
    }

    @Test func aCustomerCreatedAndRenamedInOneTransactionIsFoundByTheLastNameOnly() throws {
        let desk = try TestDesk()
        try desk.store.write(as: "王芳") { write in
            let row = try write.create("customers", [Field("name", .text("张三丰")), Field("phones", .text("+8613800138000"))])
            try write.set("customers", row, "name", .text("张无忌"))
            try write.set("customers", row, "name", .text("赵敏儿"))
        }
        #expect(try desk.customers.find("赵敏儿").map(\.name) == ["赵敏儿"])
        #expect(try desk.customers.find("张三丰").isEmpty)
        #expect(try desk.customers.find("张无忌").isEmpty)
        expectIndexAgrees(desk)
    }

    @Test func renamesInLaterTransactionsReplaceTheOldPostings() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷雷", phone: "13800138000")
        _ = try desk.customers.edit(li, CustomerChanges(name: "韩梅梅", addPhones: ["13900001111"]), by: "王芳")
        _ = try desk.customers.edit(li, CustomerChanges(contact: "Lily Han", address: "深圳市南山区"), by: "王芳")
        #expect(try desk.customers.find("韩梅梅").map(\.id) == [li])
        #expect(try desk.customers.find("lily").map(\.id) == [li], "the contact person, set later")
        #expect(try desk.customers.find("0000 1111").map(\.id) == [li], "the phone added with the rename")
        #expect(try desk.customers.find("李雷雷").isEmpty)
        expectIndexAgrees(desk)
    }

    @Test func anAbandonedTransactionLeavesNeitherPostingsNorNotes() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷雷", phone: "13800138000")
        #expect(throws: Abandoned.self) {
            try desk.store.write(as: "王芳") { write in
                _ = try write.create("customers", [Field("name", .text("欧阳娜娜")), Field("phones", .text("+8613700137000"))])
                throw Abandoned()
            }
        }
        #expect(try desk.customers.find("欧阳娜娜").isEmpty)
        #expect(try desk.customers.find("李雷雷").map(\.id) == [li])
        #expect(try RawSQLite.rows(desk.store.path, "SELECT count(*) FROM outpost_customer_search_stale") == [["0"]])
        expectIndexAgrees(desk)
    }

    @Test func anotherStationsChangesAreIndexedWhenApplied() throws {
        let directory = try temporaryDirectory()
        let shenzhen = try TestDesk("SZ01", in: directory, seed: 1)
        let guangzhou = try TestDesk("GZ01", in: directory, seed: 2)
        let li = try shenzhen.customer("李雷雷", phone: "13800138000")
        try shenzhen.send(to: guangzhou)
        _ = try shenzhen.customers.edit(li, CustomerChanges(name: "李小龙"), by: "王芳")
        _ = try guangzhou.customer("欧阳娜娜", phone: "13700137000")
        try shenzhen.send(to: guangzhou)
        #expect(try guangzhou.customers.find("李小龙").map(\.id) == [li])
        #expect(try guangzhou.customers.find("李雷雷").isEmpty)
        #expect(try guangzhou.customers.find("欧阳娜娜").count == 1)
        expectIndexAgrees(guangzhou)
    }
}
