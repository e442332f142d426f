import GRDB
package import OutpostCore

/// One read transaction of a store, for reads that must agree with each other: a relay's replica
/// reads the log position it has applied and the state it serves at that position together, while
/// its log tailer keeps applying (`docs/ARCHITECTURE.md`, "Merged replica").
package struct StoreRead {
    package let store: StationStore
    /// The transaction's connection: valid only inside `StationStore.reading(_:)`. Reads that
    /// need it are added here, in this module, so GRDB stays inside the stores.
    let db: Database

    /// A setting, as this transaction sees it.
    package func setting(_ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [key])
    }

    /// The changes this replica has received, as this transaction sees them.
    package func appliedVector() throws -> AppliedVector {
        StationStore.appliedVector(try StationDirectory(db))
    }

    /// The digest of every row (or of the rows in `range`) and the applied vector they belong to.
    package func stateDigest(range: RowRange? = nil) throws -> StateDigest {
        try store.stateDigest(range: range, db)
    }
}

extension StationStore {
    /// Runs `body` in one read transaction: everything it reads is one committed state.
    package func reading<T>(_ body: (StoreRead) throws -> T) throws -> T {
        try read { db in try body(StoreRead(store: self, db: db)) }
    }
}
