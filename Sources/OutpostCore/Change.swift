/// One replicated edit: the unit that is logged, synced and merged (`docs/ARCHITECTURE.md`, "Changes").
package struct Change: Hashable, Sendable {
    package var id: ChangeID
    package var table: String
    package var row: RowID
    package var operation: Operation
    package var version: Version
    /// The versions this change overwrites: the heads its writer saw for the field (or, for a
    /// set element, for that element). Empty for a row's creation.
    package var pred: [Version]
    /// The staff member who made the edit.
    package var author: String
    /// The schema version the change was written under (`docs/ARCHITECTURE.md`, "Validation and schema versions").
    package var schema: Int

    package init(
        id: ChangeID, table: String, row: RowID, operation: Operation, version: Version,
        pred: [Version], author: String, schema: Int
    ) {
        self.id = id
        self.table = table
        self.row = row
        self.operation = operation
        self.version = version
        self.pred = pred
        self.author = author
        self.schema = schema
    }

    /// True when this change creates its row; such a change is the row's id.
    package var isCreation: Bool {
        if case .create = operation { true } else { false }
    }
}

extension Change {
    /// What a change does.
    package enum Operation: Hashable, Sendable {
        /// Creates the row with all its initial fields in one change, so a row can never appear
        /// half-made. A set column may appear several times: each occurrence adds one element.
        case create([Field])
        /// Writes one field.
        case set(column: String, value: Value)
        /// Adds one element to an `addWins` set; `pred` names the element's heads the writer saw.
        case add(column: String, element: Value)
        /// Removes one element (observed-remove): `pred` names the element's heads the writer saw,
        /// so a concurrent add survives.
        case remove(column: String, element: Value)

        /// The column written, or nil for a creation.
        package var column: String? {
            switch self {
            case .create: nil
            case .set(let column, _), .add(let column, _), .remove(let column, _): column
            }
        }
    }
}

/// A column and its value, as carried by a creation.
package struct Field: Hashable, Sendable {
    package var column: String
    package var value: Value

    package init(_ column: String, _ value: Value) {
        self.column = column
        self.value = value
    }
}
