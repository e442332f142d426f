/// The merge state of one row: a register per scalar column, an element register per set
/// element, and whether the row's creation has been applied.
///
/// The store keeps one `RowState` per domain row in a single packed bookkeeping row
/// (`docs/ARCHITECTURE.md`, "Bookkeeping rows"), loads the rows a batch touches, applies the batch here in memory, and writes
/// each touched row back once.
package struct RowState: Hashable, Sendable {
    /// The creation's version, once applied; until then the row is not shown (`docs/ARCHITECTURE.md`, "Rows and creations").
    package var created: Version?
    /// The highest version applied to the row: the row's `updated` time.
    package var latest: Version?
    /// Scalar registers by column position; set columns keep an empty register here.
    package var fields: [Register<Value>]
    /// Element registers by column position, keyed by the normalised element; empty for scalars.
    package var elements: [[Value: Register<Bool>]]
    /// Columns whose single head's value is not held here but in the domain row (`docs/ARCHITECTURE.md`, "Bookkeeping rows": a
    /// head's value is stored only while a field has more than one head). The store fills the
    /// value in through `apply`'s `load` when a concurrent write needs it.
    package var elided: ColumnSet

    package init(columnCount: Int) {
        fields = Array(repeating: Register(), count: columnCount)
        elements = Array(repeating: [:], count: columnCount)
        elided = []
    }

    package var isCreated: Bool { created != nil }

    /// Applies one change to this row.
    ///
    /// - Parameters:
    ///   - isApplied: whether a version's change was applied to this replica before.
    ///   - load: the value shown in the domain row for a column, for elided heads.
    /// - Returns: the positions of the columns whose heads changed.
    package mutating func apply(
        _ change: Change, in table: TableSchema,
        isApplied: (Version) -> Bool,
        load: (Int) throws -> Value
    ) rethrows -> [Int] {
        // Applying the same change twice changes nothing (the store also filters duplicates).
        if isApplied(change.version) { return [] }
        if latest.map({ $0 < change.version }) ?? true { latest = change.version }
        switch change.operation {
        case .create(let fields):
            created = change.version
            var touched = [Int]()
            // A set element listed twice is one add: applied twice with the same version, the
            // second listing would make the element a head again after the first had met a
            // write that overwrote it (its tombstone), on this replica only.
            var listed = [Int: Set<Value>]()
            for field in fields {
                guard let position = table.columnIndex[field.column] else { continue }
                if table.columns[position].isSet {
                    guard listed[position, default: []].insert(field.value).inserted else { continue }
                    applyElement(position, field.value, present: true, change.version, pred: [], isApplied)
                } else {
                    try fillElided(position, pred: [], load: load)
                    self.fields[position].apply(version: change.version, payload: field.value, pred: [], isApplied: isApplied)
                }
                touched.append(position)
            }
            return touched
        case .set(let column, let value):
            guard let position = table.columnIndex[column] else { return [] }
            try fillElided(position, pred: change.pred, load: load)
            fields[position].apply(version: change.version, payload: value, pred: change.pred, isApplied: isApplied)
            return [position]
        case .add(let column, let element), .remove(let column, let element):
            guard let position = table.columnIndex[column] else { return [] }
            let present = if case .add = change.operation { true } else { false }
            applyElement(position, element, present: present, change.version, pred: change.pred, isApplied)
            return [position]
        }
    }

    private mutating func applyElement(
        _ position: Int, _ element: Value, present: Bool, _ version: Version, pred: [Version],
        _ isApplied: (Version) -> Bool
    ) {
        elements[position][element, default: Register()]
            .apply(version: version, payload: present, pred: pred, isApplied: isApplied)
    }

    /// A write that does not overwrite an elided single head makes two heads: fetch the old value.
    private mutating func fillElided(_ position: Int, pred: [Version], load: (Int) throws -> Value) rethrows {
        guard elided.contains(position) else { return }
        if let head = fields[position].heads.first, !pred.contains(head.version) {
            fields[position].setPayload(try load(position), at: 0)
        }
        elided.remove(position)
    }

    /// The value the domain row shows for a column.
    package func shown(_ position: Int, in table: TableSchema) -> Value {
        let column = table.columns[position]
        if column.isSet {
            let present = elements[position].filter { $0.value.isPresent }.map(\.key).sorted(by: Value.byteOrder)
            return .text(JSONText.array(present))
        }
        return column.policy.winner(of: fields[position].heads)?.payload ?? .null
    }

    /// The open conflict on a column, if its heads disagree.
    package func conflict(_ position: Int, in table: TableSchema, row: RowID) -> ConflictID? {
        guard !table.columns[position].isSet, fields[position].isConflicted else { return nil }
        return ConflictID(table: table.name, row: row, column: table.columns[position].name, heads: fields[position].headVersions)
    }

    // MARK: - Storage
    //
    // The store's bookkeeping codec lives in another module, where generic `package` members
    // (`Register`'s) are never specialised: each call there looked up generic metadata, 5 % of a
    // batched local edit (measured). Its per-field loops over registers are therefore here.

    /// Scalar columns whose register holds heads or tombstones.
    package var occupiedFields: ColumnSet {
        var occupied = ColumnSet()
        for position in fields.indices where !fields[position].isEmpty { occupied.insert(position) }
        return occupied
    }

    /// Scalar columns whose only head is the creation's write, with no tombstones: most fields of
    /// most rows, which storage keeps as one bit each.
    package var fieldsFromCreation: ColumnSet {
        var fromCreation = ColumnSet()
        guard let created else { return fromCreation }
        for position in fields.indices {
            let register = fields[position]
            if register.heads.count == 1, register.tombstones.isEmpty, register.heads[0].version == created {
                fromCreation.insert(position)
            }
        }
        return fromCreation
    }

    /// Restores `columns` as holding only the creation's write, their values elided (the domain
    /// row has them): the inverse of `fieldsFromCreation`. The creation must be set first.
    package mutating func restoreFromCreation(_ columns: ColumnSet) {
        guard let created else { return }
        // One array shared by every such field (copied only if one is written): most of a row's
        // fields, so unpacking a row allocates once rather than once per field.
        let creation = Register<Value>(ascending: [Register.Head(version: created, payload: Value.null)], tombstones: [])
        for position in columns { fields[position] = creation }
        elided.formUnion(columns)
    }

    /// The versions a local write to a scalar column must name as its pred.
    package func heads(_ position: Int) -> [Version] { fields[position].headVersions }

    /// The versions a local add or remove of an element must name as its pred.
    package func heads(_ position: Int, element: Value) -> [Version] {
        elements[position][element]?.headVersions ?? []
    }
}

/// Minimal JSON text for the domain's set columns, built without Foundation.
package enum JSONText {
    package static func array(_ values: [Value]) -> String {
        "[" + values.map(literal).joined(separator: ",") + "]"
    }

    package static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .integer(let integer): return String(integer)
        case .real(let real): return real.isFinite ? String(real) : "null"
        case .blob(let blob): return string(Hex.encode(blob))
        case .text(let text): return string(text)
        }
    }

    package static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
