import GRDB
import OutpostCore
import Synchronization

/// What every write transaction reads before its first change (this database's identity, the
/// station directory, which stations have changes waiting), kept from one committed transaction
/// to the next on the writer connection.
///
/// A one-edit transaction spent about a fifth of its time loading these (measured). They are
/// reused only while no other connection has committed, which `PRAGMA data_version` tells
/// (another process, or a repair with raw SQL); any transaction that does not hand its context
/// back, or that fails, drops it.
final class WriteContext: Sendable {
    struct Loaded {
        var local: LocalStation?
        var stations: StationDirectory
        var waiting: Set<Int64>

        /// Reads it afresh.
        init(_ db: Database) throws {
            local = try LocalStation.fetch(db)
            stations = try StationDirectory(db)
            waiting = Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT station FROM outpost_waiting")))
        }

        init(local: LocalStation?, stations: StationDirectory, waiting: Set<Int64>) {
            self.local = local
            self.stations = stations
            self.waiting = waiting
        }
    }

    private struct Kept {
        var dataVersion: Int64
        var loaded: Loaded
    }

    private struct State {
        var kept: Kept?
        /// This transaction's `data_version`, and what it hands back for the next one.
        var dataVersion: Int64?
        var next: Kept?
    }

    private let state = Mutex(State())

    /// The context as this transaction finds it.
    func load(_ db: Database) throws -> Loaded {
        let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version"))!
        if let kept = state.withLock({ state -> Kept? in
            state.dataVersion = version
            return state.kept?.dataVersion == version ? state.kept : nil
        }) {
            return kept.loaded
        }
        return try Loaded(db)
    }

    /// Offers the context as this transaction leaves it to the next, if the transaction commits.
    func keep(_ loaded: Loaded) {
        state.withLock { state in
            guard let version = state.dataVersion else { return }
            state.next = Kept(dataVersion: version, loaded: loaded)
        }
    }

    /// Runs one write transaction's bookkeeping around `body`: what it kept survives only a commit.
    func transaction<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { $0 = State(kept: $0.kept) }
        do {
            let result = try body()
            state.withLock { $0 = State(kept: $0.next) }
            return result
        } catch {
            state.withLock { $0 = State() }
            throw error
        }
    }
}
