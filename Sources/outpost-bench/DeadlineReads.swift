import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore

/// The deadline reads (`outpost today`, `outpost case list --overdue`) over the observer's copy of
/// the load and edits.
///
/// The workload's cases carry no workflow events, and every one was created within the run's
/// first minute, so their clocks would all start together and only the first-contact rules would
/// apply. Before measuring, each case gets an arrival spread over the last two weeks and the events
/// a desk would have recorded for its current status, kind and tier (opening, contacts, status
/// steps, after-sales milestones, complaint assignments and solutions, escalations, agreed
/// deadlines, surveys and revisits), backdated with `at` since the store stamps `created` itself.
/// The reads then run at one fixed instant, so every run computes the same clocks.
struct DeadlineReads {
    let store: StationStore
    let seed: UInt64
    /// How many times each read runs; the median is reported.
    static let runs = 3
    /// The statuses `case list` and `today` consider by default (all but closed).
    static let openStatuses = ["new", "in-progress", "waiting", "resolved"]

    /// How many cases change between the warm reads and the read after edits: a sync's worth.
    static let touched = 500

    struct Result {
        /// `today` with the deadline cache empty: every case's clocks computed and stored.
        var todayCold: Double
        /// `today` and `case list --overdue` with the cache filled.
        var today: Double
        var overdue: Double
        /// `today` after `touched` cases got an event: their entries computed again.
        var todayAfterEdits: Double
        var baseline: Double
        var considered: Int
        var overdueCount: Int
        var eventsAdded: Int
    }

    /// Adds the history, then times the reads and the baseline; returns medians in seconds.
    func run() throws -> Result {
        let eventsAdded = try addHistory(now: StationStore.systemMilliseconds())
        // After the history: the events without `at` happened when they were recorded.
        let now = StationStore.systemMilliseconds()
        let clock: @Sendable () -> UInt64 = { now }
        let statuses = Self.openStatuses.map { "'\($0)'" }.joined(separator: ", ")
        var considered = 0
        let baseline = try median {
            considered = Int(try store.records("SELECT count(*) AS n FROM cases WHERE status IN (\(statuses))").first?["n"].integer ?? 0)
        }
        let queue = TodayQueue(store: store, clock: clock)
        try store.dropCaseClocks()
        let todayCold = try measure { _ = try queue.report(for: nil) }
        let today = try median { _ = try queue.report(for: nil) }
        var filter = CaseFilter()
        filter.overdue = true
        var overdueCount = 0
        let overdue = try median { overdueCount = try CaseBook(store: store, clock: clock).list(filter).total }
        try touch(now: now)
        let todayAfterEdits = try measure { _ = try queue.report(for: nil) }
        return Result(
            todayCold: todayCold, today: today, overdue: overdue, todayAfterEdits: todayAfterEdits, baseline: baseline,
            considered: considered, overdueCount: overdueCount, eventsAdded: eventsAdded)
    }

    private func median(_ body: () throws -> Void) throws -> Double {
        var times = [Double]()
        for _ in 0..<Self.runs { times.append(try measure(body)) }
        return times.sorted()[times.count / 2]
    }

    /// Records a note on `touched` cases not closed, as a sync bringing their changes would.
    private func touch(now: UInt64) throws {
        let ids = try store.records("SELECT id FROM cases WHERE status <> 'closed' ORDER BY id LIMIT ?", [.integer(Int64(Self.touched))])
        try store.write(as: "bench-desk") { write in
            for id in ids.compactMap({ $0["id"].text }) {
                try write.create("case_events", [Field("case_id", .text(id)), Field("kind", .text("note")), Field("body", .text("顾客来电询问进度"))])
            }
        }
    }

    /// Gives every case an arrival and the events of its history so far; returns the events added.
    private func addHistory(now: UInt64) throws -> Int {
        let cases = try store.records("SELECT id, status, kind, service, severity, tier FROM cases ORDER BY id")
        var random = SplitMix64(seed: seed &+ 17)
        var added = 0
        for chunk in cases.chunked(OutpostSide.localBatch) {
            added += try store.write(as: "bench-desk") { write in
                var count = 0
                for row in chunk {
                    guard let id = row["id"].text, let rowID = write.rowID(id) else { continue }
                    let arrival = now - UInt64.random(in: 0..<(14 * 86_400_000), using: &random)
                    try write.set("cases", rowID, "received_at", .integer(Int64(arrival)))
                    for event in Self.history(of: row, arrival: arrival, now: now, using: &random) {
                        try write.create("case_events", [Field("case_id", .text(id))] + event)
                        count += 1
                    }
                }
                return count
            }
        }
        return added
    }

