import Foundation
import OutpostCore
package import OutpostStore

/// The working calendar and the SLA policy as this replica holds them (the `outpost calendar` and
/// `outpost sla` commands): read from replicated rows, changed by managers.
///
/// A date, the week or a rule set at two stations while apart makes two rows: the one written
/// last (highest `updated`, then id) is read on every replica, like a last-writer register.
package struct PolicyBook: Sendable {
    package let store: StationStore

    package init(store: StationStore) {
        self.store = store
    }

    var staff: StaffBook { StaffBook(store: store) }

    // MARK: - Reading

    /// The calendar of a region: its own week and dates where it has them, else the company's
    /// (rows with no region).
    package func calendar(region: String? = nil) throws -> WorkingCalendar { try Self.calendar(region: region, from: store) }

    /// The policy and calendar are read through a `RecordReader`: the store, or a transaction that
    /// must see them with what it writes (the deadline cache, `CaseBook+ClockCache.swift`).
    static func calendar(region: String?, from reader: any RecordReader) throws -> WorkingCalendar {
        var calendar = WorkingCalendar()
        let region = region.flatMap(CaseBook.optional)
        let week = try reader.records(
            "SELECT * FROM work_week WHERE region IS ? OR region IS NULL ORDER BY region IS NULL, updated DESC, id DESC LIMIT 1",
            [region.map(Value.text) ?? .null]
        ).first
        if let week {
            if let zone = week.string("time_zone") { calendar = WorkingCalendar(zone: zone) }
            if let days = week.string("days").flatMap(Self.weekdays) { calendar.weekdays = days }
            if let hours = week.string("hours").flatMap(Self.hours) { (calendar.opens, calendar.closes) = hours }
        }
        // Each date's first row in this order: the region's before the company's, latest first.
        let rows = try reader.records(
            """
            SELECT day, kind, name FROM calendar_days WHERE region IS ?1 OR region IS NULL
            ORDER BY day, region IS NULL, updated DESC, id DESC
            """, [region.map(Value.text) ?? .null])
        var seen = Set<String>()
        let days = rows.filter { seen.insert($0.string("day") ?? "").inserted }
        for row in days {
            guard let date = row.string("day").flatMap(LocalDate.init(parsing:)) else { continue }
            switch row.string("kind") {
            case "holiday": calendar.holidays[date] = row.string("name") ?? ""
            case "workday": calendar.workdays[date] = row.string("name") ?? ""
            default: break
            }
        }
        return calendar
    }

    package func policy() throws -> SLAPolicy { try Self.policy(from: store) }

    static func policy(from reader: any RecordReader) throws -> SLAPolicy {
        var changes = [String: SLAPolicy.Change]()
        let rows = try reader.records(
            """
            SELECT rule, within, unit, applies FROM sla_rules r
            WHERE NOT EXISTS (SELECT 1 FROM sla_rules o WHERE o.rule = r.rule AND (o.updated, o.id) > (r.updated, r.id))
            """, [])
        for row in rows {
            guard let rule = row.string("rule"), let unit = row.string("unit").flatMap(ClockBudget.Unit.init(rawValue:)),
                let budget = row.string("within").flatMap({ ClockBudget(parsing: $0, unit: unit) })
            else { continue }
            changes[rule] = SLAPolicy.Change(budget: budget, applies: row.integer("applies") != 0)
        }
        return SLAPolicy(changes: changes)
    }

    /// The days of a month: working or not, and the name of a holiday or extra working day.
    package func month(_ text: String, region: String? = nil) throws -> [(date: LocalDate, working: Bool, name: String?)] {
        guard let first = LocalDate(parsing: text + "-01") else {
            throw DomainError(.invalid, "invalid month '\(text)': expected YYYY-MM, such as 2026-10", "无效的月份「\(text)」：应为 YYYY-MM，例如 2026-10")
        }
        let calendar = try calendar(region: region)
        var days = [(LocalDate, Bool, String?)]()
        var date = first
        while date.month == first.month {
            days.append((date, calendar.isWorkingDay(date), calendar.holidays[date] ?? calendar.workdays[date]))
            date = LocalDate(daysSince1970: date.daysSince1970 + 1)
        }
        return days
    }

    // MARK: - Changing (a manager)

    /// Marks dates as holidays, extra working days, or back to the usual week: `2026-10-01` or a
    /// range `2026-10-01..2026-10-08`.
    @discardableResult
    package func mark(_ range: String, as kind: String, name: String?, region: String? = nil, by staff: String) throws -> [LocalDate] {
        try self.staff.require(staff, atLeast: .manager, to: Phrase("changing the calendar", "修改工作日历"))
        let dates = try Self.dates(range)
        let name = CaseBook.optional(name)
        let region = region.flatMap(CaseBook.optional)
        let existing = Dictionary(
            try store.records("SELECT id, day FROM calendar_days WHERE region IS ? ORDER BY updated, id", [region.map(Value.text) ?? .null])
                .compactMap { row in
                    row.string("day").map { ($0, row.string("id")!) }
                }, uniquingKeysWith: { $1 })
        try store.write(as: staff) { write in
            for date in dates {
                if let id = existing[date.description], let row = write.rowID(id) {
                    try write.set("calendar_days", row, "kind", .text(kind))
                    try write.set("calendar_days", row, "name", name.map(Value.text) ?? .null)
                } else {
                    var fields = [Field("day", .text(date.description)), Field("kind", .text(kind))]
                    if let name { fields.append(Field("name", .text(name))) }
                    if let region { fields.append(Field("region", .text(region))) }
                    try write.create("calendar_days", fields)
                }
            }
        }
        return dates
    }

    /// Sets the working week: `mon-fri 09:00-18:00`, and optionally the calendar's time zone.
    package func setHours(days: String, hours: String, timeZone: String? = nil, region: String? = nil, by staff: String) throws {
        let region = region.flatMap(CaseBook.optional)
        try self.staff.require(staff, atLeast: .manager, to: Phrase("changing the calendar", "修改工作日历"))
        guard Self.weekdays(days) != nil else {
            throw DomainError(
                .invalid, "invalid days '\(days)': expected a range or list such as mon-fri or mon,tue,sat",
                "无效的工作日「\(days)」：应为 mon-fri 或 mon,tue,sat 这样的范围或列表")
        }
        guard let (opens, closes) = Self.hours(hours), closes > opens else {
            throw DomainError(
                .invalid, "invalid hours '\(hours)': expected opening-closing such as 09:00-18:00", "无效的工作时间「\(hours)」：应为 09:00-18:00 这样的起止时间")
        }
        let current = try calendar(region: region)
        let zone = timeZone?.trimmingSpaces() ?? current.time.zone.identifier
        guard TimeZone(identifier: zone) != nil else {
            throw DomainError(
                .invalid, "unknown time zone '\(zone)': give an IANA zone such as Asia/Shanghai", "未知时区「\(zone)」：请给出 IANA 时区，例如 Asia/Shanghai")
        }
        let existing = try store.records(
            "SELECT id FROM work_week WHERE region IS ? ORDER BY updated DESC, id DESC LIMIT 1", [region.map(Value.text) ?? .null]
        ).first?.string("id")
        try store.write(as: staff) { write in
            let values: [(String, Value)] = [("days", .text(days.lowercased())), ("hours", .text(hours)), ("time_zone", .text(zone))]
            if let existing, let row = write.rowID(existing) {
                for (column, value) in values { try write.set("work_week", row, column, value) }
            } else {
                try write.create("work_week", values.map { Field($0.0, $0.1) } + (region.map { [Field("region", .text($0))] } ?? []))
            }
        }
    }

    /// Changes a rule's budget and whether it applies (a manager).
    package func setRule(_ id: String, within: String?, unit: String?, applies: Bool?, by staff: String) throws -> SLARule {
        try self.staff.require(staff, atLeast: .manager, to: Phrase("changing the SLA policy", "修改服务时限规则"))
        let current = try policy()
        guard let entry = current.all.first(where: { $0.rule.id == id }) else {
            throw DomainError(
                .notFound, "no SLA rule '\(id)': `outpost sla show` lists them (\(current.all.map(\.rule.id).joined(separator: ", ")))",
                "没有服务时限规则「\(id)」：`outpost sla show` 列出全部规则")
        }
        let unit = try unit.map { text in
            guard let unit = ClockBudget.Unit(rawValue: text.trimmingSpaces().lowercased()) else {
                throw DomainError(
                    .invalid, "invalid unit '\(text)': expected elapsed, business-hours or working-days",
                    "无效的单位「\(text)」：应为 elapsed、business-hours 或 working-days")
            }
            return unit
        }
        var budget = entry.rule.budget
        if let within {
            guard
                let parsed = ClockBudget(
                    parsing: within,
                    unit: unit
                        ?? (within.lowercased().hasSuffix("wd") ? nil : (entry.rule.budget.unit == .workingDays ? .elapsed : entry.rule.budget.unit)))
            else {
                throw DomainError(
                    .invalid,
                    "invalid --within '\(within)': expected hours, minutes, days or working days such as 8h, 90m, 3d or 3wd (with --unit business-hours for working hours)",
                    "无效的 --within「\(within)」：应为 8h、90m、3d 或 3wd（工作小时请加 --unit business-hours）")
            }
            budget = parsed
        } else if let unit {
            guard unit != .workingDays, budget.unit != .workingDays else {
                throw DomainError(
                    .invalid, "changing to or from working days needs --within, such as --within 3wd", "改为或改自工作日时需要 --within，例如 --within 3wd")
            }
            budget.unit = unit
        }
        let applies = applies ?? entry.applies
        let existing = try store.records("SELECT id FROM sla_rules WHERE rule = ? ORDER BY updated DESC, id DESC LIMIT 1", [.text(id)]).first?
            .string("id")
        try store.write(as: staff) { write in
            let values: [(String, Value)] = [
                ("within", .text(budget.description)), ("unit", .text(budget.unit.rawValue)), ("applies", .integer(applies ? 1 : 0)),
            ]
            if let existing, let row = write.rowID(existing) {
                for (column, value) in values { try write.set("sla_rules", row, column, value) }
            } else {
                try write.create("sla_rules", [Field("rule", .text(id))] + values.map { Field($0.0, $0.1) })
            }
        }
        return try policy().all.first { $0.rule.id == id }!.rule
    }

    /// The calendar region of each station, by station code.
    package func regions() throws -> [String: String] { try Self.regions(from: store) }

    static func regions(from reader: any RecordReader) throws -> [String: String] {
        var regions = [String: String]()
        for row in try reader.records("SELECT code, region FROM stations WHERE region IS NOT NULL ORDER BY updated, id", []) {
            if let code = row.string("code"), let region = row.string("region") { regions[code] = region }
        }
        return regions
    }

    /// Puts a station in a calendar region (a manager); an empty name returns it to the company's.
    package func setRegion(_ region: String, station code: String, by staff: String) throws {
        try self.staff.require(staff, atLeast: .manager, to: Phrase("changing the calendar", "修改工作日历"))
        guard let id = try store.records("SELECT id FROM stations WHERE code = ? ORDER BY id LIMIT 1", [.text(code)]).first?.string("id")
        else {
            throw DomainError(.notFound, "no station \(code) on this replica yet", "此副本上还没有站点 \(code)")
        }
        try store.write(as: staff) { write in
            guard let row = write.rowID(id) else { return }
            try write.set("stations", row, "region", CaseBook.optional(region).map(Value.text) ?? .null)
        }
    }

    // MARK: - Parsing

    static let dayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// `mon-fri`, `mon,wed,fri`, `mon-fri,sat`.
    static func weekdays(_ text: String) -> Set<Int>? {
        var days = Set<Int>()
        for part in text.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-").map { String($0).trimmingSpaces() }
            guard let first = ends.first.flatMap({ dayNames[$0] }), let last = ends.last.flatMap({ dayNames[$0] }), ends.count <= 2, first <= last
            else {
                return nil
            }
            days.formUnion(first...last)
        }
        return days.isEmpty ? nil : days
    }

    /// `09:00-18:00` → minutes after midnight.
    static func hours(_ text: String) -> (Int, Int)? {
        let ends = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard ends.count == 2, ends.allSatisfy({ $0.count == 2 && (0...24).contains($0[0]) && (0...59).contains($0[1]) }) else { return nil }
        let (opens, closes) = (ends[0][0] * 60 + ends[0][1], ends[1][0] * 60 + ends[1][1])
        return closes <= 24 * 60 ? (opens, closes) : nil
    }

    /// `2026-10-01` or `2026-10-01..2026-10-08` (at most a year).
    static func dates(_ text: String) throws -> [LocalDate] {
        let ends = text.components(separatedBy: "..").map { LocalDate(parsing: $0) }
        guard (1...2).contains(ends.count), let first = ends.first ?? nil, let last = ends.last ?? nil, first <= last,
            first.days(until: last) < 366
        else {
            throw DomainError(
                .invalid, "invalid dates '\(text)': expected YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD of at most a year",
                "无效的日期「\(text)」：应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD（不超过一年）")
        }
        return (0...first.days(until: last)).map { LocalDate(daysSince1970: first.daysSince1970 + $0) }
    }
}
