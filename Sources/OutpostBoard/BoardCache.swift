import OutpostDomain

/// Results the board reuses between requests: every clock of every case not closed, and reports.
///
/// Both are derived reads costing seconds on a large replica (`docs/ARCHITECTURE.md`,
/// "Deadlines"), while a supervisor's page must answer at once. A result is reused while the log
/// has not moved and it is younger than `maximumAge`; the page says when it was computed. Callers
/// asking while a computation runs wait for that one instead of starting another, so a burst of
/// requests costs one computation.
actor BoardCache {
    struct Entry<Value: Sendable>: Sendable {
        var value: Value
        var position: UInt64
        /// Milliseconds since 1970.
        var computed: UInt64
    }

    /// How long a result is reused when the log has not moved: deadlines move with the clock.
    let maximumAge: UInt64
    private var entries = [String: Any]()
    private var running = [String: Any]()

    init(maximumAge: UInt64 = 60_000) {
        self.maximumAge = maximumAge
    }

    /// The value cached under `key` if still fresh at `position` and `now`, else a new one.
    func value<Value: Sendable>(
        _ key: String, position: UInt64, now: UInt64, compute: @escaping @Sendable () throws -> Value
    ) async throws -> Entry<Value> {
        if let entry = entries[key] as? Entry<Value>, entry.position == position, now < entry.computed + maximumAge {
            return entry
        }
        if let task = running[key] as? Task<Entry<Value>, any Error> { return try await task.value }
        let task = Task.detached { Entry(value: try compute(), position: position, computed: now) }
        running[key] = task
        defer { running[key] = nil }
        let entry = try await task.value
        entries[key] = entry
        return entry
    }
}
