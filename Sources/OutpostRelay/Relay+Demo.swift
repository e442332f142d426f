package import Foundation
import Logging
package import OutpostRelayStore
package import OutpostStore

/// A relay running inside this process on 127.0.0.1 (a port picked at run time), with its
/// merged replica in a folder and its log there too (SQLite) or given (PostgreSQL): what
/// `outpost demo` and the sync tests talk to.
package final class LocalRelay: Sendable {
    package let url: String
    package let relay: Relay
    package let log: any RelayLog & RelaySupervisors
    private let server: Task<Void, any Error>

    package convenience init(
        directory: URL, configuration: RelayConfiguration = RelayConfiguration(),
        wallClock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds
    ) async throws {
        let log = try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
        try await self.init(directory: directory, log: log, configuration: configuration, wallClock: wallClock)
    }

    /// `executor`, when given, runs the server's tasks on threads of their own (`RelayExecutor`).
    package init(
        directory: URL, log: any RelayLog & RelaySupervisors, configuration: RelayConfiguration = RelayConfiguration(),
        wallClock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds, executor: RelayExecutor? = nil
    ) async throws {
        self.log = log
        // Stopping the server logs shutdown noise at error level; a local relay keeps quiet.
        var logger = Logger(label: "outpost.local-relay")
        logger.logLevel = .critical
        let replica = try MergedReplica(path: directory.appendingPathComponent("relay-replica.db").path, log: log, logger: logger)
        relay = Relay(log: log, replica: replica, configuration: configuration, logger: logger, wallClock: wallClock)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let relay = self.relay
        server = Task(executorPreference: executor) { try await relay.serve(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        url = "http://127.0.0.1:\(port)"
    }

    /// Enrols a station and returns its secret token.
    package func enrol(code: String, name: String) async throws -> String {
        let token = StationToken.generate()
        try await log.enrol(code: code, name: name, tokenHash: StationToken.hash(token), now: relay.wallClock())
        return token
    }

    /// The relay's merged replica, once it has caught up with the log.
    package func replica() async -> StationStore {
        await relay.replica.catchUp()
        return relay.replica.store
    }

    package func stop() { server.cancel() }

    deinit { server.cancel() }
}
