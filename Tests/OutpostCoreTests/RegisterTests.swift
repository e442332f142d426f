import OutpostCore
import Testing

// MARK: - Fixtures shared by the merge tests (this file and MergePolicyTests.swift)

/// Station ids, ascending: `stationA < stationB < stationC < stationD`.
let stationA = StationID(high: 0xA000_0000_0000_0001, low: 0x0000_0000_0000_00A1)
let stationB = StationID(high: 0xB000_0000_0000_0002, low: 0x0000_0000_0000_00B2)
let stationC = StationID(high: 0xC000_0000_0000_0003, low: 0x0000_0000_0000_00C3)
let stationD = StationID(high: 0xD000_0000_0000_0004, low: 0x0000_0000_0000_00D4)

let casesTable = Schema.outpost.table("cases")!
let customersTable = Schema.outpost.table("customers")!

func stamp(_ station: StationID, _ milliseconds: UInt64, _ counter: UInt16 = 0) -> Version {
    Version(clock: Timestamp(milliseconds: milliseconds, counter: counter), station: station)
}

/// A change with a short name, so that a failing order of application can be printed.
struct Edit: CustomStringConvertible {
    var name: String
    var change: Change
    var version: Version { change.version }
    var description: String { name }
}

/// Builds the changes of one row's story: the creation (by the row's station, sequence 1) and
/// later edits, with per-station sequences assigned in the order the edits are written.
struct Story {
    let table: TableSchema
    let row: RowID
    private var sequences: [StationID: UInt64] = [:]

    init(_ table: TableSchema, createdBy station: StationID = stationA) {
        self.table = table
        row = RowID(station: station, sequence: 1)
        sequences[station] = 1
    }

    func position(_ column: String) -> Int { table.columnIndex[column]! }

    func create(_ name: String, at milliseconds: UInt64, _ fields: [Field]) -> Edit {
        let id = ChangeID(station: row.station, sequence: row.sequence)
        return Edit(
            name: name,
            change: Change(
                id: id, table: table.name, row: row, operation: .create(fields),
                version: stamp(row.station, milliseconds), pred: [], author: "creator", schema: 1
            ))
    }

    mutating func edit(
        _ name: String, _ operation: Change.Operation, by station: StationID, at milliseconds: UInt64,
        counter: UInt16 = 0, over pred: [Edit]
    ) -> Edit {
        let sequence = sequences[station, default: 0] + 1
        sequences[station] = sequence
        return Edit(
            name: name,
            change: Change(
                id: ChangeID(station: station, sequence: sequence), table: table.name, row: row,
                operation: operation, version: stamp(station, milliseconds, counter),
                pred: pred.map(\.version), author: "staff-\(station.description.prefix(2))", schema: 1
            ))
    }

    mutating func set(
        _ name: String, _ column: String, _ value: Value, by station: StationID, at milliseconds: UInt64,
        counter: UInt16 = 0, over pred: [Edit]
    ) -> Edit {
        edit(name, .set(column: column, value: value), by: station, at: milliseconds, counter: counter, over: pred)
    }

    mutating func add(
        _ name: String, _ column: String, _ element: String, by station: StationID, at milliseconds: UInt64,
        over pred: [Edit]
    ) -> Edit {
        edit(name, .add(column: column, element: .text(element)), by: station, at: milliseconds, over: pred)
    }

    mutating func remove(
        _ name: String, _ column: String, _ element: String, by station: StationID, at milliseconds: UInt64,
        over pred: [Edit]
    ) -> Edit {
        edit(name, .remove(column: column, element: .text(element)), by: station, at: milliseconds, over: pred)
    }
}

/// Every order of `items` (n! arrays).
func permutations<Element>(_ items: [Element]) -> [[Element]] {
    guard items.count > 1 else { return [items] }
    var result = [[Element]]()
    for index in items.indices {
        var rest = items
        let first = rest.remove(at: index)
        for tail in permutations(rest) { result.append([first] + tail) }
    }
    return result
}

