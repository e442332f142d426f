import Foundation
import GRDB
package import OutpostCore

extension StationStore {
    /// The codes of every station this replica has heard of, by station id.
    package func stationCodes() throws -> [StationID: String] {
        try read { db in
            var out = [StationID: String]()
            for row in try Row.fetchAll(db, sql: "SELECT station, code FROM outpost_stations WHERE code IS NOT NULL") {
                if let id = StationID(bytes: Array(row[0] as Data)) { out[id] = row[1] }
            }
            return out
        }
    }
}
