import Synchronization

/// The relay's own time on each station's requests, summed per station until taken: from a
/// request's arrival to its answer, and how much of that it waited for its turn (`RequestGate`).
///
/// A sync's latency seen by a station also holds the station's own work (applying what it
/// pulled, its commits) and, when stations share the relay's machine, their CPU. The benchmark
/// takes these sums around each sync to tell the relay's share apart (`docs/ARCHITECTURE.md`,
/// "Relay under load"). Kept only when `RelayConfiguration.timesRequests` asks for it: one entry
/// per station that ever sent a request.
package final class RequestTimes: Sendable {
    /// One station's requests since its times were last taken.
    package struct Sums: Sendable, Equatable {
        /// From arrival to answer, the wait for a turn included.
        package var answering: Duration = .zero
        /// Of that, waiting for a turn.
        package var queued: Duration = .zero
        package var requests = 0
    }

    private let sums = Mutex<[String: Sums]>([:])

    package init() {}

    /// Adds one answered request of `station`.
    func add(_ station: String, answering: Duration, queued: Duration) {
        sums.withLock { sums in
            sums[station, default: Sums()].answering += answering
            sums[station, default: Sums()].queued += queued
            sums[station, default: Sums()].requests += 1
        }
    }

    /// `station`'s sums since the last take, and starts them again from zero.
    package func take(_ station: String) -> Sums {
        sums.withLock { $0.removeValue(forKey: station) ?? Sums() }
    }
}
