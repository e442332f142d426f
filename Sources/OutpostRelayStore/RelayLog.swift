package import OutpostCore

/// The relay's durable log of record, behind one small interface so that it can live in SQLite
/// (the default, `SQLiteRelayLog`) or PostgreSQL (`PostgresRelayLog`, shared by several relays)
/// without the relay changing.
///
/// Every method is one transaction. `append` checks the station and the changes with `PushCheck`
/// inside the same transaction that appends them, so a revocation or a concurrent relay can never
/// slip between the check and the write.
package protocol RelayLog: Sendable {
    /// Registers a station code with the hash of its secret token.
    func enrol(code: String, name: String?, tokenHash: [UInt8], now: UInt64) async throws
    /// Stops a station's token from working, at once.
    func revoke(code: String) async throws
    func stations() async throws -> [RelayStation]
    /// The station a token belongs to, revoked or not, or nil when the token is unknown.
    func station(tokenHash: [UInt8]) async throws -> RelayStation?
    /// Binds a station code to a database incarnation on its first contact; later contacts must
    /// come from the same incarnation.
    func bind(code: String, to station: StationID, now: UInt64) async throws -> RelayStation
    /// Appends a push. See `RelayLogError` for what is refused; a refused push appends nothing.
    func append(_ changes: [Change], tokenHash: [UInt8], rules: PushRules) async throws -> AppendOutcome
    /// Changes after `cursor` in log order, skipping `excluding`'s own (they still advance the
    /// cursor), bounded by count and encoded bytes, and by `upTo` when given.
    func read(after cursor: UInt64, excluding: StationID?, limits: ReadLimits, upTo: UInt64?) async throws -> LogSlice
    /// The last position in the log.
    func head() async throws -> UInt64
    /// The position a new snapshot is taken at: the head, or lower where a chunk of
    /// `chunkChanges` positions up to the head could hold more than `maxChunkBytes` bytes of
    /// changes. Everything after the position comes by pull, which is bounded per change.
    func snapshotPosition(chunkChanges: Int, maxChunkBytes: Int) async throws -> UInt64
    /// The relay's own random identity, made when the log was created.
    func identity() async throws -> StationID
    /// Records that a station pulled up to `cursor`; a cursor beyond the log's head is never
    /// recorded.
    func recordPull(code: String, cursor: UInt64, now: UInt64) async throws
    /// Records the schema and software a station's hello announced, for the supervisors' board.
    func recordHello(code: String, schema: Int, software: String) async throws
    /// Records why the relay last refused a station's request, for the supervisors' board.
    func recordRefusal(code: String, message: String, now: UInt64) async throws
}

extension RelayLog {
    /// A log that keeps no notes for the board shows none: these are for people, not the protocol.
    package func recordHello(code: String, schema: Int, software: String) async throws {}

    package func recordRefusal(code: String, message: String, now: UInt64) async throws {}
}

/// A station as the relay knows it.
package struct RelayStation: Hashable, Sendable {
    package var code: String
    package var name: String?
    /// The database incarnation bound on first contact.
    package var station: StationID?
    package var revoked: Bool
    /// Milliseconds since 1970 of the last request, or nil.
    package var lastSeen: UInt64?
    /// The highest sequence appended for this station.
    package var pushedSequence: UInt64
    /// The clock of this station's last change in the log: the next must be stamped after it.
    package var pushedClock: UInt64
    /// Changes appended for this station.
    package var pushedCount: UInt64
    /// The last cursor this station pulled to.
    package var cursor: UInt64
    /// The relay's last refusal of a request from this station, and when (milliseconds).
    package var lastError: String? = nil
    package var lastErrorAt: UInt64? = nil
    /// The highest schema version and the software its last hello announced.
    package var schema: Int? = nil
    package var software: String? = nil

    package init(
        code: String, name: String?, station: StationID?, revoked: Bool, lastSeen: UInt64?, pushedSequence: UInt64, pushedClock: UInt64 = 0,
        pushedCount: UInt64, cursor: UInt64
    ) {
        self.code = code
        self.name = name
        self.station = station
        self.revoked = revoked
        self.lastSeen = lastSeen
        self.pushedSequence = pushedSequence
        self.pushedClock = pushedClock
        self.pushedCount = pushedCount
        self.cursor = cursor
    }
}

