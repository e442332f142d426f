import GRDB
package import OutpostCore

/// One result row of a read query: column names and values.
package struct Record: Hashable, Sendable {
    package var columns: [String]
    package var values: [Value]

    package init(columns: [String], values: [Value]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a named column, or `.null` when the query has no such column.
    package subscript(_ column: String) -> Value {
        columns.firstIndex(of: column).map { values[$0] } ?? .null
    }
}

/// Where read queries go: the store (each query its own snapshot), or one write transaction
/// whose reads must agree with what it writes (`StationStore.fillCaseClocks`).
package protocol RecordReader {
    func records(_ sql: String, _ arguments: [Value]) throws -> [Record]
}

extension StationStore: RecordReader {
    /// Runs a read-only query over the domain tables (`customers`, `cases`, `case_events`,
    /// `stations`, and the search index `outpost_customer_search`).
    ///
    /// Reads see one consistent snapshot; the connection is read-only, so a query can never write.
    package func records(_ sql: String, _ arguments: [Value] = []) throws -> [Record] {
        try read { db in try Record.fetchAll(db, sql, arguments) }
    }
}

extension Record {
    static func fetchAll(_ db: Database, _ sql: String, _ arguments: [Value]) throws -> [Record] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        return try Row.fetchAll(statement, arguments: StatementArguments(arguments.map(DatabaseValue.init))).map { row in
            Record(columns: columns, values: row.databaseValues.map(Value.init))
        }
    }
}
