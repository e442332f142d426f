import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

@Suite struct CustomerBookTests {
    @Test func addNormalisesPhonesAndEmailsAndPrintsAShortID() throws {
        let desk = try TestDesk()
        let added = try desk.customers.add(
            NewCustomer(name: " 李雷 ", phones: ["138 0013 8000", "0086 139-0000-1111"], emails: ["LiLei@Example.COM"], address: "深圳市福田区"),
            by: "王芳"
        )
        #expect(added.customer.id == "SZ01.2", "the station's own row is SZ01.1")
        #expect(added.customer.name == "李雷")
        #expect(added.customer.phones == ["+8613800138000", "+8613900001111"])
        #expect(added.customer.emails == ["lilei@example.com"])
        #expect(added.possibleDuplicates.isEmpty)
        let again = try desk.customers.add(NewCustomer(name: "李雷", phones: ["13800138000"]), by: "王芳")
        #expect(again.possibleDuplicates.map(\.id) == ["SZ01.2"], "the same phone hints at a duplicate")
    }

    @Test(arguments: [
        (NewCustomer(name: "", phones: ["13800138000"]), "needs a name"),
        (NewCustomer(name: "李雷"), "needs a phone or an email"),
        (NewCustomer(name: "李雷", phones: ["call me"]), "invalid phone 'call me'"),
        (NewCustomer(name: "李雷", emails: ["lilei-at-example"]), "invalid email 'lilei-at-example'"),
    ])
    func invalidCustomersAreRefusedAndNothingIsWritten(customer: NewCustomer, message: String) throws {
        let desk = try TestDesk()
        let before = try desk.dump()
        #expect { try desk.customers.add(customer, by: "王芳") } throws: { isDomainError($0, .invalid, message) }
        #expect(try desk.dump() == before)
    }

    @Test func findUsesTheTrigramIndexForThreeCharactersAndLikeForFewer() throws {
        let desk = try TestDesk()
        let ouyang = try desk.customer("欧阳娜娜", phone: "13800138000")
        let li = try desk.customer("李雷", phone: "13900001111")
        let acme = try desk.customers.add(NewCustomer(name: "Acme Trading", emails: ["ops@acme.example"], contact: "John Smith"), by: "王芳").customer
            .id
        #expect(try desk.customers.find("阳娜娜").map(\.id) == [ouyang], "a CJK substring of three characters")
        #expect(try desk.customers.find("李雷").map(\.id) == [li], "two characters: LIKE")
        #expect(try desk.customers.find("雷").map(\.id) == [li])
        #expect(try desk.customers.find("0013 8000").map(\.id) == [ouyang], "any part of a phone, typed with spaces")
        #expect(try desk.customers.find("0139-0000").map(\.id) == [li], "a trunk 0 is dropped in E.164")
        #expect(try desk.customers.find("ACME").map(\.id) == [acme], "case-insensitive")
        #expect(try desk.customers.find("smith").map(\.id) == [acme], "the contact person")
        #expect(try desk.customers.find("acme.example").map(\.id) == [acme], "an email")
        #expect(try desk.customers.find("nobody").isEmpty)
        #expect(try desk.customers.find("%").isEmpty, "LIKE wildcards are literal")
    }

