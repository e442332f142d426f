import OutpostCore
package import OutpostStore

/// The customers of the replica: add, find, show, edit and merge (the `outpost customer` commands).
///
/// Every write goes through the store, so each edit becomes replicated changes; every check runs
/// before or inside the write transaction, so a refused request writes nothing.
package struct CustomerBook: Sendable {
    package let store: StationStore

    package init(store: StationStore) {
        self.store = store
    }

    // MARK: - Adding

    /// The record made by `add`, and records that already carry one of its phones or emails:
    /// a hint that the person may be known already (creating is not refused, since the clerk
    /// may know better).
    package struct Added: Hashable, Sendable {
        package var customer: Customer
        package var possibleDuplicates: [Customer]
    }

    /// Adds a customer. A customer needs a name and a phone or an email, so a case can reach them.
    package func add(_ new: NewCustomer, by staff: String) throws -> Added {
        let name = new.name.trimmingSpaces()
        guard !name.isEmpty else {
            throw DomainError(.invalid, "a customer needs a name: pass --name", "客户需要姓名：请加 --name")
        }
        let phones = try new.phones.map(Self.phone)
        let emails = try new.emails.map(Self.email)
        guard !phones.isEmpty || !emails.isEmpty else {
            throw DomainError(
                .invalid, "a customer needs a phone or an email: pass --phone or --email",
                "客户至少需要一个电话或邮箱：请加 --phone 或 --email")
        }
        let duplicates = try customers(withPhones: phones, emails: emails)
        let id = try store.write(as: staff) { write in
            var fields = [Field("name", .text(name))]
            fields += phones.map { Field("phones", .text($0)) }
            fields += emails.map { Field("emails", .text($0)) }
            for (column, value) in [("contact", new.contact), ("address", new.address), ("note", new.note)] {
                if let value = value?.trimmingSpaces(), !value.isEmpty { fields.append(Field(column, .text(value))) }
            }
            let row = try write.create("customers", fields)
            return write.text(of: row)!
        }
        return Added(customer: try record(id)!, possibleDuplicates: duplicates)
    }

    // MARK: - Finding

    /// Customers whose name, contact person, phone or email contains the text, as the records
    /// they resolve to after merges, best match first.
    package func find(_ text: String, limit: Int = 20) throws -> [Customer] {
        guard let search = CustomerSearch(text) else {
            throw DomainError(
                .invalid, "what to look for? give part of a name, phone or email",
                "要找什么？请给出姓名、电话或邮箱的一部分")
        }
        let matches = try matchingIDs(search, limit: max(limit, 1) * 2)
        let merges = try mergeMap()
        var survivors = [String]()
        for id in matches {
            let survivor = merges.survivor(of: id)
            if !survivors.contains(survivor) { survivors.append(survivor) }
        }
        let records = try self.records(Array(survivors.prefix(limit)))
        return survivors.prefix(limit).compactMap { id in records.first { $0.id == id } }
    }

    /// Ids of the records matching a search, best first (unresolved).
    func matchingIDs(_ search: CustomerSearch, limit: Int) throws -> [String] {
        if search.usesIndex {
            return try store.records(
                """
                SELECT c.id FROM outpost_customer_search s JOIN customers c ON c.rowid = s.rowid
                WHERE outpost_customer_search MATCH ? ORDER BY s.rank, c.id LIMIT ?
                """, [.text(search.matchExpression), .integer(Int64(limit))]
            ).compactMap { $0.string("id") }
        }
        let conditions = search.likeConditions
        let arguments = conditions.flatMap { $0.arguments.map(Value.text) }
        return try store.records(
            "SELECT id FROM customers WHERE \(conditions.map(\.sql).joined(separator: " OR ")) ORDER BY name, id LIMIT ?",
            arguments + [.integer(Int64(limit))]
        ).compactMap { $0.string("id") }
    }

    // MARK: - Showing

    /// A customer given by id or phone, resolved to its survivor, with merged records and cases.
    package func profile(_ reference: String) throws -> CustomerProfile {
        let (requested, survivor) = try locate(reference)
        let merges = try mergeMap()
        let members = merges.members(of: survivor.id)
        let merged = try records(members.filter { $0 != survivor.id })
        let cases = try store.records(
            "SELECT * FROM cases WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY created DESC, substr(id, 1, instr(id, '.') - 1) DESC, CAST(substr(id, instr(id, '.') + 1) AS INTEGER) DESC",
            [jsonArray(members)]
        ).map { CaseListing(case: ServiceCase($0), customerID: survivor.id, customerName: survivor.name) }
        let conflicts = try self.conflicts(ofRow: survivor.id, in: "customers")
        return CustomerProfile(
            customer: survivor, requested: requested == survivor.id ? nil : requested,
            mergedRecords: merged, cases: cases, conflicts: conflicts
        )
    }

    /// The record a reference names and the survivor it resolves to.
    ///
    /// A reference is a row id (`SZ01.17`), a phone in any common form, or an email. A phone or
    /// email shared by records that are not merged is ambiguous: the clerk must choose by id.
    package func locate(_ reference: String) throws -> (requested: String, survivor: Customer) {
        let text = reference.trimmingSpaces()
        let merges = try mergeMap()
        if let id = Self.rowText(text) {
            guard try record(id) != nil else {
                throw DomainError(
                    .notFound, "no customer \(id): look it up with `outpost customer find NAME`",
                    "没有客户 \(id)：请用 `outpost customer find 姓名` 查找")
            }
            let survivor = merges.survivor(of: id)
            return (id, try record(survivor) ?? record(id)!)
        }
        let ids: [String]
        if text.contains("@"), let email = ElementKind.email.normalise(text) {
            ids = try idsWithEmail(email)
        } else if let phone = ElementKind.phone.normalise(text) {
            ids = try idsWithPhone(phone)
        } else {
            throw DomainError(
                .invalid,
                "'\(text)' is neither a customer id (such as SZ01.17) nor a phone or email; to search by name use `outpost customer find`",
                "「\(text)」不是客户编号（如 SZ01.17），也不是电话或邮箱；按姓名查找请用 `outpost customer find`")
        }
        var survivors = [String]()
        for id in ids where !survivors.contains(merges.survivor(of: id)) { survivors.append(merges.survivor(of: id)) }
        guard !survivors.isEmpty else {
            // A station with a relay may simply not have the customer yet: adding one now would
            // make a duplicate of the record another branch already has.
            if try store.hasRelay() {
                throw DomainError(
                    .notFound,
                    "no customer with \(text) here yet: run `outpost sync` first, another branch may have added them; "
                        + "if they are still not found, add one with `outpost customer add --name NAME --phone \(text)`",
                    "本站点还没有使用 \(text) 的客户：请先运行 `outpost sync`，其他门店可能已添加；"
                        + "同步后仍找不到，再用 `outpost customer add --name 姓名 --phone \(text)` 添加")
            }
            throw DomainError(
                .notFound, "no customer with \(text): add one with `outpost customer add --name NAME --phone \(text)`",
                "没有客户使用 \(text)：可用 `outpost customer add --name 姓名 --phone \(text)` 添加")
        }
        let found = try records(survivors)
        guard survivors.count == 1, let survivor = found.first else {
            let list = found.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            throw DomainError(
                .ambiguous, "\(text) belongs to several customers (\(list)): give the id, or merge them with `outpost customer merge`",
                "\(text) 属于多位客户（\(list)）：请给出客户编号，或用 `outpost customer merge` 合并")
        }
        return (ids.count == 1 ? ids[0] : survivor.id, survivor)
    }

    // MARK: - Editing

    /// Edits one record. A record given by id is edited as it is, even when merged away (to
    /// correct a duplicate); one given by phone or email is its survivor.
    @discardableResult
    package func edit(_ reference: String, _ changes: CustomerChanges, by staff: String) throws -> Customer {
        guard !changes.isEmpty else {
            throw DomainError(
                .invalid, "nothing to change: give --name, --contact, --address, --note, --add-phone, --remove-phone, --add-email or --remove-email",
                "没有要修改的内容：请给出 --name、--contact、--address、--note、--add-phone、--remove-phone、--add-email 或 --remove-email")
        }
        let located = try locate(reference)
        let id = Self.rowText(reference.trimmingSpaces()) ?? located.survivor.id
        if let name = changes.name, name.trimmingSpaces().isEmpty {
            throw DomainError(.invalid, "a customer's name cannot be empty", "客户姓名不能为空")
        }
        let addPhones = try changes.addPhones.map(Self.phone)
        let removePhones = try changes.removePhones.map(Self.phone)
        let addEmails = try changes.addEmails.map(Self.email)
        let removeEmails = try changes.removeEmails.map(Self.email)
        try store.write(as: staff) { write in
            guard let row = write.rowID(id) else { throw Self.missing(id) }
            if let name = changes.name { try write.set("customers", row, "name", .text(name.trimmingSpaces())) }
            for (column, value) in [("contact", changes.contact), ("address", changes.address), ("note", changes.note)] {
                guard let value else { continue }
                let trimmed = value.trimmingSpaces()
                try write.set("customers", row, column, trimmed.isEmpty ? .null : .text(trimmed))
            }
            for (column, removals, additions) in [("phones", removePhones, addPhones), ("emails", removeEmails, addEmails)] {
                let present = Self.decode(try write.shown("customers", row, column))
                for element in removals {
                    guard present.contains(element) else {
                        let has = present.isEmpty ? "none" : present.joined(separator: ", ")
                        throw DomainError(
                            .invalid, "\(element) is not on customer \(id) (it has \(has))",
                            "客户 \(id) 没有 \(element)（现有：\(present.isEmpty ? "无" : present.joined(separator: "、"))）")
                    }
                    try write.remove("customers", row, column, element)
                }
                for element in additions { try write.add("customers", row, column, element) }
            }
        }
        return try record(id)!
    }

    // MARK: - Merging

    /// What a merge did.
    package struct Merged: Hashable, Sendable {
        package var duplicate: String
        /// The resolved survivor the duplicate now points at.
        package var survivor: String
        /// True when the duplicate already resolved to that survivor: nothing was written.
        package var alreadyMerged: Bool
        /// Cases now shown under the survivor because of this merge.
        package var casesMoved: Int
    }

    /// Joins a duplicate record to a survivor: the duplicate points at the survivor's resolved
    /// record, its cases show under it, and nothing is deleted (`docs/ARCHITECTURE.md`, "Customer merges").
    ///
    /// Pointers are read inside the write transaction, so the target is resolved against what
    /// the store holds at that moment; a merge that would close a loop is refused.
    @discardableResult
    package func merge(_ duplicate: String, into target: String, by staff: String) throws -> Merged {
        try StaffBook(store: store).require(staff, atLeast: .supervisor, to: Phrase("merging customers", "合并客户"))
        guard let duplicateID = Self.rowText(duplicate.trimmingSpaces()), let targetID = Self.rowText(target.trimmingSpaces()) else {
            throw DomainError(
                .invalid, "merge takes customer ids, such as `outpost customer merge SZ02.5 --into SZ01.3` (find them with `outpost customer find`)",
                "合并需要客户编号，例如 `outpost customer merge SZ02.5 --into SZ01.3`（可用 `outpost customer find` 查找）")
        }
        for id in [duplicateID, targetID] where try record(id) == nil { throw Self.missing(id) }
        guard duplicateID != targetID else {
            throw DomainError(.invalid, "cannot merge customer \(duplicateID) into itself", "不能把客户 \(duplicateID) 合并到自己")
        }
        let members = try mergeMap().members(of: duplicateID)
        let result: Merged = try store.write(as: staff) { write in
            let pointer: (String) throws -> String? = { id in
                try write.rowID(id).flatMap { try write.shown("customers", $0, "merged_into").text }
            }
            let survivor = try MergeMap.survivor(of: targetID, pointer: pointer)
            let duplicateSurvivor = try MergeMap.survivor(of: duplicateID, pointer: pointer)
            if survivor == duplicateID {
                throw DomainError(
                    .refused,
                    "\(targetID) is already merged into \(duplicateID), so merging \(duplicateID) into it would make a loop; keep \(duplicateID) as the survivor",
                    "\(targetID) 已合并到 \(duplicateID)，再把 \(duplicateID) 合并过去会形成循环；请保留 \(duplicateID)")
            }
            if duplicateSurvivor == survivor {
                return Merged(duplicate: duplicateID, survivor: survivor, alreadyMerged: true, casesMoved: 0)
            }
            if duplicateSurvivor != duplicateID {
                throw DomainError(
                    .refused,
                    "\(duplicateID) is already merged into \(duplicateSurvivor): merge that record instead (`outpost customer merge \(duplicateSurvivor) --into \(survivor)`)",
                    "\(duplicateID) 已合并到 \(duplicateSurvivor)：请改为合并该记录（`outpost customer merge \(duplicateSurvivor) --into \(survivor)`）")
            }
            try write.set("customers", write.rowID(duplicateID)!, "merged_into", .text(survivor))
            return Merged(duplicate: duplicateID, survivor: survivor, alreadyMerged: false, casesMoved: 0)
        }
        guard !result.alreadyMerged else { return result }
        let moved =
            try store.records(
                "SELECT count(*) AS n FROM cases WHERE customer_id IN (SELECT value FROM json_each(?))", [jsonArray(members)]
            ).first?.integer("n") ?? 0
        return Merged(duplicate: result.duplicate, survivor: result.survivor, alreadyMerged: false, casesMoved: Int(moved))
    }

    // MARK: - Reading helpers

    /// Every merge pointer of the replica, for resolving survivors at read time.
    package func mergeMap() throws -> MergeMap {
        let rows = try store.records("SELECT id, merged_into FROM customers WHERE merged_into IS NOT NULL")
        var pointers = [String: String]()
        for row in rows {
            if let id = row.string("id"), let target = row.string("merged_into") { pointers[id] = target }
        }
        return MergeMap(pointers: pointers)
    }

    /// One record by id, as stored (unresolved), its phones first given first.
    package func record(_ id: String) throws -> Customer? {
        try inGivenOrder(store.records("SELECT \(Customer.columns) FROM customers WHERE id = ?", [.text(id)]).map(Customer.init)).first
    }

    /// Records by id, in no particular order, their phones first given first.
    func records(_ ids: [String]) throws -> [Customer] {
        guard !ids.isEmpty else { return [] }
        return try inGivenOrder(
            store.records(
                "SELECT \(Customer.columns) FROM customers WHERE id IN (SELECT value FROM json_each(?))", [jsonArray(ids)]
            ).map(Customer.init))
    }

    /// The customers with their phones in the order they were given rather than the byte order
    /// the domain row keeps, so the number a customer gave first is the one shown and called first
    /// (`RowState.elementsInGivenOrder` says why that order is the same on every replica).
    ///
    /// The order is read apart from the rows, so a phone it does not list (written in between)
    /// keeps its place after the others instead of vanishing.
    private func inGivenOrder(_ customers: [Customer]) throws -> [Customer] {
        guard customers.contains(where: { $0.phones.count > 1 }) else { return customers }
        let given = try store.elementsInGivenOrder("phones", of: "customers", rows: customers.filter { $0.phones.count > 1 }.map(\.id))
        return customers.map { customer in
            guard let order = given[customer.id]?.compactMap(\.text) else { return customer }
            var ordered = customer
            ordered.phones = order.filter(customer.phones.contains) + customer.phones.filter { !order.contains($0) }
            return ordered
        }
    }

    /// Names of the survivors of the given records, for listings: record id → (survivor, name).
    func survivorNames(of ids: some Sequence<String>) throws -> [String: (id: String, name: String)] {
        let merges = try mergeMap()
        var survivorOf = [String: String]()
        for id in ids { survivorOf[id] = merges.survivor(of: id) }
        let names = Dictionary(try records(Array(Set(survivorOf.values))).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return survivorOf.mapValues { ($0, names[$0] ?? $0) }
    }

    func idsWithPhone(_ phone: String) throws -> [String] {
        try store.records(
            """
            SELECT c.id FROM outpost_customer_search s JOIN customers c ON c.rowid = s.rowid
            WHERE outpost_customer_search MATCH ? AND EXISTS (SELECT 1 FROM json_each(c.phones) WHERE value = ?)
            """, [.text("phones : \"\(phone)\""), .text(phone)]
        ).compactMap { $0.string("id") }
    }

    func idsWithEmail(_ email: String) throws -> [String] {
        try store.records("SELECT id FROM customers WHERE EXISTS (SELECT 1 FROM json_each(emails) WHERE value = ?)", [.text(email)])
            .compactMap { $0.string("id") }
    }

    /// Customers that already carry one of these phones or emails, resolved to survivors.
    private func customers(withPhones phones: [String], emails: [String]) throws -> [Customer] {
        var ids = [String]()
        for phone in phones { ids += try idsWithPhone(phone) }
        for email in emails { ids += try idsWithEmail(email) }
        let merges = try mergeMap()
        return try records(Array(Set(ids.map(merges.survivor(of:))))).sorted { MergeMap.precedes($0.id, $1.id) }
    }

    /// Open conflicts on one row's fields.
    func conflicts(ofRow id: String, in table: String) throws -> [FieldConflict] {
        try store.openConflicts().filter { $0.table == table && $0.rowText == id }.map { conflict in
            FieldConflict(
                id: conflict.id.description, column: conflict.column, shown: conflict.shown.description,
                values: conflict.heads.map(\.payload.description))
        }
    }

    /// `sz01.17` → `SZ01.17`, or nil when the text is not a row id.
    static func rowText(_ text: String) -> String? {
        guard let dot = text.lastIndex(of: ".") else { return nil }
        let candidate = text[..<dot].uppercased() + text[dot...]
        return RowText.isWellFormed(candidate) ? candidate : nil
    }

    static func phone(_ text: String) throws -> String {
        guard let phone = ElementKind.phone.normalise(text) else {
            throw DomainError(
                .invalid, "invalid phone '\(text)': expected a phone number such as 138 0013 8000 or +86 10 6552 9988",
                "无效的电话「\(text)」：应为电话号码，例如 138 0013 8000 或 +86 10 6552 9988")
        }
        return phone
    }

    static func email(_ text: String) throws -> String {
        guard let email = ElementKind.email.normalise(text) else {
            throw DomainError(
                .invalid, "invalid email '\(text)': expected an address such as name@example.com",
                "无效的邮箱「\(text)」：应为邮箱地址，例如 name@example.com")
        }
        return email
    }

    static func missing(_ id: String) -> DomainError {
        DomainError(
            .notFound, "no customer \(id): look it up with `outpost customer find NAME`",
            "没有客户 \(id)：请用 `outpost customer find 姓名` 查找")
    }

    /// A set column's JSON text as its elements.
    static func decode(_ value: Value) -> [String] {
        Record(columns: ["v"], values: [value]).strings("v")
    }
}
