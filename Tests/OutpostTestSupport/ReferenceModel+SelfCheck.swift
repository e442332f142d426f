import OutpostCore

extension ReferenceModel {
    /// Sanity checks of the model against hand-worked cases; returns one line per failure.
    package static func selfCheck() -> [String] {
        var check = SelfCheck()
        check.hashPrimitives()
        check.lastWriterConflictAndSettle()
        check.openWinsKeepsOpen()
        check.highestRankRaiseWins()
        check.addRemoveRace()
        check.rowWithoutCreation()
        check.stationCodesAndOrder()
        check.pendingAndDuplicates()
        check.notificationsAddedApart()
        check.staffEditedApart()
        return check.failures
    }
}

/// A small world of three stations and hand-made changes.
private struct SelfCheck {
    var failures = [String]()

    let alpha = StationID(high: 0x0A, low: 1)
    let bravo = StationID(high: 0x0B, low: 2)
    let charlie = StationID(high: 0x0C, low: 3)
    var sequences = [StationID: UInt64]()
    /// 2023-11-14T22:13:20.000Z
    let epoch: UInt64 = 1_700_000_000_000

    mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String, line: Int = #line) {
        if !condition { failures.append("ReferenceModel self-check line \(line): \(message())") }
    }

    func version(_ station: StationID, _ millisecond: UInt64) -> Version {
        Version(clock: Timestamp(milliseconds: epoch + millisecond, counter: 0), station: station)
    }

    mutating func nextID(_ station: StationID) -> ChangeID {
        let sequence = sequences[station, default: 0] + 1
        sequences[station] = sequence
        return ChangeID(station: station, sequence: sequence)
    }

    mutating func create(_ station: StationID, _ table: String, at millisecond: UInt64, _ fields: [Field]) -> Change {
        let id = nextID(station)
        return Change(
            id: id, table: table, row: RowID(id), operation: .create(fields),
            version: version(station, millisecond), pred: [], author: "clerk", schema: 1
        )
    }

    mutating func write(
        _ station: StationID, _ table: String, _ row: RowID, _ operation: Change.Operation, at millisecond: UInt64,
        pred: [Version], schema: Int = 1
    ) -> Change {
        Change(
            id: nextID(station), table: table, row: row, operation: operation,
            version: version(station, millisecond), pred: pred, author: "clerk", schema: schema
        )
    }

    /// The three stations' own rows: codes ALP, BRV, CHL.
    mutating func stationRows() -> [Change] {
        [
            create(alpha, "stations", at: 0, [Field("code", .text("ALP")), Field("name", .text("Alpha"))]),
            create(bravo, "stations", at: 0, [Field("code", .text("BRV"))]),
            create(charlie, "stations", at: 0, [Field("code", .text("CHL"))]),
        ]
    }

    /// A model holding only the three stations' rows, with sequences starting again at 1.
    mutating func freshModel() -> ReferenceModel {
        sequences = [:]
        var model = ReferenceModel(schema: .outpost)
        model.insert(stationRows())
        return model
    }

    func row(_ model: ReferenceModel, _ table: String, id: String) -> [Value]? {
        model.tables()[table]?.first { $0.first == .text(id) }
    }

    func column(_ table: String, _ name: String) -> Int {
        // Domain order: id, the schema's columns, created, updated.
        1 + (Schema.outpost.table(table)?.columnIndex[name] ?? -1000)
    }

    // MARK: Cases

    mutating func hashPrimitives() {
        expect(ReferenceHash.fnv1a([]) == 0xcbf2_9ce4_8422_2325, "FNV-1a of nothing")
        expect(ReferenceHash.fnv1a(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c, "FNV-1a of \"a\"")
        expect(ReferenceHash.fnv1a(Array("foobar".utf8)) == 0x8594_4171_f739_67e8, "FNV-1a of \"foobar\"")
        expect(ReferenceHash.varint(0) == [0], "varint 0")
        expect(ReferenceHash.varint(127) == [0x7F], "varint 127")
        expect(ReferenceHash.varint(300) == [0xAC, 0x02], "varint 300")
        expect(ReferenceHash.bigEndian(0x0102_0304_0506_0708) == [1, 2, 3, 4, 5, 6, 7, 8], "big-endian")
        expect(ReferenceHash.hex16(0xAB) == "00000000000000ab", "hex16 padding")
    }

    mutating func lastWriterConflictAndSettle() {
        var model = freshModel()
        let customer = create(alpha, "customers", at: 10, [Field("name", .text("Ann"))])
        let anna = write(alpha, "customers", customer.row, .set(column: "name", value: .text("Anna")), at: 20, pred: [customer.version])
        let annie = write(bravo, "customers", customer.row, .set(column: "name", value: .text("Annie")), at: 21, pred: [customer.version])
        model.insert([customer, anna, annie])

        let name = column("customers", "name")
        let conflicts = model.openConflicts()
        expect(conflicts.count == 1, "two concurrent writers make one open conflict, got \(conflicts)")
        if let conflict = conflicts.first {
            expect(conflict.table == "customers" && conflict.row == customer.row && conflict.column == "name", "conflict place \(conflict)")
            expect(conflict.shown == .text("Annie"), "lastWriter shows the higher version, got \(conflict.shown)")
            let expected = ReferenceHash.conflictID(table: "customers", row: customer.row, column: "name", heads: [annie.version, anna.version])
            expect(conflict.id == expected && conflict.id.utf8.count == 16, "conflict id \(conflict.id)")
        }
        let shown = row(model, "customers", id: "ALP.\(customer.row.sequence)")
        expect(shown?[name] == .text("Annie"), "domain shows the winner, got \(String(describing: shown))")
        expect(shown?.last == .text("2023-11-14T22:13:20.021Z"), "updated is the highest version's time")
        expect(shown?[shown!.count - 2] == .text("2023-11-14T22:13:20.010Z"), "created is the creation's time")

        // Writing the shown value again over both heads settles it.
        let settle = write(
            charlie, "customers", customer.row, .set(column: "name", value: .text("Annie")), at: 30, pred: [anna.version, annie.version])
        model.insert([settle])
        expect(model.openConflicts().isEmpty, "a write over all heads settles the conflict")
        let settled = row(model, "customers", id: "ALP.\(customer.row.sequence)")
        expect(settled?[name] == .text("Annie"), "settled value")
        expect(settled?.last == .text("2023-11-14T22:13:20.030Z"), "updated follows the settle")

        // A superseded write's duplicate arriving again changes nothing.
        model.insert([anna])
        expect(model.openConflicts().isEmpty, "duplicates are ignored")
    }

    mutating func openWinsKeepsOpen() {
        var model = freshModel()
        let customer = create(alpha, "customers", at: 5, [Field("name", .text("Ben"))])
        let thecase = create(
            alpha, "cases", at: 10,
            [
                Field("number", .text("C-1")), Field("customer_id", .text("ALP.\(customer.row.sequence)")),
                Field("status", .text("new")), Field("severity", .text("normal")), Field("tier", .integer(1)),
                Field("title", .text("Broken")),
            ])
        let working = write(alpha, "cases", thecase.row, .set(column: "status", value: .text("in-progress")), at: 20, pred: [thecase.version])
        let closing = write(bravo, "cases", thecase.row, .set(column: "status", value: .text("closed")), at: 25, pred: [thecase.version])
        model.insert([customer, thecase, working, closing])

        let status = column("cases", "status")
        expect(row(model, "cases", id: "ALP.\(thecase.row.sequence)")?[status] == .text("in-progress"), "openWins keeps the case open")
        let conflicts = model.openConflicts()
        expect(conflicts.count == 1 && conflicts.first?.shown == .text("in-progress"), "open conflict shows the open status, got \(conflicts)")

        // Closing on purpose over all heads closes it.
        let close = write(
            alpha, "cases", thecase.row, .set(column: "status", value: .text("closed")), at: 30, pred: [working.version, closing.version])
        model.insert([close])
        expect(row(model, "cases", id: "ALP.\(thecase.row.sequence)")?[status] == .text("closed"), "deliberate close")
        expect(model.openConflicts().isEmpty, "no conflict after a deliberate close")
    }

    mutating func highestRankRaiseWins() {
        var model = freshModel()
        let thecase = create(
            bravo, "cases", at: 10,
            [
                Field("number", .text("C-2")), Field("severity", .text("normal")), Field("tier", .integer(2)), Field("title", .text("Noise")),
            ])
        let raise = write(alpha, "cases", thecase.row, .set(column: "severity", value: .text("urgent")), at: 20, pred: [thecase.version])
        let lower = write(bravo, "cases", thecase.row, .set(column: "severity", value: .text("normal")), at: 40, pred: [thecase.version])
        let tierUp = write(alpha, "cases", thecase.row, .set(column: "tier", value: .integer(3)), at: 21, pred: [thecase.version])
        let tierDown = write(charlie, "cases", thecase.row, .set(column: "tier", value: .integer(1)), at: 41, pred: [thecase.version])
        model.insert([thecase, raise, lower, tierUp, tierDown])

        let shown = row(model, "cases", id: "BRV.\(thecase.row.sequence)")
        expect(shown?[column("cases", "severity")] == .text("urgent"), "a concurrent raise beats a later lowering")
        expect(shown?[column("cases", "tier")] == .integer(3), "a concurrent tier raise beats a later lowering")
        let conflicts = model.openConflicts()
        expect(Set(conflicts.map(\.column)) == ["severity", "tier"] && conflicts.count == 2, "two open conflicts, got \(conflicts)")
        expect(conflicts == conflicts.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }, "conflicts sorted by id")

        // Same rank: the higher version wins.
        let other = write(charlie, "cases", thecase.row, .set(column: "severity", value: .text("urgent")), at: 50, pred: [lower.version])
        model.insert([other])
        let after = row(model, "cases", id: "BRV.\(thecase.row.sequence)")
        expect(after?[column("cases", "severity")] == .text("urgent"), "urgent still shown")
        expect(!model.openConflicts().contains { $0.column == "severity" }, "equal values are no conflict")
    }

    mutating func addRemoveRace() {
        var model = freshModel()
        let customer = create(
            alpha, "customers", at: 10,
            [
                Field("name", .text("Cai")), Field("phones", .text("+15550002")), Field("phones", .text("+15550001")),
                Field("emails", .text("cai@example.org")),
            ])
        model.insert([customer])
        let phones = column("customers", "phones")
        let emails = column("customers", "emails")
        let id = "ALP.\(customer.row.sequence)"
        expect(row(model, "customers", id: id)?[phones] == .text("[\"+15550001\",\"+15550002\"]"), "creation adds each element, sorted")

        let remove = write(bravo, "customers", customer.row, .remove(column: "phones", element: .text("+15550001")), at: 20, pred: [customer.version])
        let readd = write(alpha, "customers", customer.row, .add(column: "phones", element: .text("+15550001")), at: 19, pred: [customer.version])
        let dropEmail = write(
            bravo, "customers", customer.row, .remove(column: "emails", element: .text("cai@example.org")), at: 22, pred: [customer.version])
        model.insert([remove, readd, dropEmail])
        let shown = row(model, "customers", id: id)
        expect(
            shown?[phones] == .text("[\"+15550001\",\"+15550002\"]"), "a concurrent add survives a remove, got \(String(describing: shown?[phones]))")
        expect(shown?[emails] == .text("[]"), "an observed remove empties the set")
        expect(model.openConflicts().isEmpty, "add/remove races are not open conflicts")

        let removeBoth = write(
            charlie, "customers", customer.row, .remove(column: "phones", element: .text("+15550001")), at: 30, pred: [remove.version, readd.version])
        model.insert([removeBoth])
        expect(row(model, "customers", id: id)?[phones] == .text("[\"+15550002\"]"), "a remove over all heads removes")
    }

    mutating func rowWithoutCreation() {
        var model = freshModel()
        let customer = create(alpha, "customers", at: 10, [Field("name", .text("Dee"))])
        let edit = write(bravo, "customers", customer.row, .set(column: "note", value: .text("vip")), at: 20, pred: [])
        let edit2 = write(charlie, "customers", customer.row, .set(column: "note", value: .text("new")), at: 21, pred: [])
        model.insert([edit, edit2])
        expect(model.tables()["customers"] == [], "a row whose creation is missing is not shown")
        expect(model.openConflicts().count == 1, "its registers still hold an open conflict")

        model.insert([customer])
        let shown = model.tables()["customers"] ?? []
        expect(shown.count == 1 && shown.first?[column("customers", "note")] == .text("new"), "the creation makes the waiting edits visible")
        expect(shown.first?.count == Schema.outpost.table("customers")!.columns.count + 3, "id, columns, created, updated")
    }

    mutating func stationCodesAndOrder() {
        var model = freshModel()
        let tables = model.tables()
        expect(Set(tables.keys) == Set(Schema.outpost.tables.map(\.name)), "every schema table present")
        expect(tables["cases"] == [] && tables["case_events"] == [], "empty tables are empty")
        let ids = (tables["stations"] ?? []).map { $0.first ?? .null }
        expect(ids == [.text("ALP.1"), .text("BRV.1"), .text("CHL.1")], "stations named by their own codes, got \(ids)")
        expect(
            tables["stations"]?.first == [
                .text("ALP.1"), .text("ALP"), .text("Alpha"), .null, .text("2023-11-14T22:13:20.000Z"), .text("2023-11-14T22:13:20.000Z"),
            ], "the stations row")
        expect(tables["stations"]?[1][2] == .null, "an unwritten scalar column is null")

        // Bytewise order: "ALP.10" sorts before "ALP.2".
        var made = [Change]()
        for index in 0..<10 {
            made.append(create(alpha, "customers", at: 100 + UInt64(index), [Field("name", .text("N\(index)"))]))
        }
        model.insert(made)
        let customerIDs = (model.tables()["customers"] ?? []).compactMap { $0.first?.text }
        expect(customerIDs.first == "ALP.10" && customerIDs.last == "ALP.9", "ids sorted bytewise, got \(customerIDs)")
    }

    mutating func pendingAndDuplicates() {
        var model = freshModel()
        let customer = create(alpha, "customers", at: 10, [Field("name", .text("Eve"))])
        let loyal = create(alpha, "customers", at: 11, [Field("name", .text("Lo")), Field("loyalty", .text("gold"))])
        let future = write(
            bravo, "customers", customer.row, .set(column: "name", value: .text("Evelyn")), at: 20, pred: [customer.version],
            schema: Schema.outpost.version + 1)
        let unknownColumn = write(bravo, "customers", customer.row, .set(column: "loyalty", value: .text("gold")), at: 21, pred: [])
        let unknownTable = write(bravo, "invoices", customer.row, .set(column: "name", value: .text("x")), at: 22, pred: [])
        let setOnASet = write(bravo, "customers", customer.row, .set(column: "phones", value: .text("+8613800138000")), at: 23, pred: [])
        let addToAValue = write(bravo, "customers", customer.row, .add(column: "name", element: .text("Eva")), at: 24, pred: [])
        let refusedValue = write(bravo, "customers", customer.row, .set(column: "name", value: .text("")), at: 25, pred: [])
        let unnormalised = write(bravo, "customers", customer.row, .add(column: "phones", element: .text("138 0013 8000")), at: 26, pred: [])
        let event = create(alpha, "case_events", at: 30, [Field("kind", .text("note")), Field("body", .text("hi"))])
        let eventEdit = write(alpha, "case_events", event.row, .set(column: "body", value: .text("edited")), at: 31, pred: [event.version])
        let pending = [future, unknownColumn, unknownTable, setOnASet, addToAValue, refusedValue, unnormalised, loyal, eventEdit]
        expect(pending.allSatisfy(model.isPending), "every kind of change this schema cannot apply is pending")
        expect(!model.isPending(customer) && !model.isPending(event), "well-formed creations apply")
        model.insert([customer, loyal, future, unknownColumn, unknownTable, setOnASet, addToAValue, refusedValue, unnormalised])
        model.insert([event, eventEdit, customer])
        expect(model.changeCount == 3 + 11, "set semantics by id, got \(model.changeCount)")
        let shown = row(model, "customers", id: "ALP.\(customer.row.sequence)")
        expect(shown?[column("customers", "name")] == .text("Eve"), "a newer-schema change waits pending")
        expect(shown?[column("customers", "phones")] == .text("[]"), "an element not in its normal form waits pending")
        expect(shown?.last == .text("2023-11-14T22:13:20.010Z"), "pending changes do not move updated")
        expect(row(model, "customers", id: "ALP.\(loyal.row.sequence)") == nil, "a creation naming an unknown column waits pending")
        expect(model.openConflicts().isEmpty, "pending changes make no conflicts")
        let note = row(model, "case_events", id: "ALP.\(event.row.sequence)")
        expect(note?[column("case_events", "body")] == .text("hi"), "append-only rows never change")
        expect(note?.last == .text("2023-11-14T22:13:20.030Z"), "append-only edit is pending")
    }

    mutating func notificationsAddedApart() {
        var model = freshModel()
        let thecase = create(
            alpha, "cases", at: 10,
            [
                Field("number", .text("C-3")), Field("severity", .text("urgent")), Field("tier", .integer(1)), Field("title", .text("Fire")),
                Field("notified", .text("urgent")),
            ])
        // Bravo raised it to urgent having seen the creation, Charlie without: one register, three heads.
        let seen = write(bravo, "cases", thecase.row, .add(column: "notified", element: .text("urgent")), at: 20, pred: [thecase.version])
        let unseen = write(charlie, "cases", thecase.row, .add(column: "notified", element: .text("urgent")), at: 21, pred: [])
        let critical = write(alpha, "cases", thecase.row, .add(column: "notified", element: .text("critical")), at: 22, pred: [])
        let ackA = write(alpha, "cases", thecase.row, .add(column: "acknowledged", element: .text("urgent")), at: 30, pred: [])
        let ackB = write(bravo, "cases", thecase.row, .add(column: "acknowledged", element: .text("urgent")), at: 31, pred: [])
        model.insert([thecase, seen, unseen, critical, ackA, ackB])
        let id = "ALP.\(thecase.row.sequence)"
        let notified = column("cases", "notified")
        let acknowledged = column("cases", "acknowledged")
        let levels = row(model, "cases", id: id)?[notified]
        expect(levels == .text("[\"critical\",\"urgent\"]"), "one element per level, got \(String(describing: levels))")
        expect(row(model, "cases", id: id)?[acknowledged] == .text("[\"urgent\"]"), "two acknowledgements of a level are one element")
        expect(model.openConflicts().isEmpty, "adding the same element apart is no conflict")

        // A removal over the heads one station saw leaves the concurrent add in place.
        let removal = write(bravo, "cases", thecase.row, .remove(column: "notified", element: .text("urgent")), at: 40, pred: [seen.version])
        model.insert([removal])
        expect(row(model, "cases", id: id)?[notified] == .text("[\"critical\",\"urgent\"]"), "an unseen add survives a removal")
        let removeAll = write(
            alpha, "cases", thecase.row, .remove(column: "notified", element: .text("urgent")), at: 50,
            pred: [thecase.version, removal.version, unseen.version])
        model.insert([removeAll])
        expect(row(model, "cases", id: id)?[notified] == .text("[\"critical\"]"), "a removal over every head removes")
    }

    mutating func staffEditedApart() {
        var model = freshModel()
        let member = create(
            charlie, "staff", at: 10, [Field("name", .text("陈明")), Field("role", .text("clerk")), Field("status", .text("active"))])
        let lead = write(alpha, "staff", member.row, .set(column: "role", value: .text("lead")), at: 20, pred: [member.version])
        let supervisor = write(bravo, "staff", member.row, .set(column: "role", value: .text("supervisor")), at: 19, pred: [member.version])
        let tier = write(bravo, "staff", member.row, .set(column: "tier", value: .integer(2)), at: 21, pred: [])
        let left = write(alpha, "staff", member.row, .set(column: "status", value: .text("left")), at: 22, pred: [member.version])
        let badRole = write(alpha, "staff", member.row, .set(column: "role", value: .text("boss")), at: 23, pred: [lead.version])
        model.insert([member, lead, supervisor, tier, left, badRole])
        let shown = row(model, "staff", id: "CHL.\(member.row.sequence)")
        expect(shown?[column("staff", "role")] == .text("lead"), "lastWriter: the higher version's role, got \(String(describing: shown))")
        expect(shown?[column("staff", "tier")] == .integer(2) && shown?[column("staff", "status")] == .text("left"), "other fields")
        expect(shown?[column("staff", "department")] == .null, "an unwritten column is null")
        let conflicts = model.openConflicts()
        expect(conflicts.map(\.column) == ["role"] && conflicts.first?.shown == .text("lead"), "one role conflict, got \(conflicts)")
    }
}
