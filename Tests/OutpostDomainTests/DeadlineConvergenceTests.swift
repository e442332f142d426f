import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// Deadlines converge (`docs/ARCHITECTURE.md`, "Deadlines" and "Convergence"): random workflow
/// steps on a few cases and random calendar and policy changes at two or three stations, the
/// changes then delivered to two fresh replicas in different random orders and batches; every
/// case's deadlines must be equal on both, and equal to those of a station that received
/// everything through ordinary syncs.
///
/// `OUTPOST_SCHEDULES` sets how many seeded schedules run (default 30); `OUTPOST_SEED` replays one.
@Suite struct DeadlineConvergenceTests {
    @Test func replicasWithTheSameChangesInAnyOrderShowTheSameDeadlines() throws {
        let environment = ProcessInfo.processInfo.environment
        let seeds: [UInt64] =
            if let seed = environment["OUTPOST_SEED"].flatMap({ UInt64($0) }) {
                [seed]
            } else {
                Array(1...UInt64(environment["OUTPOST_SCHEDULES"].flatMap { Int($0) } ?? 30))
            }
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var clocks = 0
        var states = Set<Deadline.State>()
        var calendarChanged = false
        for seed in seeds {
            let directory = root.appendingPathComponent("\(seed)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                var schedule = try DeadlineSchedule(seed: seed, directory: directory)
                try schedule.run()
                let result = try schedule.check()
                for failure in result.failures { Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(failure)") }
                if !result.failures.isEmpty { return }
                clocks += result.clocks
                states.formUnion(result.states)
                calendarChanged = calendarChanged || result.calendarChanged
            } catch {
                Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(error)")
                return
            }
            try? FileManager.default.removeItem(at: directory)
        }
        print("deadline convergence: \(seeds.count) schedules, \(clocks) clocks compared, states reached \(states.map(\.rawValue).sorted())")
        // The schedules must reach what they are meant to compare.
        #expect(clocks > 0)
        if seeds.count >= 10 {
            #expect(states == [.running, .paused, .met, .metLate, .breached], "states reached: \(states)")
            #expect(calendarChanged, "no schedule changed the calendar")
        }
    }
}

/// One random schedule: stations working on cases and changing the calendar and the policy, with
/// syncs between them now and then.
struct DeadlineSchedule {
    var random: SplitMix64
    let clock: ManualClock
    let directory: URL
    var stations: [TestDesk] = []
    var numbers: [String] = []
    var calendarChanged = false

    static let codes = ["SZ01", "GZ02", "BJ03"]
    static let kinds: [(kind: String, service: String?)] = [
        ("complaint", nil), ("consultation", nil), ("after-sales", "repair"), ("after-sales", "replacement"), ("after-sales", "return"),
        ("feedback", nil),
    ]
    static let channels = ["phone", "email", "web", "social", "walk-in", "on-site", "fax"]
    static let severities = ["normal", "urgent", "critical"]
    static let steps: [Step] = [
        .received, .diagnosed, .quoteApproved, .repaired, .tested, .handedBack, .conditionsConfirmed, .passed, .failed, .voucher, .shipped,
        .refunded,
    ]
    static let budgets = ["1h", "2h", "8h", "24h", "90m", "1wd", "2wd", "3wd", "5wd"]
    static let units: [String?] = [nil, "elapsed", "business-hours"]

