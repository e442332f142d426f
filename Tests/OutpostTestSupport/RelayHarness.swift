import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1
import OutpostCore
package import OutpostRelay
package import OutpostRelayStore
package import OutpostStore
package import OutpostSync
package import OutpostWire

/// Which store of record a test's relay keeps its log in: the suites that take it as an argument
/// run once against each.
package enum RelayStoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    package var description: String { rawValue }
}

/// A real relay on 127.0.0.1 (a port picked at run time), its log (a SQLite file, or a fresh
/// PostgreSQL database of its own) and merged replica in a temporary directory, and stations
/// enrolled with it.
package final class RelayHarness: Sendable {
    package let directory: URL
    package let local: LocalRelay
    package let clock: ManualClock
    /// Where the log is in PostgreSQL, for a second handle on it.
    package let postgres: PostgresLocation?
    package var log: any RelayLog & RelaySupervisors { local.log }
    package var relay: Relay { local.relay }
    package var url: String { local.url }

    package convenience init(_ name: String = #function, configuration: RelayConfiguration = RelayConfiguration()) async throws {
        try await self.init(store: .sqlite, name, configuration: configuration)!
    }

    /// Nil when the store is PostgreSQL and none is available outside CI (`TestPostgres`).
    package init?(store: RelayStoreKind, _ name: String = #function, configuration: RelayConfiguration = RelayConfiguration()) async throws {
        let directory = try temporaryDirectory(name)
        let clock = ManualClock()
        let log: any RelayLog & RelaySupervisors
        switch store {
        case .sqlite:
            log = try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
            postgres = nil
        case .postgres:
            guard let location = try await TestPostgres.freshDatabase(for: name) else { return nil }
            log = try await PostgresRelayLog(location)
            postgres = location
        }
        self.directory = directory
        self.clock = clock
        local = try await LocalRelay(directory: directory, log: log, configuration: configuration, wallClock: clock.reading)
    }

    /// Another handle on the same log, as a second relay process or `outpost-relay station`
    /// would open it.
    package func secondHandle() async throws -> any RelayLog & RelaySupervisors {
        if let postgres { return try await PostgresRelayLog(postgres) }
        return try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
    }

    /// Enrols a station with the relay and creates its database, configured to sync.
    package func station(_ code: String, seed: UInt64) async throws -> SyncedStation {
        try await enrolledStation(code, seed: seed, log: log, url: url, in: directory, clock: clock)
    }

    /// Sends one raw frame to an endpoint: the status and the decoded reply.
    package func post(_ endpoint: WireEndpoint, token: String?, body: [UInt8]) async throws -> (status: UInt, reply: Message) {
        var request = HTTPClientRequest(url: url + endpoint.path)
        request.method = .POST
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (response.status.code, try WireCodec.decode(Array(buffer: bytes)))
    }

    /// The relay's merged replica, once it has caught up with the log.
    package func replica() async -> StationStore { await local.replica() }
}

/// Enrols a station in `log` and creates its database in `directory`, configured to sync with
/// the relay at `url`.
package func enrolledStation(
    _ code: String, seed: UInt64, log: any RelayLog, url: String, in directory: URL, clock: ManualClock
) async throws -> SyncedStation {
    let token = StationToken.generate()
    try await log.enrol(code: code, name: "Station \(code)", tokenHash: StationToken.hash(token), now: clock.now())
    let store = try stationOnFile(code, in: directory, seed: seed, clock: clock)
    try store.setSetting(SyncSettings.relayURL, url)
    try store.setSetting(SyncSettings.token, token)
    return SyncedStation(code: code, store: store, token: token)
}

package struct SyncedStation: Sendable {
    package let code: String
    package let store: StationStore
    package let token: String

    package init(code: String, store: StationStore, token: String) {
        self.code = code
        self.store = store
        self.token = token
    }

    package var client: SyncClient { get throws { try SyncClient(store: store) } }

    @discardableResult
    package func sync() async throws -> SyncSummary { try await client.sync() }

    /// The replica's domain tables as text.
    package func dump() throws -> String { try dumpTables(store) }
}

/// Every domain table as `select * from T order by id` text — the stations' own rows included.
package func dumpTables(_ store: StationStore) throws -> String {
    try store.schema.tables.map { table in
        "## \(table.name)\n"
            + (try store.rows(of: table.name)).map { row in
                row.map { $0 == .null ? "" : $0.description }.joined(separator: "|")
            }.joined(separator: "\n")
    }.joined(separator: "\n")
}
