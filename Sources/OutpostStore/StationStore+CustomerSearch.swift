package import GRDB

extension StationStore {
    /// Brings the customer search index up to date with the rows this transaction changed, just
    /// before it commits (`docs/ARCHITECTURE.md`, "Customer search").
    ///
    /// The triggers on `customers` note each changed row once, with the values the index holds
    /// for it (none for a row new in this transaction). Those postings are removed and the rows'
    /// current values indexed, in three statements however many rows changed, so FTS5 writes one
    /// segment per transaction instead of one per row.
    package static func catchUpCustomerSearch(_ db: Database) throws {
        guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM outpost_customer_search_stale)")) == true else {
            return
        }
        try db.execute(
            sql: """
                INSERT INTO outpost_customer_search (outpost_customer_search, rowid, name, contact, phones, emails)
                SELECT 'delete', rowid, name, contact, phones, emails FROM outpost_customer_search_stale WHERE indexed;
                INSERT INTO outpost_customer_search (rowid, name, contact, phones, emails)
                SELECT c.rowid, c.name, c.contact, c.phones, c.emails
                FROM outpost_customer_search_stale s JOIN customers c ON c.rowid = s.rowid;
                DELETE FROM outpost_customer_search_stale;
                """)
    }
}
