package import OutpostCore
package import OutpostStore

/// One competing value of a conflict: who wrote it, where and when (edit time).
package struct ConflictValue: Hashable, Sendable, Encodable {
    package var value: String
    package var station: String
    package var staff: String
    /// The edit time: the version's clock, ISO 8601 UTC.
    package var edited: String
    package var version: String
}

/// A conflict as people read it: the record's label, the field, every competing value, the value
/// shown and the policy that chose it, as `outpost conflicts list` prints it.
package struct ConflictEntry: Hashable, Sendable, Encodable {
    package var id: String
    package var table: String
    package var row: String
    package var label: String
    package var field: String
    package var values: [ConflictValue]
    package var shown: String
    package var policy: String
    /// False for a conflict already settled (read from the change graph).
    package var open: Bool
    /// Who settled it and the value chosen, when settled.
    package var settledBy: String?
    package var settledValue: String?
    package var settledAt: String?
    /// The earliest edit time among the values: conflicts are sorted by it.
    package var since: String
    /// The settling write itself (value, staff, station, edit time), for the text views, which
    /// say it in the reader's language; the JSON keeps `settledBy` and its neighbours.
    package var settlement: ConflictValue? = nil

    enum CodingKeys: String, CodingKey {
        case id, table, row, label, field, values, shown, policy, open, settledBy, settledValue, settledAt, since
    }
}

/// A field's provenance for `explain`: the value shown, who set it, where, when, and the values
/// it overwrote.
package struct FieldProvenance: Hashable, Sendable, Encodable {
    package var field: String
    package var shown: String
    package var setBy: [ConflictValue]
    package var overwrote: [ConflictValue]
}