    @Test func showFindsByPhoneAndListsCasesNewestFirst() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let first = try desk.open(li, title: "第一次")
        desk.clock.advance(by: TestDesk.hour)
        let second = try desk.open(li, title: "第二次")
        let profile = try desk.customers.profile("+86 138 0013 8000")
        #expect(profile.customer.id == li)
        #expect(profile.requested == nil)
        #expect(profile.cases.map(\.case.number) == [second, first])
        #expect { try desk.customers.profile("13700000000") } throws: { isDomainError($0, .notFound) }
        #expect { try desk.customers.profile("SZ01.99") } throws: { isDomainError($0, .notFound) }
        #expect { try desk.customers.profile("李雷") } throws: { isDomainError($0, .invalid, "customer find") }
    }

    @Test func editAddsAndRemovesSetElementsAndClearsFields() throws {
        let desk = try TestDesk()
        let li = try desk.customers.add(NewCustomer(name: "李雷", phones: ["13800138000"], note: "VIP"), by: "王芳").customer.id
        let edited = try desk.customers.edit(
            li,
            CustomerChanges(
                name: "李雷雷", note: "", addPhones: ["139 0000 1111"], removePhones: ["138-0013-8000"], addEmails: ["li@example.com"]
            ), by: "王芳")
        #expect(edited.name == "李雷雷")
        #expect(edited.note == nil)
        #expect(edited.phones == ["+8613900001111"])
        #expect(edited.emails == ["li@example.com"])
        let before = try desk.dump()
        #expect {
            try desk.customers.edit(li, CustomerChanges(name: "x", removePhones: ["13700000000"]), by: "王芳")
        } throws: { isDomainError($0, .invalid, "+8613700000000 is not on customer \(li)") }
        #expect(try desk.dump() == before, "the name change in the same request was not written either")
        #expect { try desk.customers.edit(li, CustomerChanges(), by: "王芳") } throws: { isDomainError($0, .invalid, "nothing to change") }
    }

    @Test func mergeShowsTheDuplicatesCasesUnderTheSurvivorAndDeletesNothing() throws {
        let desk = try TestDesk()
        let li = try desk.customer("李雷", phone: "13800138000")
        let duplicate = try desk.customer("李 雷", phone: "13800138000")
        #expect { try desk.customers.profile("13800138000") } throws: { isDomainError($0, .ambiguous, "belongs to several customers") }
        let number = try desk.open(duplicate)
        try desk.hire("主管", "supervisor")
        let merged = try desk.customers.merge(duplicate, into: li, by: "主管")
        #expect(merged.survivor == li)
        #expect(merged.casesMoved == 1)
        let profile = try desk.customers.profile(duplicate)
        #expect(profile.customer.id == li)
        #expect(profile.requested == duplicate)
        #expect(profile.mergedRecords.map(\.id) == [duplicate])
        #expect(profile.cases.map(\.case.number) == [number])
        #expect(profile.cases[0].case.customerID == duplicate, "cases keep their customer id")
        #expect(try desk.customers.profile("13800138000").customer.id == li, "the shared phone is no longer ambiguous")
        #expect(try desk.store.rows(of: "customers").count == 2, "the survivor and the duplicate, both kept")
        #expect(try desk.customers.find("李").map(\.id) == [li], "finding shows survivors only")
        #expect(try desk.customers.merge(duplicate, into: li, by: "主管").alreadyMerged)
    }

    @Test func mergeResolvesItsTargetFirstAndRefusesALoop() throws {
        let desk = try TestDesk()
        let a = try desk.customer("A", phone: "13800000001")
        let b = try desk.customer("B", phone: "13800000002")
        let c = try desk.customer("C", phone: "13800000003")
        try desk.hire("主管", "supervisor")
        try desk.customers.merge(b, into: a, by: "主管")
        let merged = try desk.customers.merge(c, into: b, by: "主管")
        #expect(merged.survivor == a, "C points at B's survivor, not at B")
        #expect(try desk.store.records("SELECT merged_into FROM customers WHERE id = ?", [.text(c)]).first?["merged_into"] == .text(a))
        let before = try desk.dump()
        #expect { try desk.customers.merge(a, into: c, by: "主管") } throws: { isDomainError($0, .refused, "would make a loop") }
        #expect { try desk.customers.merge(b, into: b, by: "主管") } throws: { isDomainError($0, .invalid, "into itself") }
        #expect { try desk.customers.merge("13800000001", into: b, by: "主管") } throws: { isDomainError($0, .invalid, "merge takes customer ids") }
        #expect(try desk.dump() == before)
    }

    @Test func concurrentMergesMakingACycleResolveTheSameEverywhere() throws {
        let directory = try temporaryDirectory()
        let north = try TestDesk("SZ01", in: directory, seed: 1)
        let south = try TestDesk("SZ02", in: directory, seed: 2, clock: north.clock)
        let a = try north.customer("李雷", phone: "13800138000")
        try north.send(to: south)
        let b = try south.customer("李雷", phone: "13800138000")
        try south.send(to: north)
        // Offline, each supervisor keeps the other record.
        try north.hire("北", "supervisor")
        try north.customers.merge(a, into: b, by: "北")
        try south.hire("南", "supervisor")
        try south.customers.merge(b, into: a, by: "南")
        try north.send(to: south)
        try south.send(to: north)
        for desk in [north, south] {
            #expect(try desk.customers.profile(a).customer.id == a, "SZ01.2 precedes SZ02.2")
            #expect(try desk.customers.profile(b).customer.id == a)
        }
        #expect(try north.dump() == south.dump())
    }

    /// A station with a relay may not have another branch's customer yet: adding one would make a
    /// duplicate, so the advice is to sync first; an offline station is told to add one.
    @Test func anUnknownPhoneAdvisesSyncingFirstWhenTheStationHasARelay() throws {
        let desk = try TestDesk()
        let offline = #expect(throws: DomainError.self) { try desk.customers.locate("13900001111") }
        #expect(offline?.message(in: .english).contains("outpost customer add") == true)
        #expect(offline?.message(in: .english).contains("outpost sync") == false)
        try desk.store.setSetting(StationStore.relayURLSetting, "http://127.0.0.1:8080")
        let synced = #expect(throws: DomainError.self) { try desk.customers.locate("13900001111") }
        #expect(synced?.message(in: .english).contains("run `outpost sync` first") == true)
        #expect(synced?.message(in: .chinese).contains("请先运行 `outpost sync`") == true)
    }
}