/// Applies `order` to a fresh row state. A version counts as applied iff its change was applied
/// earlier in this order.
func replay(_ order: [Edit], in table: TableSchema) -> RowState {
    var state = RowState(columnCount: table.columns.count)
    var applied = Set<Version>()
    for edit in order {
        _ = state.apply(
            edit.change, in: table, isApplied: { applied.contains($0) },
            load: { position in
                Issue.record("load(\(position)) called although no column is elided")
                return .null
            })
        applied.insert(edit.version)
    }
    return state
}

/// A short text of a row state's non-empty registers, for failure messages.
func outline(_ state: RowState, _ table: TableSchema) -> String {
    var parts = [String]()
    for (position, column) in table.columns.enumerated() {
        let register = state.fields[position]
        if !register.isEmpty {
            let heads = register.heads.map { "\($0.version)=\($0.payload)" }
            parts.append("\(column.name): heads \(heads) tombstones \(register.tombstones)")
        }
        for (element, register) in state.elements[position].sorted(by: { Value.byteOrder($0.key, $1.key) }) {
            let heads = register.heads.map { "\($0.version)=\($0.payload ? "add" : "remove")" }
            parts.append("\(column.name)[\(element)]: heads \(heads) tombstones \(register.tombstones)")
        }
    }
    return parts.joined(separator: "; ")
}

/// What one column must look like once every change of a scenario is applied.
enum Expectation {
    /// A scalar column: its heads (any order), the value shown, and whether a conflict is open.
    case field(String, heads: [Edit], shown: Value, conflicted: Bool)
    /// A set column: the JSON text shown, and the heads of the listed elements (an element
    /// listed with no heads has never been written).
    case set(String, shown: String, elements: [String: [Edit]] = [:])
}

