import Foundation
import GRDB
package import OutpostCore

extension SQLiteRelayLog {
    /// Everything but the batches, read in one snapshot: what `outpost-relay migrate` moves first.
    package func contents() async throws -> RelayLogContents {
        try await writer.read { db in
            let meta = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM relay_meta").map { ($0[0] as String, $0[1] as Int64) })
            let stations = try Row.fetchAll(db, sql: "SELECT * FROM relay_stations ORDER BY code").map { row in
                EnrolledStation(
                    station: Self.station(row), tokenHash: Array(row["token_hash"] as Data), enrolled: UInt64(clamping: row["enrolled"] as Int64))
            }
            var contents = RelayLogContents(
                identity: StationID(high: UInt64(bitPattern: meta["id_high"] ?? 0), low: UInt64(bitPattern: meta["id_low"] ?? 0)),
                head: UInt64(meta["head"] ?? 0), maxClock: UInt64(bitPattern: meta["max_clock"] ?? 0), stations: stations)
            contents.supervisors = try Row.fetchAll(db, sql: "SELECT * FROM relay_supervisors ORDER BY name").map { row in
                (Self.supervisor(row), Array(row["token_hash"] as Data))
            }
            return contents
        }
    }

    /// Up to `limit` stored batches starting after `position`, in position order.
    package func batches(after position: UInt64, limit: Int) async throws -> [StoredBatch] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT station, first_position, last_position, first_sequence, last_sequence, changes FROM relay_batches
                    WHERE first_position > ? ORDER BY first_position LIMIT ?
                    """, arguments: [Int64(position), limit]
            ).map { row in
                StoredBatch(
                    station: Array(row[0] as Data), first: UInt64(row[1] as Int64), last: UInt64(row[2] as Int64),
                    firstSequence: UInt64(row[3] as Int64), lastSequence: UInt64(row[4] as Int64), changes: Array(row[5] as Data))
            }
        }
    }
}
