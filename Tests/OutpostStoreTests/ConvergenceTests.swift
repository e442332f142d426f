import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

/// The convergence property (`docs/ARCHITECTURE.md`, "Convergence"): stations making random edits of every kind, exchanging
/// them in random orders with duplicates and partial deliveries, end with byte-identical domain
/// tables and the same open conflicts once everyone has everything; and what they show equals an
/// independent, deliberately simple reference model of the rules.
///
/// `OUTPOST_SCHEDULES` sets how many seeded schedules run (default 500), `OUTPOST_SEED_FROM` the
/// first seed; `OUTPOST_SEED` replays one.
@Suite struct ConvergenceTests {
    /// The oracle is only as good as its rules: hand-worked cases of each policy, pending changes,
    /// notification sets and staff edits.
    @Test func referenceModelPassesItsSelfCheck() {
        #expect(ReferenceModel.selfCheck() == [])
    }

    /// The seeds chosen by `OUTPOST_SEED`, or `OUTPOST_SEED_FROM` and `OUTPOST_SCHEDULES`.
    static func seeds(defaultCount: Int) -> [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let seed = environment["OUTPOST_SEED"].flatMap({ UInt64($0) }) { return [seed] }
        // OUTPOST_SEED_FROM lets a long soak be split across processes.
        return Array(
            (UInt64(environment["OUTPOST_SEED_FROM"].flatMap { Int($0) } ?? 1)...)
                .prefix(environment["OUTPOST_SCHEDULES"].flatMap { Int($0) } ?? defaultCount))
    }

