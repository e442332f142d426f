import Foundation
import GRDB
import OutpostCore

extension StationStore {
    /// The schema's history. A migration is never edited once shipped: add a new one.
    ///
    /// Domain tables hold merged current values and declare no foreign keys (`docs/ARCHITECTURE.md`, "Rows and creations":
    /// changes may arrive before the rows they refer to). Bookkeeping tables start with
    /// `outpost_`. Each domain row's rowid is its bookkeeping handle, so the hot path finds both by
    /// integer (`docs/ARCHITECTURE.md`, "Bookkeeping rows"); `select * from cases` does not show it.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE stations (
                        id TEXT PRIMARY KEY NOT NULL, code TEXT, name TEXT, created TEXT, updated TEXT);
                    CREATE TABLE customers (
                        id TEXT PRIMARY KEY NOT NULL, name TEXT, contact TEXT, phones TEXT, emails TEXT,
                        address TEXT, note TEXT, merged_into TEXT, created TEXT, updated TEXT);
                    CREATE TABLE cases (
                        id TEXT PRIMARY KEY NOT NULL, number TEXT, customer_id TEXT, kind TEXT, category TEXT,
                        service TEXT, channel TEXT, severity TEXT, status TEXT, tier INTEGER, assignee TEXT,
                        department TEXT, title TEXT, description TEXT, product TEXT, serial TEXT,
                        purchased TEXT, order_number TEXT, expects TEXT, tags TEXT, created TEXT, updated TEXT);
                    CREATE INDEX cases_by_number ON cases(number);
                    CREATE INDEX cases_by_customer ON cases(customer_id);
                    CREATE TABLE case_events (
                        id TEXT PRIMARY KEY NOT NULL, case_id TEXT, kind TEXT, body TEXT, channel TEXT,
                        outcome TEXT, status TEXT, score INTEGER, tier INTEGER, assignee TEXT, "at" INTEGER,
                        created TEXT, updated TEXT);
                    CREATE INDEX case_events_by_case ON case_events(case_id);

                    -- This database's own identity and clock: one row.
                    CREATE TABLE outpost_local (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        station BLOB NOT NULL,
                        code TEXT NOT NULL,
                        clock INTEGER NOT NULL,          -- last hybrid-clock reading issued or observed
                        time_zone TEXT NOT NULL,
                        pushed_sequence INTEGER NOT NULL DEFAULT 0);
                    -- Settings (relay address, staff name, ...): key/value text.
                    CREATE TABLE outpost_settings (key TEXT PRIMARY KEY NOT NULL, value TEXT);
                    -- Every station seen, by a local integer handle; how far its changes are applied.
                    CREATE TABLE outpost_stations (
                        handle INTEGER PRIMARY KEY,
                        station BLOB NOT NULL UNIQUE,
                        code TEXT UNIQUE,
                        applied_sequence INTEGER NOT NULL DEFAULT 0,
                        applied_clock INTEGER NOT NULL DEFAULT 0);
                    -- One packed merge state per row (registers, tombstones, history refs).
                    CREATE TABLE outpost_rows (handle INTEGER PRIMARY KEY, state BLOB NOT NULL);
                    -- History: one row per (batch, station), the changes as a change batch.
                    CREATE TABLE outpost_log (
                        id INTEGER PRIMARY KEY,
                        station INTEGER NOT NULL,
                        first_sequence INTEGER NOT NULL,
                        last_sequence INTEGER NOT NULL,
                        changes BLOB NOT NULL);
                    CREATE INDEX outpost_log_by_station ON outpost_log(station, first_sequence);
                    -- Changes that arrived ahead of an earlier change of their station.
                    CREATE TABLE outpost_waiting (
                        station INTEGER NOT NULL, sequence INTEGER NOT NULL, change BLOB NOT NULL,
                        PRIMARY KEY (station, sequence)) WITHOUT ROWID;
                    -- Changes this schema version cannot apply yet (docs/ARCHITECTURE.md, "Pending changes").
                    CREATE TABLE outpost_pending (
                        station INTEGER NOT NULL, sequence INTEGER NOT NULL, reason TEXT NOT NULL,
                        change BLOB NOT NULL, PRIMARY KEY (station, sequence)) WITHOUT ROWID;
                    -- Open conflicts, kept in step with the heads.
                    CREATE TABLE outpost_conflicts (
                        id TEXT PRIMARY KEY NOT NULL, table_name TEXT NOT NULL, row_handle INTEGER NOT NULL,
                        column_name TEXT NOT NULL);
                    -- The last case number issued per local day.
                    CREATE TABLE outpost_case_numbers (day TEXT PRIMARY KEY NOT NULL, last INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v2-customer-search") { db in
            // Customer search by any part of a name, contact, phone or email, CJK included: FTS5's
            // trigram tokenizer (SQLite ≥ 3.34). Kept in step with `customers` by triggers; it is
            // derived data, never synced.
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE outpost_customer_search USING fts5(
                        name, contact, phones, emails, content='customers', content_rowid='rowid', tokenize='trigram');
                    CREATE TRIGGER outpost_customer_search_insert AFTER INSERT ON customers BEGIN
                        INSERT INTO outpost_customer_search (rowid, name, contact, phones, emails)
                        VALUES (new.rowid, new.name, new.contact, new.phones, new.emails);
                    END;
                    CREATE TRIGGER outpost_customer_search_update AFTER UPDATE OF name, contact, phones, emails ON customers BEGIN
                        INSERT INTO outpost_customer_search (outpost_customer_search, rowid, name, contact, phones, emails)
                        VALUES ('delete', old.rowid, old.name, old.contact, old.phones, old.emails);
                        INSERT INTO outpost_customer_search (rowid, name, contact, phones, emails)
                        VALUES (new.rowid, new.name, new.contact, new.phones, new.emails);
                    END;
                    """)
        }
        migrator.registerMigration("v3-log-by-station") { db in
            // A log row's id becomes (station handle, first sequence), so finding a station's
            // changes needs no index, and a station's progress is its last log row instead of a
            // counter rewritten by every transaction: a one-edit transaction writes two B-tree
            // pages fewer (`docs/ARCHITECTURE.md`, "B-tree writes per change").
            try db.execute(
                sql: """
                    CREATE TABLE outpost_log_v3 (
                        id INTEGER PRIMARY KEY,          -- station handle << 40 | first sequence
                        last_sequence INTEGER NOT NULL,
                        last_clock INTEGER NOT NULL,     -- the clock of change last_sequence
                        changes BLOB NOT NULL);
                    """)
            var renumbered = [Int64: Int64]()
            let logged = try Row.fetchCursor(db, sql: "SELECT id, station, first_sequence, last_sequence, changes FROM outpost_log")
            while let row = try logged.next() {
                let changes = try ChangeBatch.decode(Array(row[4] as Data))
                let id = BatchApplier.logID(station: row[1], sequence: UInt64(row[2] as Int64))
                try db.cachedStatement(sql: "INSERT INTO outpost_log_v3 (id, last_sequence, last_clock, changes) VALUES (?, ?, ?, ?)").execute(
                    arguments: [
                        id, row[3] as Int64, Int64(bitPattern: changes.last?.version.clock.rawValue ?? 0), row[4] as Data,
                    ])
                renumbered[row[0]] = id
            }
            try db.execute(
                sql: """
                    DROP TABLE outpost_log;
                    ALTER TABLE outpost_log_v3 RENAME TO outpost_log;
                    ALTER TABLE outpost_stations DROP COLUMN applied_sequence;
                    ALTER TABLE outpost_stations DROP COLUMN applied_clock;
                    """)
            // Bookkeeping names the log rows that hold each row's history. Rewritten a page of rows
            // at a time; station handles pass through unchanged (a stand-in id carries each), and
            // the column bound is the largest any table may have, so no schema is consulted.
            var after = Int64.min
            while true {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT handle, state FROM outpost_rows WHERE handle > ? ORDER BY handle LIMIT 1000", arguments: [after])
                guard let last = rows.last else { break }
                for row in rows {
                    var stored = try StoredRow(unpacking: Array(row[1] as Data), columnCount: ColumnSet.capacity) {
                        StationID(high: 0, low: UInt64($0))
                    }
                    stored.log = stored.log.compactMap { renumbered[$0] }.sorted()
                    let packed = stored.pack { Int64($0.low) }
                    try db.cachedStatement(sql: "UPDATE outpost_rows SET state = ? WHERE handle = ?").execute(arguments: [
                        Data(packed), row[0] as Int64,
                    ])
                }
                after = last[0]
            }
        }
        migrator.registerMigration("v4-creation-column-set") { _ in
            // No rewrite: bookkeeping rows take `StoredRow`'s creation column set when next
            // written. Registered so that a build older than that form, which would misread such
            // rows, is refused the file (`migrate(_:refusingNewerAt:)`).
        }
        migrator.registerMigration("v5-schema-2") { db in
            // Schema 2 (`docs/ARCHITECTURE.md`, "Validation and schema versions"): staff, and new columns on cases
            // and events. The two tables are rebuilt rather than altered so that `select *` keeps
            // `created` and `updated` last; rowids are kept, as they are the rows' bookkeeping
            // handles. Changes kept pending for want of these are applied when the store opens.
            try db.execute(
                sql: """
                    CREATE TABLE cases_v5 (
                        id TEXT PRIMARY KEY NOT NULL, number TEXT, customer_id TEXT, kind TEXT, category TEXT,
                        service TEXT, channel TEXT, severity TEXT, status TEXT, tier INTEGER, assignee TEXT,
                        department TEXT, title TEXT, description TEXT, product TEXT, serial TEXT,
                        purchased TEXT, order_number TEXT, expects TEXT, tags TEXT,
                        received_at INTEGER, delivered TEXT, return_asked TEXT, due INTEGER, follow_up_of TEXT,
                        warranty_of TEXT, notified TEXT, acknowledged TEXT, complex INTEGER, created TEXT, updated TEXT);
                    INSERT INTO cases_v5 (
                        rowid, id, number, customer_id, kind, category, service, channel, severity, status, tier, assignee,
                        department, title, description, product, serial, purchased, order_number, expects, tags, created, updated)
                    SELECT rowid, id, number, customer_id, kind, category, service, channel, severity, status, tier, assignee,
                        department, title, description, product, serial, purchased, order_number, expects, tags, created, updated
                    FROM cases;
                    DROP TABLE cases;
                    ALTER TABLE cases_v5 RENAME TO cases;
                    CREATE INDEX cases_by_number ON cases(number);
                    CREATE INDEX cases_by_customer ON cases(customer_id);
                    CREATE INDEX cases_by_serial ON cases(serial);

                    CREATE TABLE case_events_v5 (
                        id TEXT PRIMARY KEY NOT NULL, case_id TEXT, kind TEXT, body TEXT, channel TEXT,
                        outcome TEXT, status TEXT, score INTEGER, tier INTEGER, assignee TEXT, "at" INTEGER,
                        role TEXT, field TEXT, from_value TEXT, to_value TEXT, amount TEXT, passed INTEGER,
                        document TEXT, valid_until TEXT, refers_to TEXT, created TEXT, updated TEXT);
                    INSERT INTO case_events_v5 (
                        rowid, id, case_id, kind, body, channel, outcome, status, score, tier, assignee, "at", created, updated)
                    SELECT rowid, id, case_id, kind, body, channel, outcome, status, score, tier, assignee, "at", created, updated
                    FROM case_events;
                    DROP TABLE case_events;
                    ALTER TABLE case_events_v5 RENAME TO case_events;
                    CREATE INDEX case_events_by_case ON case_events(case_id);

                    CREATE TABLE staff (
                        id TEXT PRIMARY KEY NOT NULL, name TEXT, role TEXT, tier INTEGER, department TEXT, station TEXT,
                        status TEXT, created TEXT, updated TEXT);
                    CREATE INDEX staff_by_name ON staff(name);
                    CREATE TABLE calendar_days (
                        id TEXT PRIMARY KEY NOT NULL, day TEXT, kind TEXT, name TEXT, region TEXT, created TEXT, updated TEXT);
                    CREATE TABLE work_week (
                        id TEXT PRIMARY KEY NOT NULL, days TEXT, hours TEXT, time_zone TEXT, region TEXT, created TEXT, updated TEXT);
                    CREATE TABLE stations_v5 (
                        id TEXT PRIMARY KEY NOT NULL, code TEXT, name TEXT, region TEXT, created TEXT, updated TEXT);
                    INSERT INTO stations_v5 (rowid, id, code, name, created, updated)
                    SELECT rowid, id, code, name, created, updated FROM stations;
                    DROP TABLE stations;
                    ALTER TABLE stations_v5 RENAME TO stations;
                    CREATE TABLE sla_rules (
                        id TEXT PRIMARY KEY NOT NULL, rule TEXT, within TEXT, unit TEXT, applies INTEGER, created TEXT, updated TEXT);
                    """)
        }
        migrator.registerMigration("v6-case-clocks") { db in
            // The deadline cache (`docs/ARCHITECTURE.md`, "Deadline cache"): local, derived, never
            // synced. Triggers drop a case's entry on any write to the case or its events, and
            // every entry on any write to what every clock reads (policy, calendar, regions), so
            // whatever writes the domain tables (a local edit, a remote change, a rebuild) leaves no
            // stale entry. A migration that rebuilds one of these tables must create its triggers anew.
            try db.execute(
                sql: """
                    CREATE TABLE outpost_case_clocks (
                        case_id TEXT PRIMARY KEY NOT NULL,
                        nearest INTEGER,          -- earliest due time of a clock not met yet; NULL: none
                        clocks TEXT NOT NULL      -- JSON [{"rule", "due", "alert"}] of the clocks not met yet that have a due time
                    ) WITHOUT ROWID;
                    CREATE INDEX outpost_case_clocks_by_nearest ON outpost_case_clocks(nearest);
                    -- `today`'s surveys and revisits to do start from the week's closings: a few
                    -- rows among every event, and the only events this index holds.
                    CREATE INDEX case_events_closings ON case_events(created) WHERE kind = 'status' AND status = 'closed';
                    -- Its urgent cases not contacted today look up each case's contacts alone.
                    CREATE INDEX case_events_contacts ON case_events(case_id, "at") WHERE kind = 'contact';
                    """)
            try db.execute(sql: Self.caseClockTriggers)
        }
        migrator.registerMigration("v7-state-floor") { db in
            // A station bootstrapped from the relay's state (`docs/ARCHITECTURE.md`, "Bootstrap")
            // has applied each station's changes up to a sequence without holding their log rows:
            // its progress is the later of its last log row and this floor. While a floor exists
            // the log is not the whole history, so nothing is rebuilt from it.
            try db.execute(
                sql: """
                    CREATE TABLE outpost_state_floor (
                        station INTEGER PRIMARY KEY,     -- outpost_stations.handle
                        sequence INTEGER NOT NULL,       -- changes 1...sequence applied, not logged here
                        clock INTEGER NOT NULL);         -- the clock of change `sequence`
                    """)
        }
        migrator.registerMigration("v8-customer-search-per-transaction") { db in
            // The search index is brought up to date once per transaction, not per row: SQLite
            // 3.40's FTS5 writes out its pending terms at every statement savepoint, and each
            // write to a table with triggers opens one, so indexing row by row left a segment per
            // customer to merge (`docs/ARCHITECTURE.md`, "Customer search"). The triggers now
            // note which rows changed, with the values the index holds for them.
            try db.execute(
                sql: """
                    DROP TRIGGER outpost_customer_search_insert;
                    DROP TRIGGER outpost_customer_search_update;
                    CREATE TABLE outpost_customer_search_stale (
                        rowid INTEGER PRIMARY KEY,   -- customers.rowid
                        indexed INTEGER NOT NULL,    -- 1: the index holds the values below; 0: nothing
                        name, contact, phones, emails);
                    CREATE TRIGGER outpost_customer_search_insert AFTER INSERT ON customers BEGIN
                        INSERT INTO outpost_customer_search_stale (rowid, indexed)
                        SELECT new.rowid, 0 WHERE NOT EXISTS (SELECT 1 FROM outpost_customer_search_stale WHERE rowid = new.rowid);
                    END;
                    CREATE TRIGGER outpost_customer_search_update AFTER UPDATE OF name, contact, phones, emails ON customers BEGIN
                        INSERT INTO outpost_customer_search_stale (rowid, indexed, name, contact, phones, emails)
                        SELECT old.rowid, 1, old.name, old.contact, old.phones, old.emails
                        WHERE NOT EXISTS (SELECT 1 FROM outpost_customer_search_stale WHERE rowid = old.rowid);
                    END;
                    """)
        }
        return migrator
    }

    /// The triggers that keep `outpost_case_clocks` from holding a stale entry.
    static var caseClockTriggers: String {
        var sql = ""
        for (table, key) in [("cases", "id"), ("case_events", "case_id")] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                let rows = event == "INSERT" ? ["NEW"] : event == "DELETE" ? ["OLD"] : ["OLD", "NEW"]
                let deletes = rows.map { "DELETE FROM outpost_case_clocks WHERE case_id = \($0).\(key);" }.joined(separator: " ")
                sql += "CREATE TRIGGER outpost_case_clocks_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN \(deletes) END;\n"
            }
        }
        for table in ["sla_rules", "calendar_days", "work_week", "stations"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                // A station's name does not move a clock; its region, and the code it is found by, do.
                let on = table == "stations" && event == "UPDATE" ? "UPDATE OF region, code" : event
                sql +=
                    "CREATE TRIGGER outpost_case_clocks_\(table)_\(event.lowercased()) AFTER \(on) ON \(table) BEGIN DELETE FROM outpost_case_clocks; END;\n"
            }
        }
        return sql
    }
}
