import Foundation
import Logging
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Synchronization

/// A relay inside the test process, reached through `Relay.respond(to:token:body:)` with no
/// sockets, that can be killed and started again on its files like a relay process.
///
/// Its wall clock is the simulation's `ManualClock`, so nothing it decides depends on real time.
final class SimulatedRelay: Sendable {
    let directory: URL
    let clock: ManualClock
    let configuration: RelayConfiguration
    private let running = Mutex<Relay?>(nil)

    var logPath: String { directory.appendingPathComponent("relay.db").path }
    var replicaPath: String { directory.appendingPathComponent("relay-replica.db").path }

    /// A relay quiet below critical: a simulation refuses and loses requests on purpose.
    private static let logger: Logger = {
        var logger = Logger(label: "outpost.simulated-relay")
        logger.logLevel = .critical
        return logger
    }()

    init(directory: URL, clock: ManualClock, configuration: RelayConfiguration) async throws {
        self.directory = directory
        self.clock = clock
        self.configuration = configuration
        try await start()
    }

    /// The relay now running.
    var relay: Relay {
        get throws {
            guard let relay = running.withLock({ $0 }) else { throw SimulationError("the simulated relay is not running") }
            return relay
        }
    }

    /// Opens the log and the merged replica on their files. Like `outpost-relay serve`, the
    /// replica catches up with the log before the first request, so a deleted one is rebuilt.
    private func start() async throws {
        let log = try SQLiteRelayLog(path: logPath)
        let replica = try MergedReplica(path: replicaPath, log: log, logger: Self.logger)
        await replica.catchUp()
        let relay = Relay(log: log, replica: replica, configuration: configuration, logger: Self.logger, wallClock: clock.reading)
        running.withLock { $0 = relay }
    }

    /// Drops the relay, its log and its merged replica, as a killed process would, and opens new
    /// ones on the same files. The merged replica holds nothing the log lacks, so deleting its
    /// file (the operator's way to rebuild it) must change nothing a station can see.
    func restart(deletingReplica: Bool) async throws {
        // The last reference to the old objects goes here, which closes their SQLite files once
        // the replica's tailer has stopped.
        if let old = running.withLock({ $0 }) { await old.replica.stop() }
        running.withLock { $0 = nil }
        if deletingReplica {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: replicaPath + suffix) }
        }
        try await start()
    }

    /// Enrols a station and returns its secret token.
    func enrol(code: String) async throws -> String {
        let token = StationToken.generate()
        try await relay.log.enrol(code: code, name: "Station \(code)", tokenHash: StationToken.hash(token), now: clock.now())
        return token
    }

    /// Every change of the log of record, in log order.
    func loggedChanges() async throws -> [Change] {
        let log = try relay.log
        var changes = [Change]()
        var cursor: UInt64 = 0
        while true {
            let slice = try await log.read(after: cursor, excluding: nil, limits: ReadLimits(maxChanges: .max, maxBytes: .max), upTo: nil)
            changes += slice.changes
            guard slice.more, slice.next > cursor else { return changes }
            cursor = slice.next
        }
    }

    /// The merged replica, once it has caught up with the log (as `verify` sees it).
    func replica() async throws -> StationStore {
        let relay = try relay
        await relay.replica.catchUp()
        return relay.replica.store
    }
}

/// A station "crashing" in the middle of a sync: the transport throws this, and the simulation
/// drops the station's `StationStore` and opens its file again.
struct SimulatedCrash: Error, CustomStringConvertible {
    var description: String { "the station crashed in the middle of its sync" }
}

/// A simulation's own failure, in words.
struct SimulationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// What the network did to requests, counted over a simulation, so a run of many seeds can
/// show that every fault was exercised.
struct FaultTally: Hashable, Sendable {
    var requests = 0
    var lostRequests = 0
    var lostAnswers = 0
    var duplicated = 0
    var relayRestarts = 0
    var replicasDeleted = 0
    var crashes = 0
    var acknowledgedPushes = 0

    static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            requests: lhs.requests + rhs.requests, lostRequests: lhs.lostRequests + rhs.lostRequests,
            lostAnswers: lhs.lostAnswers + rhs.lostAnswers, duplicated: lhs.duplicated + rhs.duplicated,
            relayRestarts: lhs.relayRestarts + rhs.relayRestarts, replicasDeleted: lhs.replicasDeleted + rhs.replicasDeleted,
            crashes: lhs.crashes + rhs.crashes, acknowledgedPushes: lhs.acknowledgedPushes + rhs.acknowledgedPushes
        )
    }
}

/// The network between the stations and the simulated relay. Every request's fate is drawn from
/// one seeded `SplitMix64` in the order the requests are made, so a seed replays exactly: the
/// request is lost (`unreachable`, never delivered), its answer is lost (delivered, then
/// `unreachable`), it is delivered twice (answered with the second), or delivered normally. The
/// relay may be killed and restarted before a request, and a station may crash at a planned
/// request of its sync, before or after the relay received it.
///
/// It also records every push acknowledgement that reached a station: the changes up to the
/// acknowledged sequence are the relay's promise, and must be in its log at the end.
final class SimulatedNetwork: Sendable {
    /// A station crash planned for a sync: at the `countdown`-th request from now.
    struct PlannedCrash: Sendable {
        var countdown: Int
        var afterDelivery: Bool
    }

