import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Phones as clerks type and read them: found in the forms people say them in, though stored as
/// E.164; shown grouped; listed in the order the customer gave them, the same on every replica.
@Suite struct CustomerPhoneTests {
    /// A Shenzhen landline, a mobile, a mobile with 755 in its middle, a Beijing landline and a
    /// London number, one customer each.
    struct Counter {
        let desk: TestDesk
        let shenzhen: String
        let mobile: String
        let lookalike: String
        let beijing: String
        let london: String

        init() throws {
            desk = try TestDesk()
            shenzhen = try desk.customer("深圳客户", phone: "0755-8888 1234")
            mobile = try desk.customer("李雷", phone: "138 0013 8000")
            lookalike = try desk.customer("王五", phone: "139 7550 0000")
            beijing = try desk.customer("北京客户", phone: "010 6552 9988")
            london = try desk.customer("Acme Trading", phone: "+44 20 7946 0958")
        }

        func find(_ text: String) throws -> [String] {
            try desk.customers.find(text).map(\.id)
        }
    }

    @Test func theAreaCodeWithItsTrunkZeroFindsTheLandlinesOfThatArea() throws {
        let counter = try Counter()
        #expect(try counter.find("0755") == [counter.shenzhen], "stored as +8675588881234; not the mobile with 755 in its middle")
        #expect(try counter.find("010") == [counter.beijing], "a two-digit area code")
        #expect(try counter.find("(0755)") == [counter.shenzhen])
    }

    @Test func aWholeNumberIsFoundInTheFormsClerksType() throws {
        let counter = try Counter()
        for typed in ["0755-8888 1234", "0755 88881234", "(0755) 8888-1234", "+86 755 8888 1234", "0086 755 8888 1234", "86 755 8888 1234"] {
            #expect(try counter.find(typed) == [counter.shenzhen], "\(typed)")
        }
        for typed in ["138 0013 8000", "138-0013-8000", "13800138000", "+86 138 0013 8000"] {
            #expect(try counter.find(typed) == [counter.mobile], "\(typed)")
        }
        #expect(try counter.find("8888 1234") == [counter.shenzhen], "a landline without its area code")
        #expect(try counter.find("020 7946 0958") == [counter.london], "a foreign number in its own national form")
        #expect(try counter.find("+44 20 7946") == [counter.london])
        #expect(try counter.find("+86 755") == [counter.shenzhen], "after + the country code starts the number")
    }

    @Test func theLastFourDigitsFindTheNumber() throws {
        let counter = try Counter()
        #expect(try counter.find("8000") == [counter.mobile])
        #expect(try counter.find("1234") == [counter.shenzhen])
        #expect(try counter.find("0958") == [counter.london])
        #expect(try counter.find("0013") == [counter.mobile], "the middle digits, with a leading 00 that is no international prefix")
    }

    @Test func phonesShowAsTheyAreRead() {
        let shown: [(String, String)] = [
            ("+8613800138000", "138 0013 8000"),
            ("+8675588881234", "0755-8888 1234"),
            ("+861065529988", "010-6552 9988"),
            ("+862088886666", "020-8888 6666"),
            ("+865318881234", "0531-888 1234"),
            ("+864008208820", "400 820 8820"),
            ("+442079460958", "+44 20 7946 0958"),
            ("+12025550123", "+1 202 555 0123"),
            ("+85291234567", "+852 9123 4567"),
            ("+8112345678", "+81 1234 5678"),
            ("+86123456", "+86 12 3456"),
            ("13800138000", "13800138000"),
        ]
        for (e164, text) in shown { #expect(PhoneDisplay.format(e164) == text, "\(e164)") }
    }

    @Test func theFirstGivenPhoneComesFirstNotTheLowestSorted() throws {
        let desk = try TestDesk()
        let added = try desk.customers.add(NewCustomer(name: "李雷", phones: ["0755-8888 1234", "138 0013 8000"]), by: "王芳").customer
        #expect(added.phones == ["+8675588881234", "+8613800138000"], "as typed, though +86138 sorts first")
        let stored = try desk.store.records("SELECT phones FROM customers WHERE id = ?", [.text(added.id)]).first?["phones"].text
        #expect(stored == #"["+8613800138000","+8675588881234"]"#, "the domain row keeps its sorted bytes")
        desk.clock.advance(by: TestDesk.hour)
        try desk.customers.edit(added.id, CustomerChanges(addPhones: ["020 8888 6666"]), by: "王芳")
        #expect(
            try desk.customers.profile(added.id).customer.phones == ["+8675588881234", "+8613800138000", "+862088886666"], "an added phone goes last")
        #expect(try desk.customers.find("李雷").first?.phones == ["+8675588881234", "+8613800138000", "+862088886666"])
        desk.clock.advance(by: TestDesk.hour)
        try desk.customers.edit(added.id, CustomerChanges(removePhones: ["0755 8888 1234"]), by: "王芳")
        desk.clock.advance(by: TestDesk.hour)
        try desk.customers.edit(added.id, CustomerChanges(addPhones: ["0755 8888 1234"]), by: "王芳")
        #expect(try desk.customers.record(added.id)?.phones == ["+8613800138000", "+862088886666", "+8675588881234"], "given again, last")
    }

    @Test func everyReplicaListsPhonesInTheSameOrderWhateverTheArrivalOrder() throws {
        let directory = try temporaryDirectory()
        let north = try TestDesk("SZ01", in: directory, seed: 1)
        let south = try TestDesk("SZ02", in: directory, seed: 2, clock: north.clock)
        let west = try TestDesk("SZ03", in: directory, seed: 3, clock: north.clock)
        let li = try north.customers.add(NewCustomer(name: "李雷", phones: ["0755-8888 1234", "138 0013 8000", "+44 20 7946 0958"]), by: "王芳")
            .customer.id
        try north.send(to: south)
        // Offline, each station adds a phone: north's first by the clock, then south's.
        north.clock.advance(by: TestDesk.hour)
        try north.customers.edit(li, CustomerChanges(addPhones: ["139 0000 1111"]), by: "北")
        north.clock.advance(by: TestDesk.hour)
        try south.customers.edit(li, CustomerChanges(addPhones: ["020 8888 6666"]), by: "南")
        // West hears from south before north.
        try south.send(to: west)
        try north.send(to: west)
        try north.send(to: south)
        try south.send(to: north)
        let given = ["+8675588881234", "+8613800138000", "+442079460958", "+8613900001111", "+862088886666"]
        for desk in [north, south, west] {
            #expect(try desk.customers.record(li)?.phones == given, "\(desk.store.path)")
        }
        #expect(try north.store.rows(of: "customers") == west.store.rows(of: "customers"), "the replicated column is unchanged")
    }
}