/// What the relay enforces on a push (`Protocol/README.md` §6, push).
package struct PushRules: Sendable {
    /// The relay's wall clock, milliseconds since 1970.
    package var now: UInt64
    /// How far past the relay's wall clock a change may be stamped. The bound is the wall clock,
    /// never the highest clock in the log: otherwise each push could raise the bound for the
    /// next, and a station could walk the log's clock hours ahead in a few requests.
    package var futureBoundMilliseconds: UInt64

    package init(now: UInt64, futureBoundMilliseconds: UInt64 = 5 * 60 * 1000) {
        self.now = now
        self.futureBoundMilliseconds = futureBoundMilliseconds
    }
}

package struct AppendOutcome: Hashable, Sendable {
    /// Changes appended by this push.
    package var appended: Int
    /// Changes already in the log with the same content (a retried push).
    package var duplicates: Int
    /// The highest sequence of this station now durable in the log.
    package var pushedSequence: UInt64
    /// The log's last position after the push.
    package var head: UInt64

    package init(appended: Int, duplicates: Int, pushedSequence: UInt64, head: UInt64) {
        self.appended = appended
        self.duplicates = duplicates
        self.pushedSequence = pushedSequence
        self.head = head
    }
}

package struct ReadLimits: Hashable, Sendable {
    package var maxChanges: Int
    package var maxBytes: Int

    package init(maxChanges: Int = 5_000, maxBytes: Int = 4 << 20) {
        self.maxChanges = maxChanges
        self.maxBytes = maxBytes
    }
}

package struct LogSlice: Hashable, Sendable {
    package var changes: [Change]
    /// The last position examined: the next read starts after it.
    package var next: UInt64
    /// Whether the log holds more after `next` (within `upTo`).
    package var more: Bool

    package init(changes: [Change], next: UInt64, more: Bool) {
        self.changes = changes
        self.next = next
        self.more = more
    }
}

/// Why the log refused a request. Nothing was appended.
package struct RelayLogError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        case badToken
        case revoked
        case unknownStation
        case duplicateCode
        /// A change stamped with another station's id.
        case foreignStation
        /// A change id already in the log with other content, or a sequence that restarts.
        case restoredDatabase
        /// A sequence that skips ahead of the log.
        case sequenceGap
        /// A change or value over the size limits (`Change.sizeProblem`).
        case tooLarge
        /// A snapshot position that can no longer be served within the chunk limit.
        case snapshotExpired
        /// A change stamped too far in the future.
        case clockAhead
        /// The token's station code is bound to another database incarnation.
        case otherIncarnation
        /// A change that breaks the protocol's structural rules.
        case malformed
        /// The store of record could not be reached or refused the request: worth retrying.
        case unavailable
    }

    package var code: Code
    package var message: String
    /// The message in Chinese, where one was written; `message(chinese:)` falls back to English.
    package var chinese: String?
    /// Facts for a program, such as both clocks of a clock-ahead refusal.
    package var detail: String?

    package init(_ code: Code, _ message: String, chinese: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.chinese = chinese
        self.detail = detail
    }

    /// A supervisor name already used, revoked or not, so a revoked session never returns.
    static func supervisorExists(_ name: String) -> RelayLogError {
        RelayLogError(.duplicateCode, "supervisor \(name) already exists: choose another name", chinese: "主管 \(name) 已存在：请换一个名字")
    }

    /// A station code enrolled before, revoked or not: codes name rows, so they are never reused.
    static func stationExists(_ code: String) -> RelayLogError {
        RelayLogError(
            .duplicateCode, "station \(code) is already enrolled: choose another code, or revoke it first",
            chinese: "站点 \(code) 已登记：请换一个代码，或先吊销它")
    }

    static func unknownStation(_ code: String) -> RelayLogError {
        RelayLogError(
            .unknownStation, "no station \(code) is enrolled here: `outpost-relay station list` shows them",
            chinese: "这里没有登记站点 \(code)：`outpost-relay station list` 可列出全部站点")
    }

    static func unknownSupervisor(_ name: String) -> RelayLogError {
        RelayLogError(
            .unknownStation, "no supervisor \(name) is known here: `outpost-relay supervisor list` shows them",
            chinese: "这里没有主管 \(name)：`outpost-relay supervisor list` 可列出全部主管")
    }

    package func message(chinese wanted: Bool) -> String { wanted ? chinese ?? message : message }

    package var description: String { message }
}
