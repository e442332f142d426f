import OutpostCore
import Testing

// Every scenario is applied in every order (see `converge` in RegisterTests.swift).

// MARK: - highestRank: severity and tier

@Suite("highestRank: severity and tier, every order")
struct HighestRankTests {
    let story = Story(casesTable)
    let creation: Edit

    init() {
        creation = story.create(
            "c", at: 1_000,
            [
                Field("title", .text("Printer jams")),
                Field("severity", .text("urgent")),
                Field("tier", .integer(1)),
            ])
    }

    @Test("a concurrent raise beats a concurrent lowering with a higher version; the conflict stays open")
    func raiseBeatsLower() {
        var story = self.story
        let raise = story.set("raise", "severity", .text("critical"), by: stationB, at: 2_000, over: [creation])
        let lower = story.set("lower", "severity", .text("normal"), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, raise, lower], in: story,
            expect: [
                .field("severity", heads: [raise, lower], shown: .text("critical"), conflicted: true)
            ])
    }

    @Test("lowering on purpose (a write over all heads) wins and settles")
    func lowerOnPurpose() {
        var story = self.story
        let raise = story.set("raise", "severity", .text("critical"), by: stationB, at: 2_000, over: [creation])
        let lower = story.set("lower", "severity", .text("normal"), by: stationC, at: 3_000, over: [creation])
        let settle = story.set("settle", "severity", .text("normal"), by: stationD, at: 4_000, over: [raise, lower])
        converge(
            [creation, raise, lower, settle], in: story,
            expect: [
                .field("severity", heads: [settle], shown: .text("normal"), conflicted: false)
            ])
    }

    @Test("a sequential lowering is an ordinary write")
    func sequentialLowering() {
        var story = self.story
        let raise = story.set("raise", "severity", .text("critical"), by: stationB, at: 2_000, over: [creation])
        let lower = story.set("lower", "severity", .text("normal"), by: stationC, at: 3_000, over: [raise])
        converge(
            [creation, raise, lower], in: story,
            expect: [
                .field("severity", heads: [lower], shown: .text("normal"), conflicted: false)
            ])
    }

    @Test("the same severity from two stations is not a conflict")
    func sameSeverity() {
        var story = self.story
        let one = story.set("one", "severity", .text("critical"), by: stationB, at: 2_000, over: [creation])
        let two = story.set("two", "severity", .text("critical"), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, one, two], in: story,
            expect: [
                .field("severity", heads: [one, two], shown: .text("critical"), conflicted: false)
            ])
    }

    /// Every assignment of clocks to three concurrent tier writes: (clock of tier 1, of 2, of 3).
    static let tierClocks: [[UInt64]] = permutations([2_000, 3_000, 4_000])

    @Test("tier 3 beats 2 beats 1 among concurrent heads, whatever their versions", arguments: tierClocks)
    func tierRanks(clocks: [UInt64]) {
        var story = self.story
        let t1 = story.set("t1", "tier", .integer(1), by: stationB, at: clocks[0], over: [creation])
        let t2 = story.set("t2", "tier", .integer(2), by: stationC, at: clocks[1], over: [creation])
        let t3 = story.set("t3", "tier", .integer(3), by: stationD, at: clocks[2], over: [creation])
        converge(
            [creation, t1, t2, t3], in: story,
            expect: [
                .field("tier", heads: [t1, t2, t3], shown: .integer(3), conflicted: true)
            ])
    }

    @Test(
        "of two concurrent tiers the higher is shown",
        arguments: [(1, 2), (2, 1), (1, 3), (3, 1), (2, 3), (3, 2)] as [(Int64, Int64)]
    )
    func tierPairs(older: Int64, newer: Int64) {
        var story = self.story
        let first = story.set("older", "tier", .integer(older), by: stationB, at: 2_000, over: [creation])
        let second = story.set("newer", "tier", .integer(newer), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, first, second], in: story,
            expect: [
                .field("tier", heads: [first, second], shown: .integer(max(older, newer)), conflicted: true)
            ])
    }

    @Test("a value outside the ranking ranks below every known one")
    func unknownRanksLowest() {
        var story = self.story
        let known = story.set("known", "severity", .text("normal"), by: stationB, at: 2_000, over: [creation])
        let unknown = story.set("unknown", "severity", .text("blocker"), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, known, unknown], in: story,
            expect: [
                .field("severity", heads: [known, unknown], shown: .text("normal"), conflicted: true)
            ])
    }

    @Test("among values of equal rank the higher version is shown")
    func tiesByVersion() {
        let policy = MergePolicy.highestRank([.text("normal"), .text("urgent"), .text("critical")])
        let heads: [Register<Value>.Head] = [
            .init(version: stamp(stationB, 2_000), payload: .text("blocker")),
            .init(version: stamp(stationC, 2_000), payload: .text("minor")),
            .init(version: stamp(stationA, 1_000), payload: .text("major")),
        ].sorted { $0.version < $1.version }
        #expect(policy.winner(of: heads)?.payload == .text("minor"))
        #expect(policy.winner(of: []) == nil)
    }
}

