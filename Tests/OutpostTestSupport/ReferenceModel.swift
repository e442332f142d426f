package import OutpostCore

/// An open conflict as the reference model derives it.
package struct ReferenceConflict: Hashable, Sendable {
    /// 16 lower-case hex digits: FNV-1a 64 over (table, row, column, sorted head versions).
    package var id: String
    package var table: String
    package var row: RowID
    package var column: String
    /// The winner among the conflicting heads: the value the domain table shows.
    package var shown: Value

    package init(id: String, table: String, row: RowID, column: String, shown: Value) {
        self.id = id
        self.table = table
        self.row = row
        self.column = column
        self.shown = shown
    }
}

/// A second, deliberately simple implementation of the merge rules (`docs/ARCHITECTURE.md`, "Field registers"), used as a test
/// oracle for the station store.
///
/// It keeps nothing but the set of changes and re-derives every register from scratch on each
/// query, by brute force: it shares no merge code with the core (no `Register`, `RowState`,
/// `MergePolicy.winner` or `ConflictID`), so a bug in those is not reproduced here.
///
/// Conventions (they mirror what the store's domain tables hold):
/// - The input is a set: a change whose id was inserted before is ignored (the first one stays).
/// - Pending changes take no part in anything (`docs/ARCHITECTURE.md`, "Pending changes"): written
///   under a newer schema, for an unknown table or column (a creation naming one included), with
///   the wrong operation for the column (`set` on a set, `add`/`remove` on a single value), with a
///   value the column's rule refuses, or a non-creation on an append-only table. Value rules are
///   the core's `ValueRule.accepts`: validation, not merging.
/// - Registers: one per (table, row, column) for scalar writes (`lastWriter`, `highestRank`,
///   `openWins`), one per (table, row, column, element) for the elements of `addWins` sets, so two
///   stations adding the same element (a notification level) write one register and the set lists
///   it once. Heads are the writes no other write of the same register names in its pred.
/// - Rows appear once their creation is in the set; columns are `id`, the schema's columns in
///   declared order, `created`, `updated`; rows sorted by the `id` text's UTF-8 bytes.
package struct ReferenceModel {
    package let schema: Schema
    private var changesByID: [ChangeID: Change] = [:]

    package init(schema: Schema) {
        self.schema = schema
    }

    /// Adds changes to the set; a change whose id is already present is ignored.
    package mutating func insert<S: Sequence>(_ changes: S) where S.Element == Change {
        for change in changes where changesByID[change.id] == nil {
            changesByID[change.id] = change
        }
    }

    /// The number of distinct change ids inserted, pending ones included.
    package var changeCount: Int { changesByID.count }

    /// Table name → rows in domain column order, sorted by `id`. Every schema table is present.
    package func tables() -> [String: [[Value]]] {
        let derived = Derivation(schema: schema, changes: appliedChanges())
        var result = [String: [[Value]]]()
        for table in schema.tables {
            var rows = [(id: String, row: RowID, values: [Value])]()
            for (row, facts) in derived.rows[table.name] ?? [:] {
                guard let creation = facts.creation else { continue }
                let id = derived.idText(row)
                var values: [Value] = [.text(id)]
                for column in table.columns {
                    values.append(derived.shownValue(table: table.name, row: row, column: column))
                }
                values.append(.text(creation.clock.isoText))
                values.append(.text(facts.latest.clock.isoText))
                rows.append((id, row, values))
            }
            rows.sort { lhs, rhs in
                let left = Array(lhs.id.utf8)
                let right = Array(rhs.id.utf8)
                if left != right { return left.lexicographicallyPrecedes(right) }
                return lhs.row < rhs.row
            }
            result[table.name] = rows.map(\.values)
        }
        return result
    }

    /// Every open conflict (shown rows and rows not created yet alike), sorted by id.
    package func openConflicts() -> [ReferenceConflict] {
        let derived = Derivation(schema: schema, changes: appliedChanges())
        var conflicts = [ReferenceConflict]()
        for (key, writes) in derived.scalarWrites {
            guard let column = schema.table(key.table)?.column(key.column), column.policy != .addWins else { continue }
            let heads = Derivation.heads(of: writes)
            guard heads.count >= 2, heads.contains(where: { $0.value != heads[0].value }) else { continue }
            conflicts.append(
                ReferenceConflict(
                    id: ReferenceHash.conflictID(table: key.table, row: key.row, column: key.column, heads: heads.map(\.version)),
                    table: key.table,
                    row: key.row,
                    column: key.column,
                    shown: Derivation.winner(of: heads, policy: column.policy)
                ))
        }
        conflicts.sort { lhs, rhs in
            if lhs.id != rhs.id { return Array(lhs.id.utf8).lexicographicallyPrecedes(Array(rhs.id.utf8)) }
            if lhs.table != rhs.table { return Array(lhs.table.utf8).lexicographicallyPrecedes(Array(rhs.table.utf8)) }
            if lhs.row != rhs.row { return lhs.row < rhs.row }
            return Array(lhs.column.utf8).lexicographicallyPrecedes(Array(rhs.column.utf8))
        }
        return conflicts
    }

    /// Whether a change waits pending instead of being applied (`docs/ARCHITECTURE.md`, "Pending changes").
    package func isPending(_ change: Change) -> Bool {
        guard change.schema <= schema.version, let table = schema.table(change.table) else { return true }
        /// Whether a column refuses a value written as an element (or as a single value).
        func refuses(_ name: String, _ value: Value, asElement: Bool) -> Bool {
            guard let column = table.column(name) else { return true }
            return (column.policy == .addWins) != asElement || !column.rule.accepts(value)
        }
        switch change.operation {
        case .create(let fields):
            return fields.contains { refuses($0.column, $0.value, asElement: table.column($0.column)?.policy == .addWins) }
        case .set(let column, let value):
            return table.appendOnly || refuses(column, value, asElement: false)
        case .add(let column, let element), .remove(let column, let element):
            return table.appendOnly || refuses(column, element, asElement: true)
        }
    }

    /// The non-pending changes, in change-id order so every derivation is deterministic.
    private func appliedChanges() -> [Change] {
        changesByID.values.filter { !isPending($0) }.sorted { $0.id < $1.id }
    }
}