    @Test func randomSchedulesConverge() throws {
        let seeds = Self.seeds(defaultCount: 500)
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Which columns ended a schedule in conflict: the generator must reach every policy.
        var conflicted = Set<String>()
        for seed in seeds {
            let directory = root.appendingPathComponent("\(seed)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var schedule = try Schedule(seed: seed, directory: directory)
            do {
                try schedule.run()
                let failures = try schedule.check()
                for failure in failures { Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(failure)") }
                if !failures.isEmpty { return }
                conflicted.formUnion(try schedule.stations[0].store.openConflicts().map { "\($0.table).\($0.column)" })
            } catch {
                Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(error)")
                return
            }
            try? FileManager.default.removeItem(at: directory)
        }
        if seeds.count >= 100 {
            for column in ["cases.status", "cases.severity", "cases.tier", "cases.title", "customers.name", "staff.role"] {
                #expect(conflicted.contains(column), "no schedule ended with a conflict on \(column): the generator does not exercise its policy")
            }
        }
    }
}

/// One random schedule: stations, their edits, and the deliveries between them.
struct Schedule {
    var random: SplitMix64
    var stations: [TestStation] = []
    /// Differences from the reference model found along the way.
    var failures: [String] = []
    /// The case and level every station notified concurrently right after the shared world.
    var burst: (row: String, level: String)?
    /// A station known only by the changes it sends, some of which this schema cannot apply
    /// (`docs/ARCHITECTURE.md`, "Pending changes"): everything it sent, and its clock.
    var foreign = (station: StationID(high: 0xF0F0, low: 0x0F0F), sent: [Change](), clock: UInt64(0))

    static let names = ["李雷", "韩梅梅", "王芳", "Acme 有限公司", "陈明", "O'Brien \"Ltd\""]
    static let titles = ["屏幕不亮", "退款慢", "物流延误", "Battery drains", "无法开机", "配件缺失"]
    static let staff = ["王芳", "陈明", "Li Lei", "主管"]
    static let phones = ["13800138000", "13900001111", "020 8888 6666", "+1 415 555 0100"]
    static let tags = ["vip", "媒体", "repeat"]
    /// The notification levels, as typed: the store normalises them to one element each.
    static let levels = ["urgent", "critical", "follow-up"]
    static let typedLevels = levels + [" Urgent", "CRITICAL ", "Follow-Up"]
    static let departments = ["物流组", "Repairs", "售后部"]
    static let steps = ["received", "appointment", "diagnosed", "repaired", "inspected", "refunded", "voucher-issued", "shipped"]
    static let dates = ["2026-11-18", "2026-11-20", "2026-11-22"]

    init(seed: UInt64, directory: URL) throws {
        random = SplitMix64(seed: seed)
        let count = Int.random(in: 2...8, using: &random) <= 5 ? Int.random(in: 2...4, using: &random) : Int.random(in: 5...8, using: &random)
        for index in 0..<count {
            // Each station's wall clock is skewed: the hybrid clock must still order causally.
            let clock = ManualClock(1_795_000_000_000 + UInt64.random(in: 0...5_000, using: &random))
            stations.append(try TestStation("S\(index)X", in: directory, seed: random.next(), clock: clock))
        }
    }

    mutating func run() throws {
        // A shared world first, so that stations race on the same rows from the start.
        let founder = stations[0]
        for _ in 0..<3 { try edit(founder, forcing: Int.random(in: 0...1, using: &random)) }
        for _ in 0..<3 { try edit(founder, forcing: 2) }
        try edit(founder, forcing: 12)
        let world = try founder.store.loggedChanges()
        for station in stations.dropFirst() { try station.store.apply(world) }
        // Every station raises the same notification on the same case before hearing from the
        // others, typed its own way; some acknowledge it at once, just as concurrently.
        let notifiedCase = try founder.store.rows(of: "cases")[0][0].text!
        let level = Self.levels[Int.random(in: 0..<Self.levels.count, using: &random)]
        burst = (notifiedCase, level)
        for station in stations {
            let typed = Bool.random(using: &random) ? level : " \(level.uppercased())"
            let acknowledges = Int.random(in: 0..<3, using: &random) == 0
            try station.store.write(as: Self.staff[Int.random(in: 0..<Self.staff.count, using: &random)]) { write in
                let row = write.rowID(notifiedCase)!
                try write.add("cases", row, "notified", typed)
                if acknowledges { try write.add("cases", row, "acknowledged", level) }
            }
        }

        let steps = Int.random(in: 10...80, using: &random)
        for _ in 0..<steps {
            let index = Int.random(in: 0..<stations.count, using: &random)
            stations[index].clock.advance(by: UInt64.random(in: 0...3, using: &random))
            if Int.random(in: 0..<4, using: &random) == 0 {
                try deliver()
            } else if Int.random(in: 0..<16, using: &random) == 0 {
                try foreignChange(to: stations[index])
            } else {
                try edit(stations[index])
            }
        }
        // Everyone gets everything, each in a random order of its own.
        let everything = try stations.flatMap { try $0.store.loggedChanges() }
        for station in stations {
            try station.store.apply(everything.shuffled(using: &random))
        }
    }

    /// A random part of one station's log, shuffled, with duplicates, in random chunks.
    mutating func deliver() throws {
        let from = stations[Int.random(in: 0..<stations.count, using: &random)]
        let to = stations[Int.random(in: 0..<stations.count, using: &random)]
        var changes = try from.store.loggedChanges().filter { _ in Int.random(in: 0..<3, using: &random) > 0 }
        changes += changes.filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
        changes.shuffle(using: &random)
        while !changes.isEmpty {
            let size = Int.random(in: 1...max(1, changes.count), using: &random)
            try to.store.apply(Array(changes.prefix(size)))
            changes.removeFirst(size)
        }
        // Mid-schedule, with conflicts still open: what a station shows must equal the model of
        // exactly the changes it has received.
        if failures.isEmpty { failures += try Self.compareWithModel(to) }
    }

    /// A change from the foreign station, made without seeing anything (no pred): about half
    /// wait pending (a newer schema, an unknown column, a refused value, an element not in its
    /// normal form, a scalar write to a set, an edit of an event), the rest apply.
    mutating func foreignChange(to station: TestStation) throws {
        let cases = try station.store.rows(of: "cases").map { $0[0].text! }
        let events = try station.store.rows(of: "case_events").map { $0[0].text! }
        guard let caseText = cases.first, let thecase = try station.store.rowID(caseText) else { return }
        func stamp() -> Version {
            foreign.clock = max(foreign.clock + 1, station.clock.now())
            return Version(clock: Timestamp(milliseconds: foreign.clock, counter: 0), station: foreign.station)
        }
        if foreign.sent.isEmpty {
            // Its first change names it, as every station's does.
            let id = ChangeID(station: foreign.station, sequence: 1)
            foreign.sent.append(
                Change(
                    id: id, table: "stations", row: RowID(id), operation: .create([Field("code", .text("NEWER"))]), version: stamp(), pred: [],
                    author: "setup", schema: Schema.outpost.version))
        }
        let id = ChangeID(station: foreign.station, sequence: UInt64(foreign.sent.count + 1))
        var table = "cases"
        var row = thecase
        var schema = Schema.outpost.version
        let operation: Change.Operation
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            operation = .set(column: "title", value: .text("newer"))
            schema += 1
        case 1: operation = .set(column: "satisfaction", value: .integer(5))
        case 2: operation = .set(column: "tier", value: .integer(7))
        case 3: operation = .add(column: "notified", element: .text(" URGENT"))
        case 4: operation = .set(column: "notified", value: .text("urgent"))
        case 5 where !events.isEmpty:
            table = "case_events"
            row = try station.store.rowID(events[0]) ?? thecase
            operation = .set(column: "body", value: .text("edited"))
        case 6, 7:
            // An event naming a column this schema lacks waits whole; a plain one is shown.
            table = "case_events"
            row = RowID(id)
            let mood = Int.random(in: 6...7, using: &random) == 6 ? [Field("mood", .text("calm"))] : []
            operation = .create([Field("case_id", .text(caseText)), Field("kind", .text("note")), Field("body", .text("from afar"))] + mood)
        case 8, 9: operation = .add(column: "notified", element: .text(Self.levels[Int.random(in: 0..<3, using: &random)]))
        default: operation = .set(column: "severity", value: .text(CaseVocabulary.severities[Int.random(in: 0..<3, using: &random)]))
        }
        foreign.sent.append(
            Change(id: id, table: table, row: row, operation: operation, version: stamp(), pred: [], author: "newer build", schema: schema))
        // Like any station, it sends everything not acknowledged: the receiver logs it in order,
        // so it reaches everyone from there.
        try station.store.apply(foreign.sent)
    }

    /// A station's domain tables and open conflicts against the reference model of its own log.
    static func compareWithModel(_ station: TestStation, changes: [Change]? = nil) throws -> [String] {
        var failures = [String]()
        var model = ReferenceModel(schema: .outpost)
        model.insert(try changes ?? station.store.loggedChanges())
        let expected = model.tables()
        for table in Schema.outpost.tables {
            let actual = try station.store.rows(of: table.name)
            if actual != expected[table.name] {
                failures.append(
                    "\(station.code): \(table.name) differs from the reference model:\nstore: \(actual)\nmodel: \(expected[table.name] ?? [])")
            }
        }
        let modelConflicts = model.openConflicts().map { "\($0.id) \($0.table) \($0.column) \($0.shown)" }
        let storeConflicts = try station.store.openConflicts().map { "\($0.id) \($0.table) \($0.column) \($0.shown)" }
        if modelConflicts != storeConflicts {
            failures.append("\(station.code): open conflicts differ from the model:\nstore: \(storeConflicts)\nmodel: \(modelConflicts)")
        }
        return failures
    }

    func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    /// One random local edit: creations, every policy's columns, set elements, events, settlements.
    mutating func edit(_ station: TestStation, forcing forced: Int? = nil) throws {
        let customers = try station.store.rows(of: "customers").map { $0[0].text! }
        let allCases = try station.store.rows(of: "cases").map { $0[0].text! }
        // Edits gather on the first cases so that stations race on the same fields.
        let cases = Bool.random(using: &random) ? Array(allCases.prefix(2)) : allCases
        let conflicts = try station.store.openConflicts()
        let author = pick(Self.staff, &random)
        var choice = forced ?? Int.random(in: 0..<18, using: &random)
        // Once a few rows exist, creations give way to edits of every policy's columns.
        if forced == nil, (choice < 2 && customers.count >= 3) || ((choice == 2 || choice == 3) && allCases.count >= 3) {
            choice = [5, 6, 6, 7, 7, 4, 8, 14, 16][Int.random(in: 0..<9, using: &random)]
        }
        // Read only for the edits that need them: the event list grows long.
        let allStaff = choice == 12 || choice == 13 ? try station.store.rows(of: "staff").map { $0[0].text! } : []
        let staff = Bool.random(using: &random) ? Array(allStaff.prefix(2)) : allStaff
        let events = choice == 17 ? try station.store.rows(of: "case_events").map { $0[0].text! } : []
        if forced == nil, choice == 12, allStaff.count >= 3 { choice = 13 }
        if choice == 13, allStaff.isEmpty { choice = 12 }
        var random = self.random
        defer { self.random = random }
        try station.store.write(as: author) { write in
            func row(_ text: String) -> RowID { write.rowID(text)! }
            switch choice {
            case 0, 1:
                var fields = [Field("name", .text(pick(Self.names, &random)))]
                for _ in 0..<Int.random(in: 0...2, using: &random) { fields.append(Field("phones", .text(pick(Self.phones, &random)))) }
                try write.create("customers", fields)
            case 2 where !customers.isEmpty, 3 where !customers.isEmpty:
                try write.create(
                    "cases",
                    [
                        Field("number", .text(try write.nextCaseNumber())), Field("customer_id", .text(pick(customers, &random))),
                        Field("kind", .text(pick(CaseVocabulary.kinds, &random))), Field("channel", .text(pick(CaseVocabulary.channels, &random))),
                        Field("severity", .text(pick(CaseVocabulary.severities, &random))), Field("status", .text("new")),
                        Field("tier", .integer(1)), Field("title", .text(pick(Self.titles, &random))),
                        Field("tags", .text(pick(Self.tags, &random))),
                    ] + openingFields(allCases, &random))
            case 4 where !cases.isEmpty:
                try write.set(
                    "cases", row(pick(cases, &random)), pick(["title", "assignee"], &random), .text(pick(Self.titles + Self.staff, &random)))
            case 5 where !cases.isEmpty:
                try write.set("cases", row(pick(cases, &random)), "severity", .text(pick(CaseVocabulary.severities, &random)))
            case 6 where !cases.isEmpty:
                try write.set("cases", row(pick(cases, &random)), "tier", .integer(Int64.random(in: 1...3, using: &random)))
            case 7 where !cases.isEmpty:
                if Int.random(in: 0..<3, using: &random) == 0 {
                    // A workflow event's touch: over the shown head only.
                    try write.touch("cases", row(pick(cases, &random)), "status")
                } else {
                    try write.set("cases", row(pick(cases, &random)), "status", .text(pick(CaseVocabulary.statuses, &random)))
                }
            case 8 where !customers.isEmpty:
                let customer = row(pick(customers, &random))
                if Bool.random(using: &random) {
                    try write.add("customers", customer, "phones", pick(Self.phones, &random))
                } else {
                    try write.remove("customers", customer, "phones", pick(Self.phones, &random))
                }
            case 9 where !cases.isEmpty:
                try write.create(
                    "case_events",
                    [
                        Field("case_id", .text(pick(cases, &random))), Field("kind", .text("note")), Field("body", .text(pick(Self.titles, &random))),
                    ])
            case 10 where !conflicts.isEmpty:
                // A person settles a conflict by keeping the value shown (or picking another head).
                let conflict = pick(conflicts, &random)
                let value = Bool.random(using: &random) ? conflict.shown : pick(conflict.heads, &random).payload
                try write.set(conflict.table, conflict.row, conflict.column, value)
            case 11 where !customers.isEmpty:
                let column = pick(["name", "note", "merged_into"], &random)
                let value = Value.text(column == "merged_into" ? pick(customers, &random) : pick(Self.names, &random))
                try write.set("customers", row(pick(customers, &random)), column, value)
            case 12:
                var fields = [
                    Field("name", .text(pick(Self.staff, &random))), Field("role", .text(pick(CaseVocabulary.roles, &random))),
                    Field("status", .text("active")),
                ]
                if Bool.random(using: &random) { fields.append(Field("tier", .integer(Int64.random(in: 1...3, using: &random)))) }
                if Bool.random(using: &random) { fields.append(Field("department", .text(pick(Self.departments, &random)))) }
                if Bool.random(using: &random) { fields.append(Field("station", .text(station.code))) }
                try write.create("staff", fields)
            case 13:
                let member = row(pick(staff, &random))
                switch Int.random(in: 0..<5, using: &random) {
                case 0, 1: try write.set("staff", member, "role", .text(pick(CaseVocabulary.roles, &random)))
                case 2:
                    let tier = Int.random(in: 0...3, using: &random)
                    try write.set("staff", member, "tier", tier == 0 ? .null : .integer(Int64(tier)))
                case 3: try write.set("staff", member, "department", .text(pick(Self.departments, &random)))
                default: try write.set("staff", member, "status", .text(pick(CaseVocabulary.staffStatuses, &random)))
                }
            case 14 where !cases.isEmpty, 15 where !cases.isEmpty:
                // Notifications only ever grow: a level raised, or acknowledged, by any station.
                let column = choice == 14 ? "notified" : "acknowledged"
                try write.add("cases", row(pick(cases, &random)), column, pick(Self.typedLevels, &random))
            case 16 where !cases.isEmpty:
                let target = row(pick(cases, &random))
                let column = pick(
                    ["received_at", "due", "delivered", "return_asked", "follow_up_of", "warranty_of", "department", "service", "channel"], &random)
                let value: Value =
                    switch column {
                    case "received_at", "due": .integer(1_795_000_000_000 + Int64.random(in: 0...86_400_000, using: &random))
                    case "delivered", "return_asked": .text(pick(Self.dates, &random))
                    case "follow_up_of", "warranty_of": Bool.random(using: &random) ? .text(pick(allCases, &random)) : .null
                    case "department": .text(pick(Self.departments, &random))
                    case "service": .text(pick(CaseVocabulary.services, &random))
                    default: .text(pick(CaseVocabulary.channels, &random))
                    }
                try write.set("cases", target, column, value)
            case 17 where !cases.isEmpty:
                try write.create("case_events", eventFields(pick(cases, &random), events: events, &random))
            default:
                try write.set("stations", write.rowID("\(station.code).1")!, "name", .text(pick(Self.names, &random)))
            }
        }
    }

    /// The optional fields a case may be opened with: arrival, return and warranty columns, and
    /// notification levels raised on opening.
    func openingFields(_ cases: [String], _ random: inout SplitMix64) -> [Field] {
        var fields = [Field]()
        if Bool.random(using: &random) {
            fields.append(Field("received_at", .integer(1_795_000_000_000 - Int64.random(in: 0...3_600_000, using: &random))))
        }
        if Bool.random(using: &random) {
            fields += [
                Field("service", .text("return")), Field("purchased", .text(pick(Self.dates, &random))),
                Field("delivered", .text(pick(Self.dates, &random))), Field("return_asked", .text(pick(Self.dates, &random))),
            ]
        }
        if !cases.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
            fields.append(Field(Bool.random(using: &random) ? "warranty_of" : "follow_up_of", .text(pick(cases, &random))))
        }
        for _ in 0..<Int.random(in: 0...2, using: &random) { fields.append(Field("notified", .text(pick(Self.typedLevels, &random)))) }
        return fields
    }