    init(seed: UInt64, directory: URL) throws {
        random = SplitMix64(seed: seed)
        self.directory = directory
        clock = ManualClock(NationalDay.at("2026-09-21 09:00"))
        let count = Int.random(in: 2...3, using: &random)
        let founder = try NationalDay.desk(Self.codes[0], in: directory, seed: random.next(), clock: clock, calendar: false)
        stations.append(founder)
        for code in Self.codes[1..<count] {
            let station = try TestDesk(code, in: directory, seed: random.next(), clock: clock)
            try founder.send(to: station)
            stations.append(station)
        }
        clock.set(NationalDay.at("2026-09-25 09:00"))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func run() throws {
        for _ in 0..<Int.random(in: 30...60, using: &random) {
            clock.advance(by: UInt64(Int.random(in: 0...360, using: &random)) * 60_000)
            let index = Int.random(in: 0..<stations.count, using: &random)
            let desk = stations[index]
            if numbers.isEmpty || chance(12) {
                try Self.refusalsAllowed { try open(at: desk) }
            } else if chance(10) {
                try Self.refusalsAllowed { try changeCalendarOrPolicy(at: desk) }
            } else if chance(12) {
                let other = Int.random(in: 0..<stations.count, using: &random)
                if other != index { try desk.send(to: stations[other]) }
            } else {
                let number = pick(numbers)
                try Self.refusalsAllowed { try work(on: number, at: desk) }
            }
        }
    }

    /// Runs a step a clerk may be refused (the case is not known here yet, the workflow does not
    /// allow it now): refusals are part of the schedule, anything else fails it.
    static func refusalsAllowed(_ step: () throws -> Void) throws {
        do { try step() } catch is DomainError {}
    }

    mutating func open(at desk: TestDesk) throws {
        let (kind, service) = pick(Self.kinds)
        let today = NationalDay.time.date(at: clock.now())
        numbers.append(
            try desk.open(
                "13800138000", kind: kind, channel: pick(Self.channels), severity: pick(Self.severities), service: service,
                purchased: service == "return" ? LocalDate(daysSince1970: today.daysSince1970 - 2).description : nil))
    }

    mutating func changeCalendarOrPolicy(at desk: TestDesk) throws {
        let book = PolicyBook(store: desk.store)
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<5:
            let first = NationalDay.at("2026-09-26 12:00") + UInt64(Int.random(in: 0..<25, using: &random)) * 86_400_000
            let date = NationalDay.time.date(at: first)
            let days = Int.random(in: 0...3, using: &random)
            let range = days == 0 ? date.description : "\(date)..\(LocalDate(daysSince1970: date.daysSince1970 + Int64(days)))"
            try book.mark(range, as: pick(["holiday", "holiday", "workday", "usual"]), name: pick([nil, "国庆节", "调休"]), by: "周经理")
            calendarChanged = true
        case 5..<9:
            let rule = pick(SLARule.defaults).id
            _ = try book.setRule(
                rule, within: chance(80) ? pick(Self.budgets) : nil, unit: pick(Self.units), applies: chance(85), by: "周经理")
        default:
            try book.setHours(
                days: pick(["mon-fri", "mon-sat", "mon,wed,fri"]), hours: pick(["09:00-18:00", "08:30-17:30", "10:00-16:00"]), by: "周经理")
            calendarChanged = true
        }
    }

    mutating func work(on number: String, at desk: TestDesk) throws {
        let cases = desk.cases
        let time = NationalDay.time
        switch Int.random(in: 0..<22, using: &random) {
        case 0, 1: try cases.contact(number, channel: "phone", outcome: pick(["reached", "reached", "no-answer"]), by: "王芳")
        case 2: try cases.note(number, "请提供订单号", toCustomer: true, by: "王芳")
        case 3, 4: try cases.wait(number, reason: "等客户回复", by: "王芳")
        case 5, 6: try cases.resume(number, by: "王芳")
        case 7: try cases.resolve(number, by: "王芳")
        case 8: try cases.close(number, override: chance(50) ? "客户失联" : nil, by: "李组长")
        case 9: try cases.reopen(number, reason: "客户又来电", by: "王芳")
        case 10:
            try cases.solution(number, "退还差价", accepted: pick([nil, "yes", "no"]), by: "王芳")
        case 11: try cases.solution(number, "责任部门的方案", obtained: true, by: "张伟")
        case 12:
            let due = chance(60) ? time.text(clock.now() + UInt64(Int.random(in: 1...96, using: &random)) * 3_600_000) : nil
            try cases.assign(number, to: pick(["张伟", "王芳"]), department: pick([nil, "质量部"]), due: due, by: "王芳")
        case 13: try cases.escalate(number, tier: pick(["2", "3"]), reason: "一线无法解决", to: chance(30) ? "张伟" : nil, by: "王芳")
        case 14: try cases.take(number, by: "张伟")
        case 15: try cases.record(pick([.warned, .reported]), number, by: "王芳")
        case 16, 17:
            let service = try cases.locate(number).service ?? "repair"
            try pick(Self.steps).take(number, on: desk, service: service)
        case 18: try cases.survey(number, score: Int.random(in: 1...5, using: &random), by: "王芳")
        case 19: try cases.revisit(number, outcome: "已回访", by: "王芳")
        case 20:
            var changes = CaseChanges()
            changes.complex = pick(["yes", "no"])
            try cases.edit(number, changes, by: "李组长")
        default:
            var changes = CaseChanges()
            changes.severity = pick(Self.severities)
            try cases.edit(number, changes, by: "王芳")
        }
    }

