/// How concurrent heads of one field become the value shown (`docs/ARCHITECTURE.md`, "Merge policies").
package enum MergePolicy: Hashable, Sendable {
    /// The highest version.
    case lastWriter
    /// The highest rank among the heads (ranks listed lowest first), ties by version: a
    /// concurrent raise is never lost to a concurrent lowering.
    case highestRank([Value])
    /// If any head is one of the open values, the highest-versioned open head; otherwise the
    /// highest version. A case is never closed silently while another station still works on it.
    case openWins(open: Set<Value>)
    /// A set whose elements are each an add-wins present/absent register.
    case addWins
}

/// What a column accepts on a local write. Remote changes are never refused for their values:
/// a value this version does not accept waits pending (`docs/ARCHITECTURE.md`, "Pending changes").
package enum ValueRule: Hashable, Sendable {
    case text
    case optionalText
    case integer(ClosedRange<Int64>)
    case optionalInteger(ClosedRange<Int64>)
    /// One of the listed text values.
    case oneOf([String])
    /// One of the listed text values, or null.
    case optionalOneOf([String])
    /// A reference to a row of the named table, as the row's text id.
    case reference(String)
    case optionalReference(String)
    /// A set element: normalised text.
    case element(ElementKind)
}

/// How set elements are normalised, so two stations adding the same phone add the same element.
package enum ElementKind: Hashable, Sendable {
    case phone
    case email
    case tag
}

package struct ColumnSchema: Hashable, Sendable {
    package var name: String
    package var policy: MergePolicy
    package var rule: ValueRule

    package init(_ name: String, _ rule: ValueRule, policy: MergePolicy = .lastWriter) {
        self.name = name
        self.rule = rule
        self.policy = policy
    }

    package var isSet: Bool { policy == .addWins }
}

package struct TableSchema: Hashable, Sendable {
    package var name: String
    package var columns: [ColumnSchema]
    /// Append-only tables (case events) take creations only: their rows never change.
    package var appendOnly: Bool

    package init(_ name: String, appendOnly: Bool = false, columns: [ColumnSchema]) {
        self.name = name
        self.appendOnly = appendOnly
        self.columns = columns
        precondition(columns.count <= ColumnSet.capacity, "table \(name) has more than \(ColumnSet.capacity) columns")
        columnIndex = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.name, $0) })
    }

    /// Column name → position in `columns`.
    package private(set) var columnIndex: [String: Int]

    package func column(_ name: String) -> ColumnSchema? {
        columnIndex[name].map { columns[$0] }
    }

    /// The domain table's columns in order: the row id, the replicated columns, then the two
    /// derived from the row's versions. The store's tables, the domain's record types and their
    /// JSON all follow this list (checked by the schema declaration tests).
    package var tableColumns: [(name: String, sqlType: String)] {
        [("id", "TEXT")] + columns.map { ($0.name, $0.sqlType) } + [("created", "TEXT"), ("updated", "TEXT")]
    }

    /// `CREATE TABLE` for the domain table, for migrations that add a table: its columns come from
    /// the schema, never typed a second time. No foreign keys: changes may arrive before the rows
    /// they refer to (`docs/ARCHITECTURE.md`, "Rows and creations").
    package var createStatement: String {
        let columns = tableColumns.map { $0.name == "id" ? "id TEXT PRIMARY KEY NOT NULL" : "\"\($0.name)\" \($0.sqlType)" }
        return "CREATE TABLE \(name) (\(columns.joined(separator: ", ")))"
    }
}

extension ColumnSchema {
    /// The column's SQLite type: INTEGER for whole numbers, TEXT for the rest (sets are JSON text).
    package var sqlType: String {
        switch rule {
        case .integer, .optionalInteger: "INTEGER"
        default: "TEXT"
        }
    }
}

/// The replicated tables and their merge policies: part of the contract between stations.
package struct Schema: Hashable, Sendable {
    /// Raised whenever a table, column, policy or accepted value is added; changes written
    /// under a newer version wait pending on older stations (`docs/ARCHITECTURE.md`, "Validation and schema versions").
    package var version: Int
    package var tables: [TableSchema]

    package init(version: Int, tables: [TableSchema]) {
        self.version = version
        self.tables = tables
        tableIndex = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
    }

    private var tableIndex: [String: Int]

    package func table(_ name: String) -> TableSchema? {
        tableIndex[name].map { tables[$0] }
    }

    /// The position of a table, used as a compact table code in packed bookkeeping.
    package func tableNumber(_ name: String) -> Int? { tableIndex[name] }
}