    private struct State {
        var random: SplitMix64
        /// Out of 1,000 requests, how many meet a fault (lost request, lost answer, repeat).
        var faultsPerMille = 0
        /// Out of 1,000 requests, how many find the relay just restarted.
        var restartsPerMille = 0
        var crashes: [String: PlannedCrash] = [:]
        /// Every change a push acknowledgement covered, as the station sent it.
        var acknowledged: [ChangeID: Change] = [:]
        var failures: [String] = []
        var tally = FaultTally()
    }

    /// What becomes of one request.
    enum Fate { case deliver, loseRequest, loseAnswer, duplicate }

    let relay: SimulatedRelay
    private let state: Mutex<State>

    init(relay: SimulatedRelay, seed: UInt64) {
        self.relay = relay
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    /// Sets how often requests meet faults and find the relay restarted (out of 1,000); zero
    /// for both heals the network.
    func setWeather(faultsPerMille: Int, restartsPerMille: Int) {
        state.withLock {
            $0.faultsPerMille = faultsPerMille
            $0.restartsPerMille = restartsPerMille
        }
    }

    /// Makes `station` crash at its `countdown`-th request from now; nil cancels a plan not yet
    /// carried out.
    func planCrash(_ station: String, _ crash: PlannedCrash?) {
        state.withLock { $0.crashes[station] = crash }
    }

    var tally: FaultTally { state.withLock { $0.tally } }
    var acknowledged: [ChangeID: Change] { state.withLock { $0.acknowledged } }
    var failures: [String] { state.withLock { $0.failures } }

    /// The transport of one station.
    func transport(for station: String) -> SimulatedTransport { SimulatedTransport(network: self, station: station) }

    /// Carries one request frame of `station` to the relay and its answer back, or not.
    func post(_ endpoint: WireEndpoint, body: [UInt8], token: String, from station: String) async throws -> (status: UInt, body: [UInt8]) {
        // Everything about this request is drawn before anything happens, under the lock, so the
        // draws follow the order requests are made in whatever the relay does meanwhile.
        let (fate, restart, deleteReplica, crash, delay) = state.withLock { state -> (Fate, Bool, Bool, PlannedCrash?, UInt64) in
            state.tally.requests += 1
            let roll = Int.random(in: 0..<1_000, using: &state.random)
            let kind = Int.random(in: 0..<3, using: &state.random)
            let fate: Fate = roll >= state.faultsPerMille ? .deliver : [.loseRequest, .loseAnswer, .duplicate][kind]
            let restart = Int.random(in: 0..<1_000, using: &state.random) < state.restartsPerMille
            let deleteReplica = Bool.random(using: &state.random)
            var crash: PlannedCrash?
            if var planned = state.crashes[station] {
                planned.countdown -= 1
                if planned.countdown <= 0 {
                    crash = planned
                    state.crashes[station] = nil
                    state.tally.crashes += 1
                } else {
                    state.crashes[station] = planned
                }
            }
            if restart {
                state.tally.relayRestarts += 1
                if deleteReplica { state.tally.replicasDeleted += 1 }
            }
            switch fate {
            case .deliver: break
            case .loseRequest: state.tally.lostRequests += 1
            case .loseAnswer: state.tally.lostAnswers += 1
            case .duplicate: state.tally.duplicated += 1
            }
            return (fate, restart, deleteReplica, crash, UInt64.random(in: 0...20, using: &state.random))
        }
        // A request takes a little time on the simulation's clock, never on the machine's.
        relay.clock.advance(by: delay)
        if let crash, !crash.afterDelivery { throw SimulatedCrash() }
        if restart { try await relay.restart(deletingReplica: deleteReplica) }
        if fate == .loseRequest { throw unreachable(endpoint, "the request was lost") }
        let current = try relay.relay
        var response = await current.respond(to: endpoint, token: token, body: body)
        if fate == .duplicate { response = await current.respond(to: endpoint, token: token, body: body) }
        if crash != nil { throw SimulatedCrash() }
        if fate == .loseAnswer { throw unreachable(endpoint, "the answer was lost") }
        recordAcknowledgement(request: body, answer: response.frame, station: station)
        return (UInt(response.status), response.frame)
    }

    private func unreachable(_ endpoint: WireEndpoint, _ what: String) -> SyncError {
        SyncError(.unreachable, "cannot reach the relay (\(endpoint.path): \(what)); your changes stay in the outbox and will go with the next sync")
    }

    /// A push acknowledgement the station receives: the changes of the push up to the durable
    /// sequence are now the relay's to keep.
    private func recordAcknowledgement(request: [UInt8], answer: [UInt8], station: String) {
        guard case .pushAck(let ack)? = try? WireCodec.decode(answer), case .push(let push)? = try? WireCodec.decode(request) else { return }
        state.withLock { state in
            state.tally.acknowledgedPushes += 1
            for change in push.changes where change.id.sequence <= ack.durableSequence {
                if let known = state.acknowledged[change.id], known != change {
                    state.failures.append("\(station): the relay acknowledged change \(change.id) twice with different content")
                }
                state.acknowledged[change.id] = change
            }
        }
    }
}

/// One station's way to the simulated relay: `SyncClient` posts its frames here.
struct SimulatedTransport: SyncTransport {
    let network: SimulatedNetwork
    let station: String

    func post(_ endpoint: WireEndpoint, body: [UInt8], token: String) async throws -> (status: UInt, body: [UInt8]) {
        try await network.post(endpoint, body: body, token: token, from: station)
    }
}
