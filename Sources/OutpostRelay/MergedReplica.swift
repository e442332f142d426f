package import Logging
import OutpostCore
package import OutpostRelayStore
package import OutpostStore

/// The relay's private merged replica: the station store's own code, tailing the log of record.
/// Rebuildable at any time by deleting its file; it serves the supervisors' view (open conflicts,
/// stats) and never holds anything the log does not.
///
/// One background task per replica applies the log (`docs/ARCHITECTURE.md`, "Merged replica"):
/// a push only wakes it, so a push is answered once the log has it durable, never after the
/// replica's apply. Wake-ups that arrive while it applies are coalesced into one more pass, and it
/// also looks every `pollInterval` for changes other relays appended to a shared log. Readers that
/// must not see an older state than the log's wait for it (`caughtUp(to:within:)`), and every
/// read names the position it was taken at (`read(_:)`).
package actor MergedReplica {
    package nonisolated let store: StationStore
    private let log: any RelayLog
    private let logger: Logger
    /// How often the tailer looks at the log with no wake-up: appends by other relays sharing a
    /// PostgreSQL log wake nobody here.
    private let pollInterval: Duration
    /// Where in the log the replica has caught up to, stored in the replica itself.
    static let positionKey = "relay.position"
    /// Frozen copies serving the state at a position (`MergedReplica+State`), newest last.
    var stateCopies: [StateCopy] = []

    /// The position applied and committed, as stored (kept here so waiting readers need no query).
    private var applied: UInt64
    /// A wake-up arrived since the tailer last read the log.
    private var pending = false
    /// The tailer, asleep until a wake-up or the poll interval.
    private var sleeper: CheckedContinuation<Void, Never>?
    private var tailer: Task<Void, Never>?
    /// Stopped by `stop()`: wake-ups are noted but nothing is applied until `start()`.
    private var stopped = false
    /// Passes that failed (the log unreadable, a batch that would not apply), so a wait without
    /// a bound ends rather than hangs.
    private var failures = 0

    package init(path: String, log: any RelayLog, logger: Logger, pollInterval: Duration = .seconds(1)) throws {
        store = try StationStore(path: path)
        self.log = log
        self.logger = logger
        self.pollInterval = pollInterval
        applied = try store.setting(Self.positionKey).flatMap(UInt64.init) ?? 0
    }

    deinit { tailer?.cancel() }

    /// The log position the replica has applied up to.
    package func position() -> UInt64 { applied }

    /// Runs `body` in one read transaction of the replica, with the log position that transaction
    /// sees applied: whatever it reads is the replica's state at exactly that position, even while
    /// the tailer applies more.
    package nonisolated func read<T>(_ body: (_ position: UInt64, _ read: StoreRead) throws -> T) throws -> T {
        try store.reading { read in try body(try read.setting(Self.positionKey).flatMap(UInt64.init) ?? 0, read) }
    }

    /// Tells the tailer the log has grown; returns at once. Starts the tailer on first use.
    package func wake() {
        signal()
        guard tailer == nil, !stopped else { return }
        // The task holds the replica only while it works, so a dropped relay's replica goes away
        // (and `deinit` cancels the task) within one poll interval.
        tailer = Task { [weak self] in
            while !Task.isCancelled {
                guard let replica = self else { return }
                await replica.tailOnce()
            }
        }
    }

    /// Applies the log again after `stop()`.
    package func start() {
        stopped = false
        wake()
    }

    /// Marks the log as grown and wakes the tailer if it sleeps.
    private func signal() {
        pending = true
        if let sleeper {
            self.sleeper = nil
            sleeper.resume()
        }
    }

    /// Stops the tailer and waits for its batch in progress to commit; nothing more is applied
    /// until `start()`. A relay being shut down calls it before closing the replica's file.
    package func stop() async {
        stopped = true
        let stopping = tailer
        tailer = nil
        stopping?.cancel()
        sleeper?.resume()
        sleeper = nil
        await stopping?.value
    }

    /// Waits until the replica has applied the log up to the head it has now, or `bound` passes,
    /// or (with no bound) a pass fails; returns the position applied. Used at start-up, by the
    /// command-line reads, and with a bound by the board.
    @discardableResult
    package func catchUp(within bound: Duration? = nil) async -> UInt64 {
        do {
            return try await caughtUp(to: try await log.head(), within: bound)
        } catch {
            logger.error("merged replica could not read the log's head", metadata: ["error": "\(error)"])
            return applied
        }
    }

    /// Waits until the replica has applied the log up to `position`, or `bound` passes, or (with
    /// no bound) a pass fails; returns the position applied, below `position` in those cases.
    package func caughtUp(to position: UInt64, within bound: Duration?) async throws -> UInt64 {
        let deadline = bound.map { ContinuousClock.now + $0 }
        let failed = failures
        if applied < position { wake() }
        while applied < position, deadline.map({ ContinuousClock.now < $0 }) ?? (failures == failed) {
            try await Task.sleep(for: .milliseconds(5))
        }
        return applied
    }

    /// One pass of the tailer: apply what the log has, then sleep until woken or the poll
    /// interval passes.
    private func tailOnce() async {
        pending = false
        await applyLog()
        guard !pending, !Task.isCancelled else { return }
        let interval = pollInterval
        await withCheckedContinuation { continuation in
            sleeper = continuation
            Task { [weak self] in
                try? await Task.sleep(for: interval)
                await self?.signal()
            }
        }
    }

    /// Applies everything the log has beyond the replica's position, batch by batch; each batch
    /// and the new position are committed together. Only the tailer calls this, so batches are
    /// never applied twice at once.
    private func applyLog() async {
        do {
            while true {
                let slice = try await log.read(after: applied, excluding: nil, limits: ReadLimits(maxChanges: 20_000, maxBytes: 16 << 20), upTo: nil)
                guard slice.next > applied else { return }
                try store.apply(slice.changes, settings: [Self.positionKey: String(slice.next)])
                applied = slice.next
                if !slice.more { return }
            }
        } catch {
            failures += 1
            logger.error("merged replica could not catch up with the log", metadata: ["error": "\(error)"])
        }
    }
}
