import ArgumentParser
import Foundation
import OutpostStore

/// Options every station command shares.
struct StationOptions: ParsableArguments {
    @Option(name: .long, help: "The station database (default: $OUTPOST_DB, or ./outpost.db).")
    var db: String?

    @Option(name: .customLong("as"), help: "Who is making this change (default: $OUTPOST_STAFF, or the station's staff name).")
    var staff: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["OUTPOST_DB"] ?? "outpost.db"
    }

    /// Opens the station database, which must exist already.
    func openStore() throws -> StationStore {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw CommandFailure(
                .notFound, "no station database at \(databasePath): run `outpost init --station CODE` first, or pass --db",
                "\(databasePath) 处没有站点数据库：请先运行 `outpost init --station CODE`，或用 --db 指定")
        }
        return try StationStore(path: databasePath)
    }

    /// The staff name to record on changes.
    func author(_ store: StationStore) throws -> String {
        if let staff, !staff.isEmpty { return staff }
        if let staff = ProcessInfo.processInfo.environment["OUTPOST_STAFF"], !staff.isEmpty { return staff }
        if let staff = try store.setting("staff") { return staff }
        throw CommandFailure(.userError, "who is making this change? pass --as NAME, set OUTPOST_STAFF, or run `outpost init --staff NAME`")
    }
}
