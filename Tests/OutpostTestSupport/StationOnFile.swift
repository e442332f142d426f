package import Foundation
import OutpostCore
package import OutpostStore

/// A station on a real SQLite file, `CODE.db` in `directory`, on a hand-driven clock: the seed
/// fixes its row ids and versions, so a test replays exactly.
package func stationOnFile(_ code: String, in directory: URL, seed: UInt64, clock: ManualClock) throws -> StationStore {
    let store = try StationStore(path: directory.appendingPathComponent("\(code).db").path, wallClock: clock.reading)
    var generator = SplitMix64(seed: seed)
    try store.initialise(code: code, name: "Station \(code)", timeZone: "Asia/Shanghai", author: "setup", using: &generator)
    return store
}
