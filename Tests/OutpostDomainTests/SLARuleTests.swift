import Foundation
import OutpostCore
import OutpostDomain
import OutpostStore
import OutpostTestSupport
import Testing

/// The 2026 National Day week as a manager marks it on the calendar: holidays 2026-10-01..08,
/// extra working days Sunday 2026-09-27 and Saturday 2026-10-10, Monday–Friday 09:00–18:00 in
/// Asia/Shanghai. 2026-09-30 is a Wednesday; the working days after it are 10-09 (Friday), 10-10
/// (Saturday), 10-12, 10-13, 10-14, 10-15, 10-16, 10-19.
enum NationalDay {
    static let time = StationTime(zoneIdentifier: "Asia/Shanghai")

    /// A local time in Asia/Shanghai, `YYYY-MM-DD HH:MM`.
    static func at(_ text: String) -> UInt64 {
        time.parse(text, today: LocalDate(year: 2026, month: 1, day: 1)!)!
    }

    /// An instant as a local time, `YYYY-MM-DD HH:MM`.
    static func text(_ instant: UInt64?) -> String? { instant.map(time.text) }

    /// Marks the week's holidays and extra working days, as `manager`.
    static func mark(on desk: TestDesk, by manager: String = "周经理") throws {
        let book = PolicyBook(store: desk.store)
        try book.mark("2026-10-01..2026-10-08", as: "holiday", name: "国庆节", by: manager)
        try book.mark("2026-09-27", as: "workday", name: "调休", by: manager)
        try book.mark("2026-10-10", as: "workday", name: "调休", by: manager)
    }

    /// A station whose clock starts on Monday 2026-09-21 09:00, with a manager (周经理), a lead
    /// of tier 2 (李组长), clerks of tiers 1 (王芳) and 2 (张伟), a customer (13800138000), and,
    /// unless `calendar` is false, the National Day week marked.
    static func desk(
        _ code: String = "SZ01", in directory: URL? = nil, seed: UInt64 = 1, clock: ManualClock? = nil, calendar: Bool = true
    ) throws -> TestDesk {
        let desk = try TestDesk(code, in: directory, seed: seed, clock: clock ?? ManualClock(at("2026-09-21 09:00")))
        try desk.staff.add("周经理", role: "manager", by: "开站")
        try desk.staff.add("李组长", role: "lead", tier: "2", by: "周经理")
        try desk.staff.add("王芳", role: "clerk", tier: "1", by: "周经理")
        try desk.staff.add("张伟", role: "clerk", tier: "2", by: "周经理")
        try desk.customer("李雷", phone: "13800138000")
        if calendar { try mark(on: desk) }
        return desk
    }
}

extension TestDesk {
    /// Moves the hand-driven clock forward to a local time.
    func at(_ text: String) throws {
        let instant = NationalDay.at(text)
        try #require(instant >= clock.now(), "the clock only moves forward: \(text)")
        clock.set(instant)
    }

    /// Every clock of a case now.
    func deadlines(_ number: String) throws -> Deadlines {
        try cases.deadlines(of: try cases.locate(number), try cases.clocks())
    }

    /// One clock of a case now, or nil when the rule does not apply or has not started.
    func deadline(_ number: String, _ rule: String) throws -> Deadline? {
        try deadlines(number).items.first { $0.rule == rule }
    }

    /// Opens a case for the customer 13800138000 at a local time; returns its number.
    func open(
        at time: String, kind: String = "complaint", channel: String = "phone", severity: String = "normal", service: String? = nil,
        purchased: String? = nil
    ) throws -> String {
        try at(time)
        return try open("13800138000", kind: kind, channel: channel, severity: severity, service: service, purchased: purchased)
    }

    /// A contact at a local time.
    func contact(_ number: String, at time: String, _ outcome: String = "reached") throws {
        try at(time)
        try cases.contact(number, channel: "phone", outcome: outcome, by: "王芳")
    }

    /// An after-sales step at a local time.
    func step(_ step: Step, _ number: String, at time: String, service: String) throws {
        try at(time)
        try step.take(number, on: self, service: service)
    }
}

