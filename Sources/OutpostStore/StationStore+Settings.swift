import GRDB

extension StationStore {
    /// The setting holding the relay's address: set when this station syncs with a relay. Sync
    /// writes it; the domain reads it to give advice that depends on it.
    package static let relayURLSetting = "relay.url"

    /// Whether this station has a relay to sync with.
    package func hasRelay() throws -> Bool { try setting(Self.relayURLSetting) != nil }

    /// A station setting (relay address, default staff name, ...), or nil when unset.
    package func setting(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [key]) }
    }

    /// Stores a setting durably; nil removes it.
    package func setSetting(_ key: String, _ value: String?) throws {
        try transaction { db in try Self.write(settings: [key: value], db) }
    }

    /// Stores several settings durably in one commit; a nil value removes its setting.
    package func setSettings(_ settings: [String: String?]) throws {
        try transaction { db in try Self.write(settings: settings, db) }
    }

    /// Writes settings inside a transaction that does other work, so they commit with it; nil
    /// removes one.
    static func write(settings: [String: String?], _ db: Database) throws {
        for (key, value) in settings {
            if let value {
                try db.execute(sql: "INSERT OR REPLACE INTO outpost_settings (key, value) VALUES (?, ?)", arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM outpost_settings WHERE key = ?", arguments: [key])
            }
        }
    }
}