/// Applies `edits` in every order and checks that each order ends in the same row state and
/// meets every expectation. Reports the first failing order only.
///
/// - Returns: the state every order reached (the first order's).
@discardableResult
func converge(
    _ edits: [Edit], in story: Story, expect expectations: [Expectation],
    sourceLocation: SourceLocation = #_sourceLocation
) -> RowState {
    let table = story.table
    let orders = permutations(edits)
    var reference: RowState?
    for order in orders {
        let state = replay(order, in: table)
        var problems = [String]()
        if let reference, state != reference {
            problems.append("row state \(outline(state, table)) differs from order \(edits.map(\.name)): \(outline(reference, table))")
        }
        if state.created != edits.first(where: { $0.change.isCreation })?.version {
            problems.append("created = \(String(describing: state.created))")
        }
        if state.latest != edits.map(\.version).max() { problems.append("latest = \(String(describing: state.latest))") }
        for (position, register) in state.fields.enumerated() where !register.tombstones.isEmpty {
            problems.append("\(table.columns[position].name) keeps tombstones \(register.tombstones)")
        }
        for expectation in expectations {
            switch expectation {
            case .field(let column, let heads, let shown, let conflicted):
                let position = story.position(column)
                let expectedHeads = heads.map(\.version).sorted()
                if state.heads(position) != expectedHeads {
                    problems.append("\(column) heads \(state.heads(position)), expected \(expectedHeads)")
                }
                let actual = state.shown(position, in: table)
                if actual.canonicalBytes != shown.canonicalBytes {
                    problems.append("\(column) shows \(actual), expected \(shown)")
                }
                let expectedConflict =
                    conflicted
                    ? ConflictID(table: table.name, row: story.row, column: column, heads: expectedHeads) : nil
                let conflict = state.conflict(position, in: table, row: story.row)
                if conflict != expectedConflict {
                    problems.append("\(column) conflict \(String(describing: conflict)), expected \(String(describing: expectedConflict))")
                }
            case .set(let column, let shown, let elements):
                let position = story.position(column)
                let actual = state.shown(position, in: table)
                if actual.canonicalBytes != Value.text(shown).canonicalBytes {
                    problems.append("\(column) shows \(actual), expected \(shown)")
                }
                if let conflict = state.conflict(position, in: table, row: story.row) {
                    problems.append("set column \(column) reports conflict \(conflict)")
                }
                for (element, heads) in elements {
                    let actualHeads = state.heads(position, element: .text(element))
                    let expectedHeads = heads.map(\.version).sorted()
                    if actualHeads != expectedHeads {
                        problems.append("\(column)[\(element)] heads \(actualHeads), expected \(expectedHeads)")
                    }
                }
            }
        }
        if !problems.isEmpty {
            Issue.record("order \(order.map(\.name)): \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
            return state
        }
        if reference == nil { reference = state }
    }
    #expect(orders.count == (1...max(1, edits.count)).reduce(1, *), sourceLocation: sourceLocation)
    return reference!
}

// MARK: - The harness itself

@Suite("Test harness")
struct HarnessTests {
    @Test("permutations yields n! distinct orders of the same elements", arguments: 0...5)
    func permutationsAreComplete(count: Int) {
        let items = Array(0..<count)
        let orders = permutations(items)
        #expect(orders.count == (1...max(1, count)).reduce(1, *))
        #expect(Set(orders).count == orders.count)
        #expect(orders.allSatisfy { $0.sorted() == items })
    }
}

// MARK: - Register

@Suite("Register")
struct RegisterTests {
    let a1 = stamp(stationA, 1_000)
    let b2 = stamp(stationB, 2_000)
    let c3 = stamp(stationC, 3_000)

    @Test("a first write becomes the only head")
    func firstWrite() {
        var register = Register<Value>()
        #expect(register.isEmpty)
        let became1 = register.apply(version: a1, payload: .text("x"), pred: [], isApplied: { _ in false })

        #expect(became1)
        #expect(register.headVersions == [a1])
        #expect(register.latest?.payload == .text("x"))
        #expect(register.tombstones.isEmpty)
        #expect(!register.isEmpty)
    }

    @Test("heads stay ascending by version whatever the arrival order")
    func headsAscending() {
        for order in permutations([c3, a1, b2]) {
            var register = Register<Value>()
            for version in order {
                register.apply(version: version, payload: .text("\(version)"), pred: [], isApplied: { _ in false })
            }
            #expect(register.headVersions == [a1, b2, c3], "order \(order)")
            #expect(register.latest?.version == c3)
        }
    }

    @Test("a write over a head replaces it")
    func overwrite() {
        var register = Register<Value>()
        register.apply(version: a1, payload: .text("old"), pred: [], isApplied: { _ in false })
        let applied: Set<Version> = [a1]
        let became2 = register.apply(version: b2, payload: .text("new"), pred: [a1], isApplied: { applied.contains($0) })

        #expect(became2)
        #expect(register.headVersions == [b2])
        #expect(register.tombstones.isEmpty)
    }

    @Test("a pred naming a write not yet applied leaves a tombstone that the late write consumes")
    func tombstone() {
        var register = Register<Value>()
        let became3 = register.apply(version: b2, payload: .text("new"), pred: [a1], isApplied: { _ in false })

        #expect(became3)
        #expect(register.tombstones == [a1])
        #expect(!register.isEmpty)
        // The superseded write arrives late: it is not a head, and its tombstone is gone.
        let became4 = register.apply(version: a1, payload: .text("old"), pred: [], isApplied: { $0 == b2 })

        #expect(!became4)
        #expect(register.headVersions == [b2])
        #expect(register.tombstones.isEmpty)
    }

    @Test("a pred naming an applied, already superseded write leaves no tombstone")
    func appliedPredLeavesNoTombstone() {
        var register = Register<Value>()
        register.apply(version: a1, payload: .text("1"), pred: [], isApplied: { _ in false })
        register.apply(version: b2, payload: .text("2"), pred: [a1], isApplied: { $0 == a1 })
        // c3 saw only a1, which is applied and no longer a head.
        let became5 = register.apply(version: c3, payload: .text("3"), pred: [a1], isApplied: { $0 == a1 || $0 == b2 })

        #expect(became5)
        #expect(register.headVersions == [b2, c3])
        #expect(register.tombstones.isEmpty)
    }

    @Test("tombstones stay sorted and are not duplicated")
    func tombstonesSorted() {
        var register = Register<Value>()
        let d4 = stamp(stationD, 4_000)
        register.apply(version: d4, payload: .text("4"), pred: [c3, a1], isApplied: { _ in false })
        register.apply(version: stamp(stationD, 5_000), payload: .text("5"), pred: [d4, b2, a1], isApplied: { $0 == d4 })
        #expect(register.tombstones == [a1, b2, c3])
    }

    @Test("applying the write that is already the head again changes nothing")
    func duplicateHead() {
        var register = Register<Value>()
        register.apply(version: a1, payload: .text("x"), pred: [], isApplied: { _ in false })
        let before = register
        let became6 = register.apply(version: a1, payload: .text("x"), pred: [], isApplied: { $0 == a1 })

        #expect(!became6)
        #expect(register == before)
    }

    @Test("an element register is present while any head is an add")
    func presence() {
        var element = Register<Bool>()
        #expect(!element.isPresent)
        element.apply(version: a1, payload: true, pred: [], isApplied: { _ in false })
        element.apply(version: b2, payload: false, pred: [], isApplied: { _ in false })
        #expect(element.isPresent)
        element.apply(version: c3, payload: false, pred: [a1], isApplied: { _ in true })
        #expect(element.headVersions == [b2, c3])
        #expect(!element.isPresent)
    }

    @Test("isConflicted needs two heads with different values")
    func conflicted() {
        #expect(!Register<Value>().isConflicted)
        #expect(!Register<Value>(heads: [.init(version: a1, payload: .text("x"))]).isConflicted)
        #expect(!Register<Value>(heads: [.init(version: a1, payload: .text("x")), .init(version: b2, payload: .text("x"))]).isConflicted)
        #expect(Register<Value>(heads: [.init(version: a1, payload: .text("x")), .init(version: b2, payload: .text("y"))]).isConflicted)
        #expect(Register<Value>(heads: [.init(version: a1, payload: .null), .init(version: b2, payload: .text(""))]).isConflicted)
    }
}

// MARK: - Last-writer fields through RowState, in every order of application

@Suite("Last writer fields, every order")
struct LastWriterTests {
    let story = Story(casesTable)
    let creation: Edit

    init() {
        creation = story.create(
            "c", at: 1_000,
            [
                Field("number", .text("SZ01-20261122-0007")),
                Field("title", .text("Printer jams")),
                Field("severity", .text("urgent")),
                Field("status", .text("new")),
                Field("tier", .integer(1)),
            ])
    }

    @Test("a single creation shows its fields with no conflict")
    func creationOnly() {
        converge(
            [creation], in: story,
            expect: [
                .field("title", heads: [creation], shown: .text("Printer jams"), conflicted: false),
                .field("number", heads: [creation], shown: .text("SZ01-20261122-0007"), conflicted: false),
                .field("assignee", heads: [], shown: .null, conflicted: false),
            ])
    }

    @Test(
        "two concurrent writers: a conflict, won by the higher version",
        arguments: [(2_000, 3_000, 0, 0), (3_000, 2_000, 0, 0), (2_000, 2_000, 0, 0), (2_000, 2_000, 1, 0)]
            as [(UInt64, UInt64, UInt16, UInt16)]
    )
    func twoWriters(clockB: UInt64, clockC: UInt64, counterB: UInt16, counterC: UInt16) {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: clockB, counter: counterB, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: clockC, counter: counterC, over: [creation])
        let winner = wb.version > wc.version ? wb : wc
        converge(
            [creation, wb, wc], in: story,
            expect: [
                .field("title", heads: [wb, wc], shown: winner.change.operationValue, conflicted: true),
                .field("number", heads: [creation], shown: .text("SZ01-20261122-0007"), conflicted: false),
            ])
    }

    @Test("three concurrent writers: one conflict over three heads, won by the highest version")
    func threeWriters() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 4_000, over: [creation])
        let wd = story.set("wd", "title", .text("Fuser fault"), by: stationD, at: 3_000, over: [creation])
        converge(
            [creation, wb, wc, wd], in: story,
            expect: [
                .field("title", heads: [wb, wc, wd], shown: .text("Toner leak"), conflicted: true)
            ])
    }

    @Test("an edit made offline a week ago loses to a newer edit, whatever the upload order")
    func offlineWeek() {
        var story = self.story
        let day: UInt64 = 86_400_000
        let start: UInt64 = 1_795_335_300_123
        let c = story.create("c", at: start, [Field("title", .text("Printer jams"))])
        let old = story.set("offline", "title", .text("Old text"), by: stationB, at: start + day, over: [c])
        let new = story.set("online", "title", .text("New text"), by: stationC, at: start + 7 * day, over: [c])
        converge(
            [c, old, new], in: story,
            expect: [
                .field("title", heads: [old, new], shown: .text("New text"), conflicted: true)
            ])
    }

    @Test("concurrent writes of the same value are two heads but no conflict")
    func sameValue() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Paper jam"), by: stationC, at: 3_000, over: [creation])
        let wd = story.set("wd", "title", .text("Paper jam"), by: stationD, at: 2_500, over: [creation])
        converge(
            [creation, wb, wc, wd], in: story,
            expect: [
                .field("title", heads: [wb, wc, wd], shown: .text("Paper jam"), conflicted: false)
            ])
    }

    @Test("a write whose pred is all heads settles the conflict", arguments: ["Toner leak", "Paper jam"])
    func settle(chosen: String) {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [creation])
        let settle = story.set("settle", "title", .text(chosen), by: stationA, at: 5_000, over: [wb, wc])
        converge(
            [creation, wb, wc, settle], in: story,
            expect: [
                .field("title", heads: [settle], shown: .text(chosen), conflicted: false)
            ])
    }

    @Test("a write over only some heads does not settle")
    func partialSettle() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [creation])
        let partial = story.set("partial", "title", .text("Toner leak"), by: stationB, at: 5_000, over: [wb])
        converge(
            [creation, wb, wc, partial], in: story,
            expect: [
                .field("title", heads: [wc, partial], shown: .text("Toner leak"), conflicted: false)
            ])
    }

    @Test("a write concurrent with a settle opens a new conflict with a new id")
    func reconflict() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [creation])
        let settle = story.set("settle", "title", .text("Toner leak"), by: stationA, at: 5_000, over: [wb, wc])
        let late = story.set("late", "title", .text("Fuser fault"), by: stationD, at: 6_000, over: [wc])
        let state = converge(
            [creation, wb, wc, settle, late], in: story,
            expect: [
                .field("title", heads: [settle, late], shown: .text("Fuser fault"), conflicted: true)
            ])
        let first = ConflictID(table: "cases", row: story.row, column: "title", heads: [wb.version, wc.version])
        #expect(state.conflict(story.position("title"), in: casesTable, row: story.row) != first)
    }

    @Test("a superseded write arriving late never becomes a head")
    func staleWrite() {
        var story = self.story
        let first = story.set("first", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let second = story.set("second", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [first])
        let third = story.set("third", "title", .text("Fuser fault"), by: stationB, at: 4_000, over: [second])
        converge(
            [creation, first, second, third], in: story,
            expect: [
                .field("title", heads: [third], shown: .text("Fuser fault"), conflicted: false)
            ])
    }

    @Test("a superseded write with the higher clock still never becomes a head")
    func staleWriteWithHigherClock() {
        var story = self.story
        // Not something a hybrid clock produces; the pred, not the clock, decides what is superseded.
        let first = story.set("first", "title", .text("Paper jam"), by: stationC, at: 9_000, over: [creation])
        let second = story.set("second", "title", .text("Toner leak"), by: stationB, at: 3_000, over: [first])
        converge(
            [creation, first, second], in: story,
            expect: [
                .field("title", heads: [second], shown: .text("Toner leak"), conflicted: false)
            ])
    }

    @Test("writes to different fields of a row do not interact")
    func independentFields() {
        var story = self.story
        let title = story.set("title", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let assignee = story.set("assignee", "assignee", .text("li.wei"), by: stationC, at: 3_000, over: [])
        converge(
            [creation, title, assignee], in: story,
            expect: [
                .field("title", heads: [title], shown: .text("Paper jam"), conflicted: false),
                .field("assignee", heads: [assignee], shown: .text("li.wei"), conflicted: false),
                .field("number", heads: [creation], shown: .text("SZ01-20261122-0007"), conflicted: false),
            ])
    }

    @Test("a field write applied before its row's creation is kept; the row appears with the creation")
    func writeBeforeCreation() {
        var story = self.story
        let write = story.set("w", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let early = replay([write], in: casesTable)
        #expect(!early.isCreated)
        #expect(early.heads(story.position("title")) == [write.version])
        #expect(early.fields[story.position("title")].tombstones == [creation.version])
        let both = replay([write, creation], in: casesTable)
        #expect(both.isCreated)
        #expect(both.created == creation.version)
        let sameAsInOrder = both == replay([creation, write], in: casesTable)
        #expect(sameAsInOrder)
    }

    @Test("a column the table does not know is ignored")
    func unknownColumn() {
        var story = self.story
        let write = story.set("w", "no_such_column", .text("x"), by: stationB, at: 2_000, over: [])
        var state = replay([creation], in: casesTable)
        let touched = state.apply(write.change, in: casesTable, isApplied: { _ in true }, load: { _ in .null })
        #expect(touched.isEmpty)
        #expect(state.fields == replay([creation], in: casesTable).fields)
    }

    @Test("applying again a change that is still a head changes nothing")
    func duplicateOfHead() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [creation])
        for order in permutations([wb, wc]) {
            // The creation first, so that no change here ever consumed a tombstone.
            let once = replay([creation] + order, in: casesTable)
            for again in [wb, wc] {
                let twice = replay([creation] + order + [again], in: casesTable)
                let unchanged = twice == once
                #expect(unchanged, "order \(order) then \(again) again: \(outline(twice, casesTable))")
            }
        }
    }

    @Test(
        "applying a change a second time changes nothing, in every order"
    )
    func duplicates() {
        var story = self.story
        let wb = story.set("wb", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let wc = story.set("wc", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [creation])
        let settle = story.set("settle", "title", .text("Toner leak"), by: stationA, at: 5_000, over: [wb, wc])
        for order in permutations([creation, wb, wc, settle]) {
            let once = replay(order, in: casesTable)
            // Each change twice in a row, and each change again at the end.
            for replayed in [order.flatMap { [$0, $0] }, order + order] {
                let state = replay(replayed, in: casesTable)
                guard state == once else {
                    Issue.record("\(replayed): \(outline(state, casesTable)), expected \(outline(once, casesTable))")
                    return
                }
            }
        }
    }

    @Test(
        "minimal case: a superseded change applied again does not come back"
    )
    func duplicateMinimal() {
        var story = self.story
        let first = story.set("first", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        let second = story.set("second", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [first])
        // second, first (consumes the tombstone second left), first again.
        let state = replay([creation, second, first, first], in: casesTable)
        #expect(state.heads(story.position("title")) == [second.version])
        #expect(state.conflict(story.position("title"), in: casesTable, row: story.row) == nil)
    }

    @Test("an elided single head is loaded only when a concurrent write needs its value")
    func elidedHead() {
        var story = self.story
        let title = story.position("title")
        var elided = replay([creation], in: casesTable)
        elided.fields[title].setPayload(.null, at: 0)
        elided.elided.insert(title)

        // Over the head: the old value is not needed.
        let over = story.set("over", "title", .text("Paper jam"), by: stationB, at: 2_000, over: [creation])
        var state = elided
        _ = state.apply(
            over.change, in: casesTable, isApplied: { $0 == creation.version },
            load: { position in
                Issue.record("load(\(position)) called for a write over the elided head")
                return .null
            })
        #expect(state.heads(title) == [over.version])
        #expect(!state.elided.contains(title))

        // Concurrent with the head: the old value is loaded once and becomes part of the conflict.
        let concurrent = story.set("concurrent", "title", .text("Toner leak"), by: stationC, at: 3_000, over: [])
        state = elided
        var loads = [Int]()
        _ = state.apply(
            concurrent.change, in: casesTable, isApplied: { $0 == creation.version },
            load: { position in
                loads.append(position)
                return .text("Printer jams")
            })
        #expect(loads == [title])
        #expect(state.fields[title].heads.map(\.payload) == [.text("Printer jams"), .text("Toner leak")])
        #expect(state.conflict(title, in: casesTable, row: story.row) != nil)
        #expect(!state.elided.contains(title))
    }
}

extension Change {
    /// The value a `.set` writes (test convenience).
    var operationValue: Value {
        if case .set(_, let value) = operation { value } else { .null }
    }
}