/// Every rule of `SLARule.defaults` on real cases through `CaseBook`, across the National Day
/// week: a case it applies to, the event that starts it, its due time computed by hand (local
/// time in Asia/Shanghai), the event that meets it, and the state read at a given moment.
@Suite struct SLARuleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var rule: String
        var story: String
        /// When the clock is due; nil while paused.
        var due: String?
        var state: Deadline.State
        var metAt: String?
        /// When the clocks are read.
        var now: String
        /// What is left of a paused clock.
        var pausedLeft: ClockBudget?
        /// Plays the case on a National Day desk and returns its number.
        var play: @Sendable (TestDesk) throws -> String

        init(
            _ rule: String, _ story: String, due: String?, _ state: Deadline.State, metAt: String? = nil, now: String,
            pausedLeft: ClockBudget? = nil, play: @escaping @Sendable (TestDesk) throws -> String
        ) {
            self.rule = rule
            self.story = story
            self.due = due
            self.state = state
            self.metAt = metAt
            self.now = now
            self.pausedLeft = pausedLeft
            self.play = play
        }

        var testDescription: String { "\(rule): \(story)" }
    }

    static let rows: [Row] = [
        // First contact: elapsed hours from arrival, met by the first contact that reached the customer.
        Row(
            "first-contact-normal", "consultation 09-30 10:00, reached 10-01 09:30: 24 h elapsed run through the holiday",
            due: "2026-10-01 10:00", .met, metAt: "2026-10-01 09:30", now: "2026-10-02 09:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
            try desk.contact(number, at: "2026-10-01 09:30")
            return number
        },
        Row(
            "first-contact-normal", "no answer 11:00, waiting on the customer 11:05–15:05, reached 10-01 13:30: the 4 h wait is added",
            due: "2026-10-01 14:00", .met, metAt: "2026-10-01 13:30", now: "2026-10-01 15:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
            try desk.contact(number, at: "2026-09-30 11:00", "no-answer")
            try desk.at("2026-09-30 11:05")
            try desk.cases.wait(number, reason: "等客户回电", by: "王芳")
            try desk.at("2026-09-30 15:05")
            try desk.cases.resume(number, by: "王芳")
            try desk.contact(number, at: "2026-10-01 13:30")
            return number
        },
        Row(
            "first-contact-normal", "waiting on the customer since 11:05 and still waiting: paused with 22 h 55 min left",
            due: nil, .paused, now: "2026-10-02 10:00", pausedLeft: ClockBudget(.elapsed, (22 * 60 + 55) * 60_000)
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
            try desk.contact(number, at: "2026-09-30 11:00", "no-answer")
            try desk.at("2026-09-30 11:05")
            try desk.cases.wait(number, reason: "等客户回电", by: "王芳")
            return number
        },
        Row(
            "first-contact-urgent", "urgent consultation 09-30 10:00, reached 19:00: 8 h", due: "2026-09-30 18:00", .metLate,
            metAt: "2026-09-30 19:00", now: "2026-10-01 10:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation", severity: "urgent")
            try desk.contact(number, at: "2026-09-30 19:00")
            return number
        },
        Row(
            "first-contact-critical", "critical consultation 09-30 16:00, nobody reached by 21:00: 4 h", due: "2026-09-30 20:00", .breached,
            now: "2026-09-30 21:00"
        ) { desk in try desk.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical") },
        // Keeping the customer in the loop: from the latest contact that reached them, until resolved.
        Row(
            "keep-in-loop-urgent", "urgent, reached 09-30 11:00: the next working day's close is after the holidays",
            due: "2026-10-09 18:00", .running, now: "2026-10-09 12:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation", severity: "urgent")
            try desk.contact(number, at: "2026-09-30 11:00")
            return number
        },
        Row(
            "keep-in-loop-urgent", "urgent, reached 09-30 11:00, resolved 10-09 17:00", due: "2026-10-09 18:00", .met,
            metAt: "2026-10-09 17:00", now: "2026-10-09 18:30"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation", severity: "urgent")
            try desk.contact(number, at: "2026-09-30 11:00")
            try desk.at("2026-10-09 17:00")
            try desk.cases.resolve(number, by: "王芳")
            return number
        },
        Row(
            "keep-in-loop-urgent", "urgent, opened Tuesday 09-29 10:00 and never reached: due at Wednesday's close",
            due: "2026-09-30 18:00", .breached, now: "2026-10-02 10:00"
        ) { desk in try desk.open(at: "2026-09-29 10:00", kind: "consultation", severity: "urgent") },
        Row(
            "keep-in-loop-critical", "critical, reached 09-30 17:00: 1 working hour that day, 3 more from 10-09 09:00",
            due: "2026-10-09 12:00", .running, now: "2026-10-09 11:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical")
            try desk.contact(number, at: "2026-09-30 17:00")
            return number
        },
        // After-sales.
        Row(
            "after-sales-response", "walk-in repair 09-30 10:00, reached 11:00: 2 h", due: "2026-09-30 12:00", .met,
            metAt: "2026-09-30 11:00", now: "2026-09-30 13:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
            try desk.contact(number, at: "2026-09-30 11:00")
            return number
        },
        Row(
            "repair", "repair requested 09-30 10:00, handed back 10-14 17:00: 5 working days (10-09, 10, 12, 13, 14)",
            due: "2026-10-14 18:00", .met, metAt: "2026-10-14 17:00", now: "2026-10-15 10:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
            try desk.step(.received, number, at: "2026-09-30 11:00", service: "repair")
            try desk.step(.quoteApproved, number, at: "2026-10-09 10:00", service: "repair")
            try desk.step(.repaired, number, at: "2026-10-12 10:00", service: "repair")
            try desk.step(.tested, number, at: "2026-10-13 10:00", service: "repair")
            try desk.step(.handedBack, number, at: "2026-10-14 17:00", service: "repair")
            return number
        },
        Row(
            "repair", "waiting on the customer 10-09 12:00–10-12 10:00: the closes of 10-09 and 10-10 do not count",
            due: "2026-10-16 18:00", .breached, now: "2026-10-16 19:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
            try desk.step(.received, number, at: "2026-09-30 11:00", service: "repair")
            try desk.at("2026-10-09 12:00")
            try desk.cases.wait(number, reason: "等客户确认", by: "王芳")
            try desk.at("2026-10-12 10:00")
            try desk.cases.resume(number, by: "王芳")
            return number
        },
        Row(
            "repair-warning", "repair requested 09-30 10:00, customer warned 10-13 10:00: 4 working days", due: "2026-10-13 18:00", .met,
            metAt: "2026-10-13 10:00", now: "2026-10-13 12:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", channel: "walk-in", service: "repair")
            try desk.at("2026-10-13 10:00")
            try desk.cases.record(.warned, number, note: "配件缺货", by: "王芳")
            return number
        },
        Row(
            "replacement-confirm", "replacement asked 09-30 10:00, conditions confirmed Saturday 10-10 11:00 (an extra working day)",
            due: "2026-10-10 18:00", .met, metAt: "2026-10-10 11:00", now: "2026-10-12 09:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", service: "replacement")
            try desk.step(.conditionsConfirmed, number, at: "2026-10-10 11:00", service: "replacement")
            return number
        },
        Row(
            "replacement-voucher", "faulty product received 09-30 15:00, voucher issued 10-12 10:00: 2 working days",
            due: "2026-10-10 18:00", .metLate, metAt: "2026-10-12 10:00", now: "2026-10-12 11:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", service: "replacement")
            try desk.step(.conditionsConfirmed, number, at: "2026-09-30 11:00", service: "replacement")
            try desk.step(.received, number, at: "2026-09-30 15:00", service: "replacement")
            try desk.step(.passed, number, at: "2026-10-09 10:00", service: "replacement")
            try desk.step(.voucher, number, at: "2026-10-12 10:00", service: "replacement")
            return number
        },
        Row(
            "replacement-ship", "faulty product received 09-30 15:00, new one shipped 10-14 16:00: 5 working days",
            due: "2026-10-14 18:00", .met, metAt: "2026-10-14 16:00", now: "2026-10-15 09:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "after-sales", service: "replacement")
            try desk.step(.conditionsConfirmed, number, at: "2026-09-30 11:00", service: "replacement")
            try desk.step(.received, number, at: "2026-09-30 15:00", service: "replacement")
            try desk.step(.passed, number, at: "2026-10-09 10:00", service: "replacement")
            try desk.step(.voucher, number, at: "2026-10-09 11:00", service: "replacement")
            try desk.step(.shipped, number, at: "2026-10-14 16:00", service: "replacement")
            return number
        },
        Row(
            "return-refund", "inspection passed 09-30 10:00, not yet refunded on 10-16 10:00: 7 working days", due: "2026-10-16 18:00",
            .running, now: "2026-10-16 10:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-29 10:00", kind: "after-sales", service: "return", purchased: "2026-09-25")
            try desk.step(.received, number, at: "2026-09-29 11:00", service: "return")
            try desk.step(.passed, number, at: "2026-09-30 10:00", service: "return")
            return number
        },
        Row(
            "return-finish", "return received Tuesday 09-29 11:00, refunded 10-15 17:00: 7 working days from 09-30",
            due: "2026-10-15 18:00", .met, metAt: "2026-10-15 17:00", now: "2026-10-16 10:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-29 10:00", kind: "after-sales", service: "return", purchased: "2026-09-25")
            try desk.step(.received, number, at: "2026-09-29 11:00", service: "return")
            try desk.step(.passed, number, at: "2026-09-30 10:00", service: "return")
            try desk.step(.refunded, number, at: "2026-10-15 17:00", service: "return")
            return number
        },
        // Complaints.
        Row(
            "complaint-response-phone", "phone complaint 09-30 10:00, a message to the customer 11:00: 2 h", due: "2026-09-30 12:00",
            .met, metAt: "2026-09-30 11:00", now: "2026-09-30 13:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00")
            try desk.at("2026-09-30 11:00")
            try desk.cases.note(number, "已收到您的投诉，正在处理", toCustomer: true, by: "王芳")
            return number
        },
        Row(
            "complaint-solution-phone", "phone complaint 09-30 10:00, solution offered 10-01 11:00: 24 h elapsed", due: "2026-10-01 10:00",
            .metLate, metAt: "2026-10-01 11:00", now: "2026-10-01 12:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00")
            try desk.at("2026-10-01 11:00")
            try desk.cases.solution(number, "退还差价", by: "王芳")
            return number
        },
        Row(
            "complaint-response-online", "email complaint 09-30 17:30, no response by 19:00: 1 h", due: "2026-09-30 18:30", .breached,
            now: "2026-09-30 19:00"
        ) { desk in try desk.open(at: "2026-09-30 17:30", channel: "email") },
        Row(
            "complaint-solution-online", "web complaint 09-30 10:00, waiting 11:00–13:00, solution 10-02 11:00: 48 h plus the 2 h wait",
            due: "2026-10-02 12:00", .met, metAt: "2026-10-02 11:00", now: "2026-10-02 13:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", channel: "web")
            try desk.contact(number, at: "2026-09-30 10:30")
            try desk.at("2026-09-30 11:00")
            try desk.cases.wait(number, reason: "等客户提供订单截图", by: "王芳")
            try desk.at("2026-09-30 13:00")
            try desk.cases.resume(number, by: "王芳")
            try desk.at("2026-10-02 11:00")
            try desk.cases.solution(number, "补发配件", by: "王芳")
            return number
        },
        Row(
            "complaint-report-walk-in", "walk-in complaint 09-30 10:00, reported to customer service 11:30: 2 h", due: "2026-09-30 12:00",
            .met, metAt: "2026-09-30 11:30", now: "2026-09-30 13:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", channel: "walk-in")
            try desk.at("2026-09-30 11:30")
            try desk.cases.record(.reported, number, note: "已电话上报客服部", by: "王芳")
            return number
        },
        Row(
            "complaint-solution-walk-in", "on-site complaint 09-30 10:00, no solution yet at 20:00: 24 h", due: "2026-10-01 10:00", .running,
            now: "2026-09-30 20:00"
        ) { desk in try desk.open(at: "2026-09-30 10:00", channel: "on-site") },
        Row(
            "complaint-complex", "phone complaint 09-30 10:00 marked complex by a lead at 10:30, solution 10-16 15:00: 7 working days",
            due: "2026-10-16 18:00", .met, metAt: "2026-10-16 15:00", now: "2026-10-19 09:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00")
            try desk.at("2026-09-30 10:30")
            var changes = CaseChanges()
            changes.complex = "yes"
            try desk.cases.edit(number, changes, by: "李组长")
            try desk.at("2026-10-16 15:00")
            try desk.cases.solution(number, "更换整机并补偿", by: "李组长")
            return number
        },
        Row(
            "complaint-department", "assigned to 质量部 09-30 14:00, its solution obtained 10-02 15:00: 48 h", due: "2026-10-02 14:00",
            .metLate, metAt: "2026-10-02 15:00", now: "2026-10-02 16:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00")
            try desk.at("2026-09-30 14:00")
            try desk.cases.assign(number, to: "张伟", department: "质量部", by: "王芳")
            try desk.at("2026-10-02 15:00")
            try desk.cases.solution(number, "质量部同意换新", obtained: true, by: "张伟")
            return number
        },
        // Any case.
        Row(
            "answer-customer", "solution obtained 09-30 15:00, offered to the customer 10-03 14:00: 3 days", due: "2026-10-03 15:00", .met,
            metAt: "2026-10-03 14:00", now: "2026-10-03 16:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
            try desk.at("2026-09-30 15:00")
            try desk.cases.solution(number, "技术部给出的设置步骤", obtained: true, by: "王芳")
            try desk.at("2026-10-03 14:00")
            try desk.cases.solution(number, "按以下步骤设置", by: "王芳")
            return number
        },
        Row(
            "escalation-take", "escalated to tier 2 without a receiver 09-30 17:00, taken 18:30: 2 h", due: "2026-09-30 19:00", .met,
            metAt: "2026-09-30 18:30", now: "2026-09-30 20:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 16:00", kind: "consultation")
            try desk.at("2026-09-30 17:00")
            try desk.cases.escalate(number, tier: "2", reason: "一线无法解决", by: "王芳")
            try desk.at("2026-09-30 18:30")
            try desk.cases.take(number, by: "张伟")
            return number
        },
        Row(
            "escalation-take", "escalated 09-30 17:00, nobody took it by 19:30", due: "2026-09-30 19:00", .breached, now: "2026-09-30 19:30"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 16:00", kind: "consultation")
            try desk.at("2026-09-30 17:00")
            try desk.cases.escalate(number, tier: "2", reason: "一线无法解决", by: "王芳")
            return number
        },
        Row(
            "agreed-due", "assigned 09-30 10:30 with --due 2026-10-09 12:00, resolved 10-09 13:00", due: "2026-10-09 12:00", .metLate,
            metAt: "2026-10-09 13:00", now: "2026-10-09 14:00"
        ) { desk in
            let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
            try desk.at("2026-09-30 10:30")
            try desk.cases.assign(number, to: "张伟", due: "2026-10-09 12:00", by: "王芳")
            try desk.contact(number, at: "2026-10-09 10:00")
            try desk.at("2026-10-09 13:00")
            try desk.cases.resolve(number, by: "张伟")
            return number
        },
        // After closing: these clocks never pause, and restart at the latest closing.
        Row(
            "survey", "closed 09-30 17:00, surveyed 10-01 10:00: 24 h", due: "2026-10-01 17:00", .met, metAt: "2026-10-01 10:00",
            now: "2026-10-01 18:00"
        ) { desk in
            let number = try SLARuleTests.closedConsultation(desk)
            try desk.at("2026-10-01 10:00")
            try desk.cases.survey(number, score: 5, by: "王芳")
            return number
        },
        Row(
            "survey", "surveyed 10-01, reopened 10-09 10:00, closed again 15:00: the earlier survey does not meet the new clock",
            due: "2026-10-10 15:00", .breached, now: "2026-10-10 16:00"
        ) { desk in
            let number = try SLARuleTests.closedConsultation(desk)
            try desk.at("2026-10-01 10:00")
            try desk.cases.survey(number, score: 4, by: "王芳")
            try desk.at("2026-10-09 10:00")
            try desk.cases.reopen(number, reason: "客户又来电", by: "王芳")
            try desk.at("2026-10-09 14:00")
            try desk.cases.resolve(number, by: "王芳")
            try desk.at("2026-10-09 15:00")
            try desk.cases.close(number, by: "王芳")
            return number
        },
        Row(
            "revisit", "complaint closed 09-30 17:00, revisited 10-12 17:00: 3 working days (10-09, 10-10, 10-12)", due: "2026-10-12 18:00",
            .met, metAt: "2026-10-12 17:00", now: "2026-10-13 09:00"
        ) { desk in
            let number = try SLARuleTests.closedComplaint(desk)
            try desk.at("2026-10-12 17:00")
            try desk.cases.revisit(number, outcome: "客户满意", by: "王芳")
            return number
        },
        Row(
            "revisit", "revisited 10-09 10:00, reopened 11:00, closed again 16:00: due 3 working days after 10-09",
            due: "2026-10-13 18:00", .running, now: "2026-10-12 12:00"
        ) { desk in
            let number = try SLARuleTests.closedComplaint(desk)
            try desk.at("2026-10-09 10:00")
            try desk.cases.revisit(number, outcome: "客户仍有疑问", by: "王芳")
            try desk.at("2026-10-09 11:00")
            try desk.cases.reopen(number, reason: "回访发现新问题", by: "王芳")
            try desk.at("2026-10-09 15:00")
            try desk.cases.resolve(number, by: "王芳")
            try desk.at("2026-10-09 16:00")
            try desk.cases.close(number, by: "王芳")
            return number
        },
    ]

    /// A consultation opened 09-30 10:00, reached 11:00, resolved 16:00, closed 17:00.
    static func closedConsultation(_ desk: TestDesk) throws -> String {
        let number = try desk.open(at: "2026-09-30 10:00", kind: "consultation")
        try desk.contact(number, at: "2026-09-30 11:00")
        try desk.at("2026-09-30 16:00")
        try desk.cases.resolve(number, by: "王芳")
        try desk.at("2026-09-30 17:00")
        try desk.cases.close(number, by: "王芳")
        return number
    }

    /// A phone complaint opened 09-30 10:00, reached 10:30, a solution accepted 11:00, resolved
    /// 16:00, closed 17:00.
    static func closedComplaint(_ desk: TestDesk) throws -> String {
        let number = try desk.open(at: "2026-09-30 10:00")
        try desk.contact(number, at: "2026-09-30 10:30")
        try desk.at("2026-09-30 11:00")
        try desk.cases.solution(number, "退还差价", accepted: "yes", by: "王芳")
        try desk.at("2026-09-30 16:00")
        try desk.cases.resolve(number, by: "王芳")
        try desk.at("2026-09-30 17:00")
        try desk.cases.close(number, by: "王芳")
        return number
    }

    @Test(arguments: rows)
    func theRuleStartsIsDueAndIsMetAsTheHandbookSays(row: Row) throws {
        let desk = try NationalDay.desk()
        let number = try row.play(desk)
        try desk.at(row.now)
        let deadline = try #require(try desk.deadline(number, row.rule), "\(row.rule) does not apply or has not started")
        #expect(NationalDay.text(deadline.due) == row.due)
        #expect(deadline.state == row.state)
        #expect(NationalDay.text(deadline.metAt) == row.metAt)
        if let left = row.pausedLeft { #expect(deadline.pausedLeft == left) }
        if deadline.state == .metLate || deadline.state == .breached {
            let due = try #require(deadline.due)
            #expect(deadline.late == (deadline.metAt ?? NationalDay.at(row.now)) - due)
        }
    }

    @Test func everyDefaultRuleHasARow() {
        let covered = Set(Self.rows.map(\.rule))
        #expect(Set(SLARule.defaults.map(\.id)).subtracting(covered).isEmpty, "rules without a row")
        #expect(covered.subtracting(SLARule.defaults.map(\.id)).isEmpty, "rows of rules that do not exist")
    }

    /// The same consultation without the holidays: the working-day and working-hour clocks move,
    /// the elapsed ones do not.
    @Test func withoutTheHolidaysOnlyTheWorkingTimeClocksMove() throws {
        for calendar in [true, false] {
            let desk = try NationalDay.desk(calendar: calendar)
            let number = try desk.open(at: "2026-09-30 16:00", kind: "consultation", severity: "critical")
            try desk.contact(number, at: "2026-09-30 17:00")
            let urgent = try desk.open(at: "2026-09-30 17:10", kind: "consultation", severity: "urgent")
            try desk.contact(urgent, at: "2026-09-30 17:20")
            try desk.at("2026-09-30 17:30")
            #expect(NationalDay.text(try desk.deadline(number, "first-contact-critical")?.due) == "2026-09-30 20:00")
            #expect(NationalDay.text(try desk.deadline(number, "keep-in-loop-critical")?.due) == (calendar ? "2026-10-09 12:00" : "2026-10-01 12:00"))
            #expect(NationalDay.text(try desk.deadline(urgent, "keep-in-loop-urgent")?.due) == (calendar ? "2026-10-09 18:00" : "2026-10-01 18:00"))
        }
    }

    @Test func anEscalationToANamedReceiverStartsNoTakeClock() throws {
        let desk = try NationalDay.desk()
        let number = try desk.open(at: "2026-09-30 16:00", kind: "consultation")
        try desk.at("2026-09-30 17:00")
        try desk.cases.escalate(number, tier: "2", reason: "一线无法解决", to: "张伟", by: "王芳")
        try desk.at("2026-09-30 20:00")
        #expect(try desk.deadline(number, "escalation-take") == nil)
    }

    /// Marking a complaint complex replaces its solution's limit with the 7 working days (the
    /// response clock stays); only a lead or above may mark it.
    @Test func aComplexComplaintCountsWorkingDaysAndOnlyALeadMarksIt() throws {
        let desk = try NationalDay.desk()
        let number = try desk.open(at: "2026-09-30 10:00")
        try desk.at("2026-09-30 10:30")
        #expect(try desk.deadline(number, "complaint-solution-phone") != nil)
        #expect(try desk.deadline(number, "complaint-complex") == nil)
        var changes = CaseChanges()
        changes.complex = "yes"
        try verify(.fails(.refused, "needs a lead or above"), on: desk, "a clerk marks it complex") {
            try desk.cases.edit(number, changes, by: "王芳")
        }
        try desk.cases.edit(number, changes, by: "李组长")
        #expect(try desk.deadline(number, "complaint-solution-phone") == nil)
        #expect(try desk.deadline(number, "complaint-response-phone") != nil, "the response limit is the channel's still")
        #expect(NationalDay.text(try desk.deadline(number, "complaint-complex")?.due) == "2026-10-16 18:00")
        changes.complex = "no"
        try desk.cases.edit(number, changes, by: "李组长")
        #expect(NationalDay.text(try desk.deadline(number, "complaint-solution-phone")?.due) == "2026-10-01 10:00")
        #expect(try desk.deadline(number, "complaint-complex") == nil)
    }

    /// The survey and revisit clocks belong to a closed case: a reopened case has none until it
    /// closes again.
    @Test func aReopenedCaseHasNoAfterClosingClocksUntilItClosesAgain() throws {
        let desk = try NationalDay.desk()
        let number = try SLARuleTests.closedComplaint(desk)
        #expect(try desk.deadline(number, "survey") != nil)
        #expect(try desk.deadline(number, "revisit") != nil)
        try desk.at("2026-10-09 10:00")
        try desk.cases.reopen(number, reason: "客户又来电", by: "王芳")
        #expect(try desk.deadline(number, "survey") == nil)
        #expect(try desk.deadline(number, "revisit") == nil)
    }
}

