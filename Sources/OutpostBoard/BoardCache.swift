/// Results the board reuses between requests: reports and
/// open conflicts. (Deadlines need no such reuse: the replica's deadline cache answers them.)
///
/// Each is a derived read costing seconds on a large replica (`docs/ARCHITECTURE.md`,
/// "Deadlines"), while a supervisor's page must answer at once, and stations push all day. A
/// result is fresh while the log has not moved and for at most `freshFor`; once it is not, the
/// next request starts one recomputation in the background and is answered from the previous
/// result, as long as that is younger than `servedFor`. Pages say when their figures were
/// computed. Requests arriving while a computation runs share it rather than starting another.
actor BoardCache {
    struct Entry<Value: Sendable>: Sendable {
        var value: Value
        var position: UInt64
        /// Milliseconds since 1970.
        var computed: UInt64
    }

    /// How long a result counts as current when the log has not moved: deadlines move with time.
    let freshFor: UInt64
    /// How old a result may be and still answer while its recomputation runs.
    let servedFor: UInt64
    private var entries = [String: any Sendable]()
    private var running = [String: any Sendable]()

    init(freshFor: UInt64 = 60_000, servedFor: UInt64 = 10 * 60_000) {
        self.freshFor = freshFor
        self.servedFor = servedFor
    }

    /// The value under `key`: the cached one if fresh at `position` and `now`, or not too old
    /// while a new one is computed, else a new one.
    func value<Value: Sendable>(
        _ key: String, position: UInt64, now: UInt64, compute: @escaping @Sendable () throws -> Value
    ) async throws -> Entry<Value> {
        let cached = entries[key] as? Entry<Value>
        if let cached, cached.position == position, now < cached.computed + freshFor { return cached }
        let task = (running[key] as? Task<Entry<Value>, any Error>) ?? start(key, position: position, now: now, compute: compute)
        if let cached, now < cached.computed + servedFor { return cached }
        return try await task.value
    }

    private func start<Value: Sendable>(
        _ key: String, position: UInt64, now: UInt64, compute: @escaping @Sendable () throws -> Value
    ) -> Task<Entry<Value>, any Error> {
        let task = Task.detached { Entry(value: try compute(), position: position, computed: now) }
        running[key] = task
        Task { await finish(key, task) }
        return task
    }

    private func finish<Value: Sendable>(_ key: String, _ task: Task<Entry<Value>, any Error>) async {
        if let entry = try? await task.value { entries[key] = entry }
        running[key] = nil
    }
}