// MARK: - Derivation

/// Everything derived from one set of applied changes.
private struct Derivation {
    struct FieldKey: Hashable {
        var table: String
        var row: RowID
        var column: String
    }

    /// One write to one register: a scalar value, or an element's presence.
    struct Write {
        var version: Version
        var pred: [Version]
        var value: Value
        var present: Bool
    }

    struct RowFacts {
        /// The creation's version; nil while the creation is not in the set.
        var creation: Version?
        /// The highest version of any applied change to the row.
        var latest: Version
    }

    let schema: Schema
    /// Scalar registers.
    var scalarWrites: [FieldKey: [Write]] = [:]
    /// Element registers per field, one per element value.
    var elementWrites: [FieldKey: [Value: [Write]]] = [:]
    /// Table → row → facts, for every row any applied change touches.
    var rows: [String: [RowID: RowFacts]] = [:]
    /// Station → code, from the creations of the `stations` rows.
    var codes: [StationID: (version: Version, code: String)] = [:]

    init(schema: Schema, changes: [Change]) {
        self.schema = schema
        for change in changes {
            guard let table = schema.table(change.table) else { continue }
            let fieldKey = { (column: String) in FieldKey(table: change.table, row: change.row, column: column) }

            var facts = rows[change.table, default: [:]][change.row] ?? RowFacts(creation: nil, latest: change.version)
            if facts.latest < change.version { facts.latest = change.version }

            switch change.operation {
            case .create(let fields):
                // Several creations of one row cannot happen; if they do, the lowest version counts.
                if facts.creation.map({ change.version < $0 }) ?? true { facts.creation = change.version }
                for field in fields {
                    guard let column = table.column(field.column) else { continue }
                    let write = Write(version: change.version, pred: [], value: field.value, present: true)
                    if column.policy == .addWins {
                        elementWrites[fieldKey(field.column), default: [:]][field.value, default: []].append(write)
                    } else {
                        scalarWrites[fieldKey(field.column), default: []].append(write)
                    }
                }
                if change.table == "stations", change.row.station == change.id.station,
                    let code = fields.first(where: { $0.column == "code" })?.value.text
                {
                    if codes[change.row.station].map({ change.version < $0.version }) ?? true {
                        codes[change.row.station] = (change.version, code)
                    }
                }
            case .set(let column, let value):
                scalarWrites[fieldKey(column), default: []]
                    .append(Write(version: change.version, pred: change.pred, value: value, present: true))
            case .add(let column, let element):
                elementWrites[fieldKey(column), default: [:]][element, default: []]
                    .append(Write(version: change.version, pred: change.pred, value: element, present: true))
            case .remove(let column, let element):
                elementWrites[fieldKey(column), default: [:]][element, default: []]
                    .append(Write(version: change.version, pred: change.pred, value: element, present: false))
            }
            rows[change.table, default: [:]][change.row] = facts
        }
    }