/// Readings of the handbooks that tests above do not pin.
@Suite struct SLARuleReadingTests {
    /// An urgent case reopened needs progress contacts again: its keep-in-loop clock starts at the
    /// reopening, not at the first resolution.
    @Test func aReopenedUrgentCaseNeedsProgressContactsAgain() throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"), severity: "urgent")
        desk.clock.advance(by: TestDesk.hour)
        try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        try desk.cases.solution(number, "补发", accepted: "yes", by: "王芳")
        try desk.cases.resolve(number, by: "王芳")
        func keepInLoop() throws -> Deadline? {
            try desk.cases.detail(number).deadlines.items.first { $0.rule == "keep-in-loop-urgent" }
        }
        #expect(try keepInLoop()?.state == .met)
        desk.clock.advance(by: TestDesk.hour)
        try desk.cases.reopen(number, reason: "又坏了", by: "王芳")
        let reopened = try #require(try keepInLoop())
        #expect(reopened.state == .running)
        // Reopened Monday 12:00: due at the close of the next working day, Tuesday 18:00.
        #expect(reopened.due.map(StationTime(zoneIdentifier: "Asia/Shanghai").text) == "2026-11-24 18:00")
        // A message to the customer is a progress report too.
        desk.clock.advance(by: TestDesk.day)
        try desk.cases.note(number, "进展：已寄出配件", toCustomer: true, by: "王芳")
        #expect(try keepInLoop()?.due.map(StationTime(zoneIdentifier: "Asia/Shanghai").text) == "2026-11-25 18:00")
    }

    /// A return that fails inspection ends when it is resolved: the return-finish clock is met.
    @Test func aReturnResolvedWithoutARefundIsFinished() throws {
        let desk = try TestDesk()
        let number = try desk.open(
            try desk.customer("李雷", phone: "13800138000"), kind: "after-sales", service: "return", purchased: "2026-11-20")
        try desk.cases.afterSales(number, .received, by: "王芳")
        try desk.cases.afterSales(number, .inspected, AfterSalesDetails(packaging: "yes", unused: "no", receipt: "yes"), by: "王芳")
        desk.clock.advance(by: TestDesk.hour)
        try desk.cases.resolve(number, note: "已使用，不予退货", by: "王芳")
        let finish = try desk.cases.detail(number).deadlines.items.first { $0.rule == "return-finish" }
        #expect(finish?.state == .met)
    }

    /// An agreed deadline runs from the assignment, not from the due time it records, and is met
    /// by resolving before it.
    @Test func anAgreedDeadlineMetBeforeItIsDueIsMet() throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"), kind: "consultation")
        try desk.cases.contact(number, channel: "phone", outcome: "reached", by: "王芳")
        try desk.cases.assign(number, to: "张伟", due: "2026-11-25 12:00", by: "王芳")
        desk.clock.advance(by: TestDesk.day)
        try desk.cases.resolve(number, by: "张伟")
        let agreed = try #require(try desk.cases.detail(number).deadlines.items.first { $0.rule == "agreed-due" })
        #expect(agreed.state == .met)
        #expect(agreed.started == TestDesk.morning, "it started at the assignment")
        #expect(agreed.due.map(StationTime(zoneIdentifier: "Asia/Shanghai").text) == "2026-11-25 12:00")
    }

    /// A case handed on by a later escalation to a named receiver owes no take.
    @Test func anEscalationToANamedReceiverEndsTheQueueClock() throws {
        let desk = try TestDesk()
        let number = try desk.open(try desk.customer("李雷", phone: "13800138000"), kind: "consultation")
        try desk.cases.escalate(number, tier: "2", reason: "需要技术", by: "王芳")
        try desk.cases.escalate(number, tier: "3", reason: "需要专家", to: "张伟", by: "王芳")
        desk.clock.advance(by: TestDesk.day)
        #expect(try desk.cases.detail(number).deadlines.items.first { $0.rule == "escalation-take" } == nil)
    }
}