    /// The events a desk would have recorded for a case in its current state, in order, each at
    /// a later instant than the one before and none after `now`.
    static func history(of row: Record, arrival: UInt64, now: UInt64, using random: inout SplitMix64) -> [[Field]] {
        let status = row["status"].text ?? "new"
        let kind = row["kind"].text
        let service = row["service"].text
        var time = arrival
        /// Some time later: a random share of what is left before `now`, at most a day and a half.
        func later() -> Int64 {
            let left = now - time
            time += UInt64(Double(min(left, 36 * 3_600_000)) * Double.random(in: 0.05..<0.5, using: &random))
            return Int64(time)
        }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        func event(_ kind: String, _ fields: [Field] = []) -> [Field] { [Field("kind", .text(kind)), Field("at", .integer(Int64(time)))] + fields }
        /// An assignment's `at` is the deadline agreed with it, not when it happened: it stays
        /// at its recording time (the bench's now) unless a deadline is agreed.
        func assignment(_ fields: [Field]) -> [Field] { [Field("kind", .text("assignment"))] + fields }
        func step(_ status: String, _ outcome: String) -> [Field] {
            event("status", [Field("status", .text(status)), Field("outcome", .text(outcome))])
        }
        func milestone(_ step: String, _ extra: [Field] = []) -> [Field] {
            _ = later()
            return event("milestone", [Field("outcome", .text(step))] + extra)
        }
        var events = [step("new", "open")]
        let worked = status != "new"
        if worked || chance(50) {
            _ = later()
            let reached = worked || chance(50)
            events.append(event("contact", [Field("channel", .text("phone")), Field("outcome", .text(reached ? "reached" : "no-answer"))]))
        }
        guard worked else { return events }
        events.append(step("in-progress", "start"))
        let finished = status == "resolved" || status == "closed"
        switch (kind, service) {
        case ("after-sales", "repair"?):
            events.append(milestone("received"))
            if finished || chance(30) { events.append(milestone("handed-back")) }
        case ("after-sales", "replacement"?):
            events.append(milestone("conditions-confirmed"))
            events.append(milestone("received"))
            if finished || chance(40) { events.append(milestone("voucher-issued")) }
            if finished { events.append(milestone("shipped")) }
        case ("after-sales", "return"?):
            events.append(milestone("received"))
            events.append(milestone("inspected", [Field("passed", .integer(1))]))
            if finished { events.append(milestone("refunded")) }
        case ("complaint", _):
            if chance(40) {
                _ = later()
                events.append(assignment([Field("assignee", .text("责任部门")), Field("body", .text("质量部"))]))
                if finished || chance(50) {
                    _ = later()
                    events.append(event("solution", [Field("body", .text("更换新品")), Field("outcome", .text("obtained"))]))
                }
            }
            if finished {
                _ = later()
                events.append(event("solution", [Field("body", .text("为顾客更换新品并补偿运费"))]))
            }
        default: break
        }
        if (row["tier"].integer ?? 1) > 1 {
            _ = later()
            events.append(event("escalation", [Field("tier", .integer(row["tier"].integer!)), Field("body", .text("需要二线支持"))]))
            if chance(60) {
                _ = later()
                events.append(assignment([Field("assignee", .text("李娜"))]))
            }
        }
        if chance(10) {
            _ = later()
            events.append(assignment([Field("assignee", .text("王伟")), Field("at", .integer(Int64(time + 2 * 86_400_000)))]))
        }
        switch status {
        case "waiting":
            _ = later()
            events.append(step("waiting", "wait"))
        case "resolved", "closed":
            _ = later()
            events.append(step("resolved", "resolve"))
            guard status == "closed" else { break }
            _ = later()
            events.append(step("closed", "close"))
            if chance(50) {
                _ = later()
                events.append(event("survey", [Field("score", .integer(Int64.random(in: 3...5, using: &random)))]))
            }
            if kind == "complaint", chance(50) {
                _ = later()
                events.append(event("revisit", [Field("body", .text("顾客满意"))]))
            }
        default: break
        }
        return events
    }
}