/// Conflicts and provenance over the replica (`docs/ARCHITECTURE.md`, "Conflicts").
package struct ConflictBook: Sendable {
    package let store: StationStore

    package init(store: StationStore) {
        self.store = store
    }

    /// Open conflicts sorted by age (oldest first); with `settled`, settled ones from the change
    /// graph too.
    package func list(settled: Bool = false) throws -> [ConflictEntry] {
        let codes = try store.stationCodes()
        var out = [ConflictEntry]()
        var histories = [String: [Change]]()
        for conflict in try store.openConflicts() {
            let key = conflict.table + "/" + conflict.rowText
            let history = try histories[key] ?? store.history(of: conflict.row, in: conflict.table)
            histories[key] = history
            out.append(try entry(for: conflict, history: history, codes: codes))
        }
        if settled { out += try settledConflicts(codes: codes) }
        return out.sorted { ($0.since, $0.id) < ($1.since, $1.id) }
    }

    /// The first `limit` open conflicts in `list()`'s order (with a value from `station`, when
    /// given), and how many there are in all.
    ///
    /// A replica can hold tens of thousands of open conflicts, and an entry reads its row's
    /// history for who wrote each value: here the order and the station come from the heads'
    /// versions alone, and only the entries returned read a history.
    package func open(station: String? = nil, limit: Int) throws -> (entries: [ConflictEntry], total: Int) {
        let codes = try store.stationCodes()
        let matching = try store.openConflicts().filter { conflict in
            station.map { code in conflict.heads.contains { codes[$0.version.station] == code } } ?? true
        }
        let ordered = matching.map { conflict in
            (since: conflict.heads.map(\.version.clock.isoText).min() ?? "", id: conflict.id.description, conflict: conflict)
        }.sorted { ($0.since, $0.id) < ($1.since, $1.id) }
        var histories = [String: [Change]]()
        let entries = try ordered.prefix(max(0, limit)).map { item in
            let key = item.conflict.table + "/" + item.conflict.rowText
            let history = try histories[key] ?? store.history(of: item.conflict.row, in: item.conflict.table)
            histories[key] = history
            return try entry(for: item.conflict, history: history, codes: codes)
        }
        return (entries, matching.count)
    }

    /// An open conflict as listed: every head with who wrote it where and when.
    private func entry(for conflict: OpenConflict, history: [Change], codes: [StationID: String]) throws -> ConflictEntry {
        let values = conflict.heads.map { head in
            describe(head.version, head.payload, author: history.first { $0.version == head.version }?.author, codes: codes)
        }
        return ConflictEntry(
            id: conflict.id.description, table: conflict.table, row: conflict.rowText,
            label: try label(conflict.table, conflict.rowText), field: conflict.column, values: values,
            shown: Self.text(conflict.shown), policy: policyName(conflict.table, conflict.column), open: true,
            since: values.map(\.edited).min() ?? ""
        )
    }

    /// One conflict by id, open or settled.
    package func conflict(_ id: String) throws -> ConflictEntry {
        guard let entry = try list(settled: true).first(where: { $0.id == id.lowercased() }) else {
            throw DomainError(
                .notFound,
                Phrase(
                    "no conflict \(id) here: the field changed since it was listed (heads changed, list again with `outpost conflicts list --all`), or the id is mistyped",
                    "本站点没有冲突 \(id)：字段在列出后已变更（请用 `outpost conflicts list --all` 重新列出），或编号有误"
                ))
        }
        return entry
    }

    /// The changes to one field of a conflict's row, oldest first by version.
    package func fieldHistory(_ entry: ConflictEntry) throws -> [ConflictValue] {
        guard let row = try store.rowID(entry.row) else { return [] }
        let codes = try store.stationCodes()
        let history = try store.history(of: row, in: entry.table)
        return history.compactMap { change in
            Self.value(of: change, column: entry.field).map { describe(change.version, $0, author: change.author, codes: codes) }
        }
    }

    /// How a conflict is settled.
    package enum Choice: Sendable {
        case keepShown
        case pick(Int)
        case value(String)
    }

    /// Settles an open conflict with one write over all its heads. Refused when the heads changed
    /// since the id was listed.
    @discardableResult
    package func settle(_ id: String, _ choice: Choice, note: String? = nil, by staff: String) throws -> ConflictEntry {
        guard let current = try store.openConflicts().first(where: { $0.id.description == id.lowercased() }) else {
            // Said as `conflicts show` says it: settled already, or no such conflict here.
            let known = try conflict(id)
            throw DomainError(
                .refused, "conflict \(known.id) is already settled: `outpost conflicts show \(known.id)` says how",
                "冲突 \(known.id) 已经解决：`outpost conflicts show \(known.id)` 可查看详情")
        }
        // The id names the heads it was made from: recompute it from the heads now.
        let recomputed = ConflictID(table: current.table, row: current.row, column: current.column, heads: current.heads.map(\.version))
        guard recomputed == current.id else {
            throw DomainError(.refused, "heads changed, list again", "字段已变更，请重新列出")
        }
        let entry = try entry(for: current, history: try store.history(of: current.row, in: current.table), codes: try store.stationCodes())
        let value: Value
        switch choice {
        case .keepShown:
            value = current.shown
        case .pick(let number):
            guard number >= 1, number <= current.heads.count else {
                throw DomainError(
                    .invalid, "--pick takes 1 to \(current.heads.count), the numbers in `conflicts show`",
                    "--pick 取值 1 到 \(current.heads.count)，即 `conflicts show` 中的编号")
            }
            value = current.heads[number - 1].payload
        case .value(let text):
            if case .integer? = current.heads.first?.payload, let number = Int64(text) {
                value = .integer(number)
            } else {
                value = .text(text)
            }
        }
        do {
            try store.write(as: staff) { write in
                try write.settle(current.table, current.row, current.column, to: value, expecting: current.heads.map(\.version))
            }
        } catch let error as StoreError where error.code == .headsChanged {
            throw DomainError(.refused, "heads changed, list again", "字段已变更，请重新列出")
        }
        if let note = note?.trimmingSpaces(), !note.isEmpty, current.table == "cases" {
            try CaseBook(store: store).note(current.rowText, "Settled conflict \(current.id) on \(current.column): \(note)", by: staff)
        }
        return entry
    }

    /// For every field of a record: the value shown, who set it (station, staff, edit time) and
    /// the values it overwrote.
    package func explain(table: String, row: RowID) throws -> [FieldProvenance] {
        let codes = try store.stationCodes()
        let history = try store.history(of: row, in: table)
        guard let schema = store.schema.table(table) else { return [] }
        let rowText =
            history.first.flatMap { change in codes[change.row.station].map { RowText.make(code: $0, sequence: change.row.sequence) } }
            ?? row.description
        let shownRow = try store.records("SELECT * FROM \(table) WHERE id = ?", [.text(rowText)]).first
        var out = [FieldProvenance]()
        for column in schema.columns {
            let writes = history.filter { Self.value(of: $0, column: column.name) != nil }
            guard !writes.isEmpty else { continue }
            // The heads: writes no other write of this field names in its pred.
            let named = Set(writes.flatMap(\.pred))
            let heads = writes.filter { !named.contains($0.version) }
            let overwritten = writes.filter { named.contains($0.version) }
            out.append(
                FieldProvenance(
                    field: column.name,
                    shown: shownRow.map { Self.text($0[column.name]) } ?? "",
                    setBy: heads.map { describe($0.version, Self.value(of: $0, column: column.name)!, author: $0.author, codes: codes) },
                    overwrote: overwritten.map { describe($0.version, Self.value(of: $0, column: column.name)!, author: $0.author, codes: codes) }
                ))
        }
        return out
    }

    // MARK: - Internals

    /// Settled conflicts: a change whose pred holds two or more versions of the field with
    /// different values.
    private func settledConflicts(codes: [StationID: String]) throws -> [ConflictEntry] {
        var out = [ConflictEntry]()
        // A row settled several times is read once.
        var histories = [String: [Version: Change]]()
        for change in try store.loggedChanges() where change.pred.count >= 2 {
            guard let column = change.operation.column, case .set = change.operation,
                let code = codes[change.row.station]
            else { continue }
            let rowText = RowText.make(code: code, sequence: change.row.sequence)
            let key = change.table + "/" + rowText
            if histories[key] == nil {
                let changes = try store.history(of: change.row, in: change.table)
                histories[key] = Dictionary(changes.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
            }
            let byVersion = histories[key]!
            let competing = change.pred.sorted().compactMap { version -> (Version, Value)? in
                byVersion[version].flatMap { Self.value(of: $0, column: column) }.map { (version, $0) }
            }
            guard Set(competing.map(\.1)).count >= 2 else { continue }
            let values = competing.map { describe($0.0, $0.1, author: byVersion[$0.0]?.author, codes: codes) }
            let settledValue = Self.value(of: change, column: column) ?? .null
            out.append(
                ConflictEntry(
                    id: ConflictID(table: change.table, row: change.row, column: column, heads: change.pred).description,
                    table: change.table, row: rowText, label: try label(change.table, rowText), field: column,
                    values: values, shown: Self.text(settledValue), policy: policyName(change.table, column), open: false,
                    settledBy: "\(change.author) at \(codes[change.version.station] ?? "?")",
                    settledValue: Self.text(settledValue), settledAt: change.version.clock.isoText,
                    since: values.map(\.edited).min() ?? "",
                    settlement: describe(change.version, settledValue, author: change.author, codes: codes)
                ))
        }
        return out
    }

    private func describe(_ version: Version, _ value: Value, author: String?, codes: [StationID: String]) -> ConflictValue {
        ConflictValue(
            value: Self.text(value), station: codes[version.station] ?? "?", staff: author ?? "?",
            edited: version.clock.isoText, version: version.description
        )
    }

    /// The value a change writes to a column, if it writes it.
    static func value(of change: Change, column: String) -> Value? {
        switch change.operation {
        case .create(let fields):
            return fields.first { $0.column == column }?.value
        case .set(let written, let value):
            return written == column ? value : nil
        case .add, .remove:
            return nil
        }
    }

    static func text(_ value: Value) -> String {
        value == .null ? "—" : (value.text ?? value.description)
    }

    private func policyName(_ table: String, _ column: String) -> String {
        switch store.schema.table(table)?.column(column)?.policy {
        case .highestRank?: "highestRank"
        case .openWins?: "openWins"
        case .addWins?: "addWins"
        default: "lastWriter"
        }
    }

    /// The record's human label: a case's number and title, or a customer's name.
    private func label(_ table: String, _ rowText: String) throws -> String {
        switch table {
        case "cases":
            let record = try store.records("SELECT number, title FROM cases WHERE id = ?", [.text(rowText)]).first
            return record.map { "\(Self.text($0["number"])) \(Self.text($0["title"]))" } ?? rowText
        case "customers":
            let record = try store.records("SELECT name FROM customers WHERE id = ?", [.text(rowText)]).first
            return record.map { Self.text($0["name"]) } ?? rowText
        default:
            return rowText
        }
    }
}
