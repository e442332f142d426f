import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OutpostBoard
import OutpostRelay
import OutpostRelayStore
import OutpostSync
import OutpostTestSupport
import Testing

/// The board with the log of record in PostgreSQL: supervisors, like stations' tokens, live in the
/// shared database, so one added through a relay signs in at another, and one revoked through a
/// relay is refused by every other at its next request.
@Suite struct BoardOnPostgresTests {
    @Test func aSupervisorAddedAtOneRelayIsRevokedThroughAnother() async throws {
        guard let harness = try await RelayHarness(store: .postgres) else { return }
        let station = try await harness.station("SZ01", seed: 1)
        _ = try await SyncClient(store: station.store).sync()
        let token = StationToken.generate()
        let other = try await harness.secondHandle()
        try await other.addSupervisor(name: "李娜", tokenHash: StationToken.hash(token), now: harness.clock.now())
        var logger = Logger(label: "outpost.board-tests")
        logger.logLevel = .critical
        let board = try Board(relay: harness.relay, supervisors: harness.log, logger: logger, clock: harness.clock.reading)
        try await board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try #require(try await BoardRouteTests.signIn(client, token: token))
            let (status, html) = try await BoardRouteTests.page(client, "/board/stations", cookie: cookie)
            #expect(status == .ok)
            #expect(html.contains("SZ01"), "the station the relay serves, with its hello noted in PostgreSQL")

            try await other.revokeSupervisor(name: "李娜")
            let (after, _) = try await BoardRouteTests.page(client, "/board/stations", cookie: cookie)
            #expect(after == .seeOther, "revoked at another relay: the next request is sent to sign in")
        }
    }
}
