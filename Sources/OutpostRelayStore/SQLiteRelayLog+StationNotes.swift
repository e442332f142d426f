import Foundation
import GRDB

/// What the supervisors' board shows of each station beyond the protocol's own bookkeeping.
extension SQLiteRelayLog {
    package func recordHello(code: String, schema: Int, software: String) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE relay_stations SET schema = ?, software = ? WHERE code = ?", arguments: [schema, String(software.prefix(200)), code])
        }
    }

    /// Kept short: a refusal's message is for a person glancing at the board, and a hostile
    /// station must not grow the relay's table.
    package func recordRefusal(code: String, message: String, now: UInt64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE relay_stations SET last_error = ?, last_error_at = ? WHERE code = ?",
                arguments: [String(message.prefix(500)), Int64(clamping: now), code])
        }
    }
}
