import GRDB

extension StationStore {
    /// A station setting (relay address, default staff name, ...), or nil when unset.
    package func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [key]) }
    }

    /// Stores a setting durably; nil removes it.
    package func setSetting(_ key: String, _ value: String?) throws {
        try transaction { db in
            if let value {
                try db.execute(sql: "INSERT OR REPLACE INTO outpost_settings (key, value) VALUES (?, ?)", arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM outpost_settings WHERE key = ?", arguments: [key])
            }
        }
    }
}
