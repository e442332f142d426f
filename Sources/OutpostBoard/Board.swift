package import Hummingbird
import HummingbirdAuth
package import Logging
import Mustache
import OutpostDomain
package import OutpostRelay
package import OutpostRelayStore
import OutpostStore

/// The supervisors' board: a read-only web view of the relay's merged replica and log, served by
/// the relay at `/board` (`docs/ARCHITECTURE.md`, "Supervisor's board").
///
/// Pages are rendered on the server from Mustache templates loaded once, so the browser runs no
/// script and every figure is the one the command-line reports print from the same domain code.
package struct Board: Sendable {
    let relay: Relay
    let supervisors: any RelaySupervisors
    let library: MustacheLibrary
    /// Sign-in sessions, in memory: a restarted relay asks supervisors to sign in again, which
    /// also means no session outlives the process that checked its token.
    let sessions: MemoryPersistDriver<ContinuousClock>
    let cache: BoardCache
    let clock: @Sendable () -> UInt64
    let logger: Logger

    /// How long a sign-in lasts: a working day and a half, then the token is asked for again.
    static let sessionLifetime = Duration.seconds(12 * 3600)
    static let sessionCookie = "outpost_board"
    static let languageCookie = "outpost_lang"
    /// Listed at most per page; the counts above a table are always the full ones.
    static let rowLimit = 200
    /// How long a page waits for the merged replica to apply the log up to its end, which it
    /// does in the background (`docs/ARCHITECTURE.md`, "Merged replica"); the stations page
    /// shows both positions either way.
    static let replicaWait = Duration.seconds(5)

    /// Parses every template; a template that does not parse is a build mistake and throws here.
    package init(
        relay: Relay, supervisors: any RelaySupervisors, logger: Logger,
        clock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds
    ) throws {
        var library = MustacheLibrary()
        for (name, text) in BoardTemplates.all { try library.register(text, named: name) }
        self.relay = relay
        self.supervisors = supervisors
        self.library = library
        self.sessions = MemoryPersistDriver()
        self.cache = BoardCache()
        self.clock = clock
        self.logger = logger
    }

    /// The relay's protocol endpoints and the board on one router.
    package func router() -> Router<BoardContext> {
        let router = Router(context: BoardContext.self)
        relay.addRoutes(to: router)
        addRoutes(to: router)
        return router
    }

    /// The relay with its board on `host:port`, as `outpost-relay serve` runs it.
    package func application(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        relay.application(router: router(), host: host, port: port, onRunning: onRunning)
    }

    /// Serves until the process is asked to stop, as `Relay.serve` does.
    package func serve(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(host: host, port: port, onRunning: onRunning).runService()
    }

    /// Computes the slow reads once in the background, so the first supervisor of the day does
    /// not wait for them.
    package func warm() async {
        do {
            // Fills the replica's deadline cache, which outlives the process.
            await relay.replica.catchUp()
            _ = try CaseBook(store: relay.replica.store, clock: clock).due(within: TodayQueue.dueSoon, CaseFilter(), rule: nil)
            _ = try await openConflicts(station: nil)
            for period in ["week", "month"] { _ = try await report(ReportQuery(period: period, from: nil, to: nil, station: nil)) }
        } catch {
            logger.warning("the board could not prepare its pages", metadata: ["error": "\(error)"])
        }
    }
}
