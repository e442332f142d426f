import OutpostCore
package import OutpostStore

/// The staff of the company as every replica knows them (the `outpost staff` commands), and the
/// role checks the front makes (`docs/ARCHITECTURE.md`, "Staff and roles").
///
/// Two stations may add the same name offline: the rows are then one person, and the row with the
/// smallest id (station code, then sequence) is the record, so every replica reads the same role.
package struct StaffBook: Sendable {
    package let store: StationStore

    package init(store: StationStore) {
        self.store = store
    }

    /// Everyone, active first, then by name.
    package func list() throws -> [StaffMember] {
        let all = try store.records("SELECT * FROM staff", []).map(StaffMember.init)
        var seen = Set<String>()
        return all.sorted(by: Self.recordOrder).filter { seen.insert($0.name).inserted }
            .sorted { ($0.active ? 0 : 1, $0.name) < ($1.active ? 0 : 1, $1.name) }
    }

    /// The record of a name, active or not.
    package func member(named name: String) throws -> StaffMember? {
        try store.records("SELECT * FROM staff WHERE name = ?", [.text(name.trimmingSpaces())]).map(StaffMember.init)
            .sorted(by: Self.recordOrder).first
    }

    /// Whether the replica has any staff yet: a database made before staff existed has none, and
    /// then the first `staff add` is allowed to anyone, to name the first manager.
    package func isEmpty() throws -> Bool {
        try store.records("SELECT count(*) AS n FROM staff", []).first?.integer("n") == 0
    }

    /// The active member a change is made as; an unknown or departed name is refused with the list.
    package func actor(_ name: String) throws -> StaffMember {
        let found = try member(named: name)
        guard let member = found, member.active else {
            let active = try list().filter(\.active).map(\.name)
            let known = found != nil
            let list = active.isEmpty ? Phrase("none yet", "还没有") : Phrase(verbatim: active.joined(separator: ", "))
            throw DomainError(
                .invalid,
                Phrase(
                    "'\(name)' is \(known ? "no longer active" : "not on the staff list"): --as must name an active member of staff (\(list.english)); a manager adds one with `outpost staff add NAME --role clerk`",
                    "「\(name)」\(known ? "已离职" : "不在员工名单中")：--as 必须是在职员工（\(list.chinese)）；可由经理用 `outpost staff add 姓名 --role clerk` 添加"
                ))
        }
        return member
    }

    /// The active member `name`, who must hold `role` or a higher one to do `what`.
    @discardableResult
    package func require(_ name: String, atLeast role: Role, to what: Phrase) throws -> StaffMember {
        let member = try actor(name)
        guard member.role >= role else {
            throw DomainError(
                .refused,
                Phrase(
                    "\(what.english) needs a \(role.english) or above; \(member.name) is a \(member.role.english). Ask a \(role.english) to do it with --as NAME",
                    "\(what.chinese)需要\(role.chinese)或以上权限；\(member.name) 是\(member.role.chinese)。请由\(role.chinese)用 --as 姓名 办理"
                ))
        }
        return member
    }

    /// The role recorded on an event: the author's role when they are on the staff list.
    func role(of name: String) throws -> Role? {
        try member(named: name)?.role
    }

    // MARK: - Changing

    /// Adds a member of staff. Needs a manager, except for the first one of a replica.
    @discardableResult
    package func add(
        _ name: String, role: String, tier: String? = nil, department: String? = nil, station: String? = nil, by staff: String
    ) throws -> StaffMember {
        let name = try CaseBook.required(name, Phrase("the person's name", "员工姓名"))
        let role = try Role.parse(role)
        let tier = try tier.map(Tier.parse)
        if !(try isEmpty()) {
            try require(staff, atLeast: .manager, to: Phrase("adding staff", "添加员工"))
        }
        if let existing = try member(named: name) {
            throw DomainError(
                .invalid,
                Phrase(
                    "\(name) is already on the staff list (\(existing.role.english)\(existing.active ? "" : ", left")): change them with `outpost staff edit \(name) ...`",
                    "\(name) 已在员工名单中（\(existing.role.chinese)\(existing.active ? "" : "，已离职")）：请用 `outpost staff edit \(name) ...` 修改"
                ))
        }
        let id = try store.write(as: staff) { write in
            var fields = [Field("name", .text(name)), Field("role", .text(role.rawValue)), Field("status", .text("active"))]
            if let tier { fields.append(Field("tier", .integer(tier.number))) }
            if let department = CaseBook.optional(department) { fields.append(Field("department", .text(department))) }
            if let station = CaseBook.optional(station) { fields.append(Field("station", .text(station.uppercased()))) }
            return write.text(of: try write.create("staff", fields))!
        }
        return try store.records("SELECT * FROM staff WHERE id = ?", [.text(id)]).map(StaffMember.init).first!
    }

    /// Changes a member's role, tier, department or station (an empty text clears it). A
    /// departed member may be brought back with `active: true`.
    @discardableResult
    package func edit(
        _ name: String, role: String? = nil, tier: String? = nil, department: String? = nil, station: String? = nil,
        active: Bool? = nil, by staff: String
    ) throws -> StaffMember {
        try require(staff, atLeast: .manager, to: Phrase("changing staff", "修改员工信息"))
        guard let member = try member(named: name) else {
            throw DomainError(.notFound, "\(name) is not on the staff list: see `outpost staff list`", "\(name) 不在员工名单中：见 `outpost staff list`")
        }
        var values = [(String, Value)]()
        if let role { values.append(("role", .text(try Role.parse(role).rawValue))) }
        if let tier { values.append(("tier", tier.isEmpty ? .null : .integer(try Tier.parse(tier).number))) }
        if let department { values.append(("department", CaseBook.optional(department).map(Value.text) ?? .null)) }
        if let station { values.append(("station", CaseBook.optional(station).map { .text($0.uppercased()) } ?? .null)) }
        if let active { values.append(("status", .text(active ? "active" : "left"))) }
        guard !values.isEmpty else {
            throw DomainError(
                .invalid, "nothing to change: give --role, --tier, --department or --station", "没有要修改的内容：请给出 --role、--tier、--department 或 --station")
        }
        try store.write(as: staff) { write in
            guard let row = write.rowID(member.id) else { return }
            for (column, value) in values { try write.set("staff", row, column, value) }
        }
        return try self.member(named: member.name)!
    }

    /// Marks a member as having left: kept on record, refused after `--as`.
    @discardableResult
    package func leave(_ name: String, by staff: String) throws -> StaffMember {
        try edit(name, active: false, by: staff)
    }

    /// Smallest id first: station code, then sequence as a number.
    static func recordOrder(_ a: StaffMember, _ b: StaffMember) -> Bool {
        let left = RowText.parse(a.id)
        let right = RowText.parse(b.id)
        guard let left, let right else { return a.id < b.id }
        return (left.code, left.sequence) < (right.code, right.sequence)
    }
}
