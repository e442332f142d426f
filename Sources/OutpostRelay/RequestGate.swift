/// How many requests the relay works on at once, and how long one may wait for its turn
/// (`docs/ARCHITECTURE.md`, "Relay under load").
///
/// Past a few requests per core, more at once only makes each slower: on a small machine a
/// thousand stations syncing together would each wait longer than their client's timeout. The
/// gate lets `limit` requests in and queues the rest in arrival order; one that waits longer than
/// its bound is answered `busy` (503, Retry-After) before its token or body is looked at, so the
/// station backs off and comes again instead of timing out, and the relay never holds more work
/// than it can finish.
package actor RequestGate {
    private let limit: Int
    private var active = 0
    private var waiting: [(id: UInt64, turn: CheckedContinuation<Bool, Never>)] = []
    private var nextID: UInt64 = 0

    package init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Waits for a turn, at most `bound`: true once the request may run (it must call `leave()`
    /// when done), false when no turn came in time.
    package func enter(within bound: Duration) async -> Bool {
        if active < limit {
            active += 1
            return true
        }
        let id = nextID
        nextID += 1
        return await withCheckedContinuation { turn in
            waiting.append((id, turn))
            Task { [weak self] in
                try? await Task.sleep(for: bound)
                await self?.expire(id)
            }
        }
    }

    /// Ends a request's turn, handing it to the longest waiting one.
    package func leave() {
        if waiting.isEmpty {
            active -= 1
        } else {
            waiting.removeFirst().turn.resume(returning: true)
        }
    }

    /// Requests running and waiting, for tests and the log.
    package var load: (active: Int, waiting: Int) { (active, waiting.count) }

    private func expire(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).turn.resume(returning: false)
    }
}