// MARK: - openWins: status

@Suite("openWins: status, every order")
struct OpenWinsTests {
    let story = Story(casesTable)
    let creation: Edit

    init() {
        creation = story.create("c", at: 1_000, [Field("title", .text("Printer jams")), Field("status", .text("new"))])
    }

    @Test("closed with a higher version vs in-progress concurrently: in-progress is shown, conflict open")
    func openBeatsClosed() {
        var story = self.story
        let working = story.set("working", "status", .text("in-progress"), by: stationB, at: 2_000, over: [creation])
        let closed = story.set("closed", "status", .text("closed"), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, working, closed], in: story,
            expect: [
                .field("status", heads: [working, closed], shown: .text("in-progress"), conflicted: true)
            ])
    }

    @Test("closed by two stations concurrently is the same value: no conflict")
    func closedTwice() {
        var story = self.story
        let one = story.set("one", "status", .text("closed"), by: stationB, at: 2_000, over: [creation])
        let two = story.set("two", "status", .text("closed"), by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, one, two], in: story,
            expect: [
                .field("status", heads: [one, two], shown: .text("closed"), conflicted: false)
            ])
    }

    @Test("when no head is open the highest version is shown", arguments: [(2_000, 3_000), (3_000, 2_000)] as [(UInt64, UInt64)])
    func allClosed(resolvedAt: UInt64, closedAt: UInt64) {
        var story = self.story
        let resolved = story.set("resolved", "status", .text("resolved"), by: stationB, at: resolvedAt, over: [creation])
        let closed = story.set("closed", "status", .text("closed"), by: stationC, at: closedAt, over: [creation])
        let shown: Value = resolvedAt > closedAt ? .text("resolved") : .text("closed")
        converge(
            [creation, resolved, closed], in: story,
            expect: [
                .field("status", heads: [resolved, closed], shown: shown, conflicted: true)
            ])
    }

    @Test("among several open heads the highest-versioned open one is shown")
    func highestOpen() {
        var story = self.story
        let waiting = story.set("waiting", "status", .text("waiting"), by: stationB, at: 2_000, over: [creation])
        let working = story.set("working", "status", .text("in-progress"), by: stationC, at: 3_000, over: [creation])
        let closed = story.set("closed", "status", .text("closed"), by: stationD, at: 4_000, over: [creation])
        converge(
            [creation, waiting, working, closed], in: story,
            expect: [
                .field("status", heads: [waiting, working, closed], shown: .text("in-progress"), conflicted: true)
            ])
    }

    @Test("a note appended while another station closes keeps the case open")
    func workflowEventKeepsOpen() {
        var story = self.story
        let start = story.set("start", "status", .text("in-progress"), by: stationB, at: 2_000, over: [creation])
        // Station C closes, having seen `start`; station D appends a note, which rewrites the status it sees.
        let close = story.set("close", "status", .text("closed"), by: stationC, at: 4_000, over: [start])
        let note = story.set("note", "status", .text("in-progress"), by: stationD, at: 3_000, over: [start])
        converge(
            [creation, start, close, note], in: story,
            expect: [
                .field("status", heads: [close, note], shown: .text("in-progress"), conflicted: true)
            ])
    }

    @Test("closing on purpose (a write over all heads) closes")
    func closeOnPurpose() {
        var story = self.story
        let working = story.set("working", "status", .text("in-progress"), by: stationB, at: 2_000, over: [creation])
        let closed = story.set("closed", "status", .text("closed"), by: stationC, at: 3_000, over: [creation])
        let settle = story.set("settle", "status", .text("closed"), by: stationA, at: 5_000, over: [working, closed])
        converge(
            [creation, working, closed, settle], in: story,
            expect: [
                .field("status", heads: [settle], shown: .text("closed"), conflicted: false)
            ])
    }
}