    /// The clocks two readings disagree on, one line each.
    static func difference(_ a: Deadlines, _ b: Deadlines) -> String {
        func lines(_ deadlines: Deadlines) -> [String] {
            deadlines.items.map { item in
                "\(item.rule): due \(NationalDay.text(item.due) ?? "-"), \(item.state.rawValue), met \(NationalDay.text(item.metAt) ?? "-"), "
                    + "left \(item.left.map(String.init) ?? "-"), late \(item.late.map(String.init) ?? "-"), paused with \(item.pausedLeft?.description ?? "-")"
            }
        }
        let (left, right) = (lines(a), lines(b))
        return (left.filter { !right.contains($0) }.map { "  - " + $0 } + right.filter { !left.contains($0) }.map { "  + " + $0 })
            .joined(separator: "\n")
    }

    static func rows(_ table: String, of desk: TestDesk) throws -> [String] {
        try desk.store.rows(of: table).map { $0.map(\.description).joined(separator: "|") }
    }

    struct Result {
        var failures: [String] = []
        var clocks = 0
        var states = Set<Deadline.State>()
        var calendarChanged = false
    }

    /// Delivers every change to two fresh replicas in two random orders and batchings, and to the
    /// first station through syncs; then compares every case's deadlines at a random later time.
    mutating func check() throws -> Result {
        var everything = [ChangeID: OutpostCore.Change]()
        for station in stations {
            for change in try station.store.loggedChanges() { everything[change.id] = change }
        }
        let all = everything.values.sorted { $0.id < $1.id }
        var replicas = [TestDesk]()
        for (index, code) in ["RA01", "RB02"].enumerated() {
            let replica = try TestDesk(code, in: directory, seed: random.next() &+ UInt64(index), clock: clock)
            var changes = all.shuffled(using: &random)
            while !changes.isEmpty {
                let size = Int.random(in: 1...max(1, min(changes.count, 25)), using: &random)
                try replica.store.apply(Array(changes.prefix(size)))
                changes.removeFirst(size)
            }
            replicas.append(replica)
        }
        for station in stations.dropFirst() {
            try station.send(to: stations[0])
        }
        clock.advance(by: UInt64(Int.random(in: 0...(10 * 24 * 60), using: &random)) * 60_000)

        var result = Result(calendarChanged: calendarChanged)
        let (first, second) = (replicas[0], replicas[1])
        let synced = stations[0]
        for table in ["cases", "case_events", "calendar_days", "work_week", "sla_rules"] {
            if try Self.rows(table, of: first) != Self.rows(table, of: second) {
                result.failures.append("the replicas hold different \(table)")
            }
        }
        for number in numbers {
            guard (try? synced.cases.locate(number)) != nil else { continue }
            let a = try first.deadlines(number)
            let b = try second.deadlines(number)
            let c = try synced.deadlines(number)
            if a != b { result.failures.append("case \(number): the replicas differ\n" + Self.difference(a, b)) }
            if a != c { result.failures.append("case \(number): a replica and the synced station differ\n" + Self.difference(a, c)) }
            result.clocks += a.items.count
            result.states.formUnion(a.items.map(\.state))
        }
        return result
    }
}
