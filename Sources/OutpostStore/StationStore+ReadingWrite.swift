import GRDB
package import OutpostCore

extension StationStore {
    /// Like `write(as:_:)`, with SQL reads of the domain rows as they stood when the transaction
    /// began, for checks that must be atomic with the edits they guard (the workflow reads a
    /// case's status and writes the next one in the same `BEGIN IMMEDIATE` transaction). Edits
    /// made in the transaction itself are read with `LocalWrite.shown`.
    @discardableResult
    package func write<T>(as author: String, reading body: (LocalWrite, CommittedRows) throws -> T) throws -> T {
        try transaction { db in
            let write = try LocalWrite(db, schema: schema, author: author, wallClock: wallClock)
            let result = try body(write, CommittedRows(db: db))
            try write.finish()
            return result
        }
    }
}

/// Read access to the domain tables inside a write transaction. The applier writes domain rows
/// once, when the transaction finishes, so these reads show the committed state the transaction
/// started from (no other process can change it meanwhile: the transaction holds the write lock).
package struct CommittedRows {
    let db: Database

    /// One column of one row, by its text id; nil when the row does not exist.
    package func value(_ table: String, id: String, column: String) throws -> Value? {
        let rows = try records("SELECT \"\(column)\" AS value FROM \(table) WHERE id = ?", [.text(id)])
        return rows.first?["value"]
    }

    /// A read query over the domain tables, as `StationStore.records` runs it.
    package func records(_ sql: String, _ arguments: [Value] = []) throws -> [Record] {
        try Record.fetchAll(db, sql, arguments)
    }
}