// MARK: - addWins: phones, emails, tags

@Suite("addWins sets, every order")
struct AddWinsTests {
    let story = Story(customersTable)
    let p1 = "+8613800138000"
    let p2 = "+862088886666"

    @Test("a creation may add several elements of one set column")
    func creationAddsElements() {
        let creation = story.create(
            "c", at: 1_000,
            [
                Field("name", .text("王芳")), Field("phones", .text(p1)), Field("phones", .text(p2)),
                Field("emails", .text("wang.fang@example.cn")),
            ])
        converge(
            [creation], in: story,
            expect: [
                .set("phones", shown: #"["+8613800138000","+862088886666"]"#, elements: [p1: [creation], p2: [creation]]),
                .set("emails", shown: #"["wang.fang@example.cn"]"#),
                .field("name", heads: [creation], shown: .text("王芳"), conflicted: false),
            ])
    }

    @Test("an add concurrent with an observed remove survives", arguments: [false, true])
    func addSurvivesRemove(addSawElement: Bool) {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳")), Field("phones", .text(p1))])
        let remove = story.remove("remove", "phones", p1, by: stationB, at: 2_000, over: [creation])
        let add = story.add("add", "phones", p1, by: stationC, at: 2_000, over: addSawElement ? [creation] : [])
        converge(
            [creation, remove, add], in: story,
            expect: [
                .set("phones", shown: #"["+8613800138000"]"#, elements: [p1: [remove, add]])
            ])
    }

    @Test("an add wins even when the concurrent remove has the higher version")
    func addWinsOverNewerRemove() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳")), Field("phones", .text(p1))])
        let add = story.add("add", "phones", p1, by: stationB, at: 2_000, over: [creation])
        let remove = story.remove("remove", "phones", p1, by: stationC, at: 9_000, over: [creation])
        converge(
            [creation, add, remove], in: story,
            expect: [
                .set("phones", shown: #"["+8613800138000"]"#, elements: [p1: [add, remove]])
            ])
    }

    @Test("a remove that observed the add removes the element")
    func removeAfterAdd() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳"))])
        let add = story.add("add", "phones", p1, by: stationB, at: 2_000, over: [])
        let remove = story.remove("remove", "phones", p1, by: stationC, at: 3_000, over: [add])
        converge(
            [creation, add, remove], in: story,
            expect: [
                .set("phones", shown: "[]", elements: [p1: [remove]])
            ])
    }

    @Test("two stations adding the same element make one element with two heads")
    func sameElementTwice() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳"))])
        let one = story.add("one", "phones", p1, by: stationB, at: 2_000, over: [])
        let two = story.add("two", "phones", p1, by: stationC, at: 3_000, over: [])
        converge(
            [creation, one, two], in: story,
            expect: [
                .set("phones", shown: #"["+8613800138000"]"#, elements: [p1: [one, two]])
            ])
    }

    @Test("a remove that observed only one of two adds leaves the element present")
    func removeSawOneAdd() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳"))])
        let one = story.add("one", "phones", p1, by: stationB, at: 2_000, over: [])
        let two = story.add("two", "phones", p1, by: stationC, at: 3_000, over: [])
        let remove = story.remove("remove", "phones", p1, by: stationD, at: 4_000, over: [one])
        converge(
            [creation, one, two, remove], in: story,
            expect: [
                .set("phones", shown: #"["+8613800138000"]"#, elements: [p1: [two, remove]])
            ])
    }

    @Test("a remove that observed both adds removes the element")
    func removeSawBothAdds() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳"))])
        let one = story.add("one", "phones", p1, by: stationB, at: 2_000, over: [])
        let two = story.add("two", "phones", p1, by: stationC, at: 3_000, over: [])
        let remove = story.remove("remove", "phones", p1, by: stationD, at: 4_000, over: [one, two])
        converge(
            [creation, one, two, remove], in: story,
            expect: [
                .set("phones", shown: "[]", elements: [p1: [remove]])
            ])
    }

    @Test("elements are independent registers")
    func independentElements() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳")), Field("phones", .text(p1))])
        let add = story.add("add", "phones", p2, by: stationB, at: 2_000, over: [])
        let remove = story.remove("remove", "phones", p1, by: stationC, at: 3_000, over: [creation])
        converge(
            [creation, add, remove], in: story,
            expect: [
                .set("phones", shown: #"["+862088886666"]"#, elements: [p1: [remove], p2: [add]])
            ])
    }

    @Test("the set is shown as a JSON array sorted by the elements' UTF-8 bytes")
    func sortedByBytes() {
        var story = self.story
        let creation = story.create("c", at: 1_000, [Field("name", .text("王芳"))])
        let long = story.add("long", "phones", "+8613800138000", by: stationB, at: 2_000, over: [])
        let mid = story.add("mid", "phones", "+862088886666", by: stationC, at: 3_000, over: [])
        let short = story.add("short", "phones", "+12025550123", by: stationD, at: 4_000, over: [])
        let other = story.add("other", "phones", "+442071838750", by: stationB, at: 5_000, over: [])
        // Plain byte order: "+861…" sorts before "+862…" although it is longer.
        converge(
            [creation, long, mid, short, other], in: story,
            expect: [
                .set("phones", shown: #"["+12025550123","+442071838750","+8613800138000","+862088886666"]"#)
            ])
    }

    @Test("emails and tags, with JSON escaping")
    func emailsAndTags() {
        var story = Story(casesTable)
        let creation = story.create("c", at: 1_000, [Field("title", .text("Printer jams")), Field("tags", .text("vip"))])
        let quoted = story.add("quoted", "tags", #"say "hi"\now"#, by: stationB, at: 2_000, over: [])
        let cjk = story.add("cjk", "tags", "售后", by: stationC, at: 3_000, over: [])
        let gone = story.remove("gone", "tags", "vip", by: stationD, at: 4_000, over: [creation])
        converge(
            [creation, quoted, cjk, gone], in: story,
            expect: [
                .set("tags", shown: #"["say \"hi\"\\now","售后"]"#, elements: ["vip": [gone]]),
                .field("title", heads: [creation], shown: .text("Printer jams"), conflicted: false),
            ])
    }

    @Test(
        "canonically equivalent but byte-different elements show the same bytes in every order"
    )
    func canonicalEquivalence() {
        var story = Story(casesTable)
        let creation = story.create("c", at: 1_000, [Field("title", .text("Printer jams"))])
        let composed = story.add("composed", "tags", "caf\u{E9}", by: stationB, at: 2_000, over: [])
        let decomposed = story.add("decomposed", "tags", "cafe\u{301}", by: stationC, at: 3_000, over: [])
        var shown = Set<[UInt8]>()
        for order in permutations([creation, composed, decomposed]) {
            let state = replay(order, in: casesTable)
            shown.insert(Array(state.shown(story.position("tags"), in: casesTable).text!.utf8))
        }
        #expect(shown.count == 1, "the replicas show \(shown.count) different byte strings")
    }
}

// MARK: - Conflict ids

@Suite("ConflictID")
struct ConflictIDTests {
    let row = RowID(station: stationA, sequence: 7)
    let heads = [stamp(stationB, 2_000), stamp(stationC, 3_000), stamp(stationD, 3_000, 1)]

    @Test("is independent of the order of the heads")
    func orderIndependent() {
        let reference = ConflictID(table: "cases", row: row, column: "title", heads: heads)
        for order in permutations(heads) {
            #expect(ConflictID(table: "cases", row: row, column: "title", heads: order) == reference)
        }
    }

    @Test("changes when the head set, table, row or column changes")
    func changesWithInputs() {
        let reference = ConflictID(table: "cases", row: row, column: "title", heads: heads)
        let variants = [
            ConflictID(table: "cases", row: row, column: "title", heads: Array(heads.dropLast())),
            ConflictID(table: "cases", row: row, column: "title", heads: heads + [stamp(stationA, 5_000)]),
            ConflictID(table: "cases", row: row, column: "title", heads: [heads[0], heads[1], stamp(stationD, 3_000, 2)]),
            ConflictID(table: "cases", row: row, column: "title", heads: [heads[0], heads[1], stamp(stationA, 3_000, 1)]),
            ConflictID(table: "cases", row: row, column: "assignee", heads: heads),
            ConflictID(table: "customers", row: row, column: "title", heads: heads),
            ConflictID(table: "cases", row: RowID(station: stationA, sequence: 8), column: "title", heads: heads),
            ConflictID(table: "cases", row: RowID(station: stationB, sequence: 7), column: "title", heads: heads),
        ]
        #expect(!variants.contains(reference))
        #expect(Set(variants).count == variants.count)
    }

    @Test("is FNV-1a 64 over the bytes laid out in Protocol/README.md")
    func layout() {
        // Built independently of ByteWriter: string = varint length + UTF-8 (all lengths < 128 here),
        // station = 16 bytes big-endian, fixed64 = 8 bytes big-endian.
        func fixed64(_ value: UInt64) -> [UInt8] { (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        func station(_ id: StationID) -> [UInt8] { fixed64(id.high) + fixed64(id.low) }
        func string(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
        var bytes = string("cases") + station(row.station) + fixed64(row.sequence) + string("title")
        for version in heads.sorted() { bytes += fixed64(version.clock.rawValue) + station(version.station) }
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        #expect(ConflictID(table: "cases", row: row, column: "title", heads: heads).rawValue == hash)
    }

    @Test("the worked example of Protocol/README.md")
    func readmeExample() {
        let a = StationID(high: 0xA1A1_A1A1_A1A1_A1A1, low: 0xA2A2_A2A2_A2A2_A2A2)
        let b = StationID(high: 0xB1B1_B1B1_B1B1_B1B1, low: 0xB2B2_B2B2_B2B2_B2B2)
        let id = ConflictID(
            table: "customers", row: RowID(station: a, sequence: 1), column: "name",
            heads: [
                Version(clock: Timestamp(milliseconds: 1_795_335_302_123, counter: 0), station: b),
                Version(clock: Timestamp(milliseconds: 1_795_335_300_123, counter: 2), station: a),
            ]
        )
        #expect(id.description == ProtocolExample.conflictID)
    }

    @Test(
        "renders as 16 lower-case hex digits and round-trips",
        arguments: [
            0, 1, 0xABC, 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, UInt64.max,
        ] as [UInt64])
    func text(rawValue: UInt64) {
        let id = ConflictID(rawValue: rawValue)
        #expect(id.description.utf8.count == 16)
        #expect(id.description.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(ConflictID(id.description) == id)
    }

    @Test("round-trips for ids made from heads")
    func roundTripHashed() {
        let id = ConflictID(table: "cases", row: row, column: "title", heads: heads)
        #expect(ConflictID(id.description) == id)
        #expect(ConflictID(rawValue: 0x1).description == "0000000000000001")
    }

    @Test(
        "refuses text that is not 16 hex digits",
        arguments: [
            "", "0", "000000000000000", "00000000000000000", "000000000000000g", "00000000 0000000", "0x00000000000000",
        ])
    func refuses(text: String) {
        #expect(ConflictID(text) == nil)
    }

    @Test(
        "refuses a sign in front of 15 hex digits"
    )
    func refusesSign() {
        #expect(ConflictID("+00000000000000a") == nil)
        #expect(ConflictID("-000000000000000") == nil)
    }
}