    /// An event with the audit and after-sales columns: a field change, an after-sales step with
    /// its details, an acknowledgement, or a settlement referring to another event.
    func eventFields(_ thecase: String, events: [String], _ random: inout SplitMix64) -> [Field] {
        var fields = [Field("case_id", .text(thecase))]
        if Bool.random(using: &random) { fields.append(Field("role", .text(pick(CaseVocabulary.roles, &random)))) }
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let field = pick(["severity", "department", "title"], &random)
            fields += [Field("kind", .text("change")), Field("field", .text(field)), Field("to_value", .text(pick(Self.titles, &random)))]
            if Bool.random(using: &random) { fields.append(Field("from_value", .text(pick(Self.titles, &random)))) }
        case 1:
            let step = pick(Self.steps, &random)
            fields += [Field("kind", .text("milestone")), Field("outcome", .text(step))]
            switch step {
            case "inspected":
                fields += [
                    Field("passed", .integer(Int64.random(in: 0...1, using: &random))),
                    Field("document", .text("packaging=yes,unused=yes,receipt=\(Bool.random(using: &random) ? "yes" : "no")")),
                ]
            case "diagnosed":
                fields += [
                    Field("amount", .text(pick(["120", "89.50"], &random))), Field("passed", .integer(Int64.random(in: 0...1, using: &random))),
                ]
            case "voucher-issued":
                fields += [
                    Field("document", .text("V-\(Int.random(in: 100...999, using: &random))")),
                    Field("valid_until", .text(pick(Self.dates, &random))),
                ]
            case "appointment":
                fields.append(Field("at", .integer(1_795_000_000_000 + Int64.random(in: 0...86_400_000, using: &random))))
            default:
                break
            }
        case 2:
            fields += [Field("kind", .text("ack")), Field("outcome", .text(pick(Self.levels, &random)))]
        default:
            fields += [Field("kind", .text("override")), Field("outcome", .text("step")), Field("body", .text(pick(Self.titles, &random)))]
            if !events.isEmpty { fields.append(Field("refers_to", .text(pick(events, &random)))) }
        }
        return fields
    }

    /// Everything a replica shows, compared across stations and with the reference model.
    func check() throws -> [String] {
        var failures = self.failures
        // What a supervisor would notice: a level listed twice, an unknown one, or the level all
        // stations raised missing.
        for station in stations {
            for row in try station.store.rows(of: "cases") {
                for column in ["notified", "acknowledged"] {
                    let position = 1 + Schema.outpost.table("cases")!.columnIndex[column]!
                    let text = row[position].text ?? "[]"
                    let elements = try JSONDecoder().decode([String].self, from: Data(text.utf8))
                    if Set(elements).count != elements.count || !Set(elements).isSubset(of: Self.levels) {
                        failures.append("\(station.code): case \(row[0]) lists \(column) \(text): one element per level expected")
                    }
                    if column == "notified", let burst, row[0] == .text(burst.row), !elements.contains(burst.level) {
                        failures.append("\(station.code): case \(burst.row) lost the \(burst.level) notification every station raised: \(text)")
                    }
                }
            }
        }
        let first = try stations[0].dump()
        let firstConflicts = try stations[0].store.openConflicts()
        let firstDigest = try stations[0].store.stateDigest()
        for station in stations.dropFirst() {
            if try station.dump() != first {
                failures.append("\(station.code) and \(stations[0].code) differ:\n\(try station.dump())\n---\n\(first)")
            }
            if try station.store.openConflicts() != firstConflicts { failures.append("\(station.code) shows other open conflicts") }
            // `outpost verify`'s fingerprint (Protocol/README.md §12) depends only on the changes
            // received, not on the order they arrived in or the local handles they were given.
            let digest = try station.store.stateDigest()
            if digest.vector != firstDigest.vector || digest.fingerprint != firstDigest.fingerprint {
                let place =
                    zip(digest.tables, firstDigest.tables).lazy.compactMap { mine, theirs in
                        RowComparison.first(mine.rows, theirs.rows).map { "\(mine.table) \($0.row): \($0.difference)" }
                    }.first ?? "no row"
                failures.append("\(station.code)'s state fingerprint differs from \(stations[0].code)'s, first at \(place)")
            }
        }
        failures += try Self.compareWithModel(stations[0], changes: try stations.flatMap { try $0.store.loggedChanges() })
        return failures
    }
}