    /// The heads of one register, ascending by version: the writes whose version no other write
    /// of the register lists in its pred. A version written twice to one register (only a
    /// creation listing a field twice can do that) counts once, its first occurrence.
    static func heads(of writes: [Write]) -> [Write] {
        var seen = Set<Version>()
        var unique = [Write]()
        for write in writes where seen.insert(write.version).inserted {
            unique.append(write)
        }
        // Every version some other write of this register names in its pred.
        var superseded = Set<Version>()
        for write in unique {
            for version in write.pred where version != write.version {
                superseded.insert(version)
            }
        }
        return unique.filter { !superseded.contains($0.version) }.sorted { $0.version < $1.version }
    }

    /// The value shown for a scalar register with the given heads.
    static func winner(of heads: [Write], policy: MergePolicy) -> Value {
        func highestVersion(_ candidates: [Write]) -> Write? {
            candidates.max { $0.version < $1.version }
        }
        switch policy {
        case .lastWriter, .addWins:
            return highestVersion(heads)?.value ?? .null
        case .highestRank(let order):
            func rank(_ value: Value) -> Int { order.firstIndex(of: value) ?? -1 }
            let best = heads.max { lhs, rhs in
                let (left, right) = (rank(lhs.value), rank(rhs.value))
                return left != right ? left < right : lhs.version < rhs.version
            }
            return best?.value ?? .null
        case .openWins(let open):
            let best = highestVersion(heads.filter { open.contains($0.value) }) ?? highestVersion(heads)
            return best?.value ?? .null
        }
    }

    func shownValue(table: String, row: RowID, column: ColumnSchema) -> Value {
        let key = FieldKey(table: table, row: row, column: column.name)
        if column.policy == .addWins {
            var present = [Value]()
            for (element, writes) in elementWrites[key] ?? [:] where Self.heads(of: writes).contains(where: \.present) {
                present.append(element)
            }
            // Texts by their UTF-8 bytes; anything else by canonical bytes.
            present.sort { lhs, rhs in
                if case .text(let a) = lhs, case .text(let b) = rhs { return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
                return lhs.canonicalBytes.lexicographicallyPrecedes(rhs.canonicalBytes)
            }
            return .text(JSONText.array(present))
        }
        return Self.winner(of: Self.heads(of: scalarWrites[key] ?? []), policy: column.policy)
    }

    /// The row's domain id: `CODE.sequence`. A station whose `stations` creation is not in the
    /// set has no code; its 32-digit hex id stands in.
    func idText(_ row: RowID) -> String {
        let code = codes[row.station]?.code ?? row.station.description
        return "\(code).\(row.sequence)"
    }
}

// MARK: - Conflict ids

/// The conflict-id hash, written out independently of the core's byte writer.
package enum ReferenceHash {
    /// 64-bit FNV-1a.
    package static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Unsigned LEB128.
    package static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out = [UInt8]()
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// Eight bytes, big-endian.
    package static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8((value >> UInt64(56 - 8 * $0)) & 0xFF) }
    }

    static func string(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return varint(UInt64(utf8.count)) + utf8
    }

    static func station(_ station: StationID) -> [UInt8] {
        bigEndian(station.high) + bigEndian(station.low)
    }

    /// 16 lower-case hex digits, zero-padded.
    package static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    package static func conflictID(table: String, row: RowID, column: String, heads: [Version]) -> String {
        var bytes = string(table)
        bytes += station(row.station)
        bytes += bigEndian(row.sequence)
        bytes += string(column)
        for version in heads.sorted() {
            bytes += bigEndian(version.clock.rawValue)
            bytes += station(version.station)
        }
        return hex16(fnv1a(bytes))
    }
}
