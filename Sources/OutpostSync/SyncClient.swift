package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import OutpostCore
package import OutpostStore
package import OutpostWire

/// The station's side of sync (`docs/ARCHITECTURE.md`, "Sync"): hello, bootstrap from a snapshot the first time, push
/// the outbox in local order, then pull until caught up. Every step is durable before the next
/// begins, so a sync interrupted anywhere resumes and ends as if it had not been interrupted.
package struct SyncClient: Sendable {
    package let store: StationStore
    package let relayURL: String
    package let token: String
    package var pushBatchSize = 2_000
    /// Bytes of changes per push, at their size bounds (the frame limit is 16 MiB).
    package var pushMaxBytes = 8 << 20
    package var pullLimits = (changes: 5_000, bytes: 4 << 20)
    package var frameLimits = FrameLimits.standard
    /// The newest protocol version this client speaks. Tests set 1 to play a station of the
    /// previous release; a relay that refuses a version as unsupported makes the client step down
    /// (`Protocol/README.md` §5).
    package var newestVersion: UInt8 {
        get { spoken.current }
        set { spoken = SpokenVersion(min(max(newValue, WireCodec.supportedVersions.lowerBound), WireCodec.supportedVersions.upperBound)) }
    }
    private var spoken = SpokenVersion(WireCodec.protocolVersion)
    /// A first sync downloads the relay's state when it can (`docs/ARCHITECTURE.md`, "Bootstrap");
    /// false forces the log snapshot (the benchmark compares the two).
    package var bootstrapsFromState = true
    /// Log snapshot chunks of history a station bootstrapped from the state fetches per sync
    /// (`SyncClient+State`); 0 leaves history for later syncs.
    package var historyChunksPerSync = 4
    /// How long, in all, one exchange keeps coming back to a relay that answers `busy` before
    /// the sync stops with its refusal (`Protocol/README.md` §8).
    package var busyPatience: Duration = .seconds(120)
    private let transport: any SyncTransport
    private let logger: Logger

    /// A client for the relay configured in the station's settings.
    package init(store: StationStore, http: HTTPClient = .outpostSync, logger: Logger = Logger(label: "outpost.sync")) throws {
        guard let url = try store.setting(SyncSettings.relayURL), let token = try store.setting(SyncSettings.token) else {
            throw SyncError(
                .notConfigured, "this station has no relay yet: run `outpost relay set --url URL --token TOKEN`",
                chinese: "本站点还没有中继：请运行 `outpost relay set --url URL --token TOKEN`")
        }
        self.init(store: store, relayURL: url, token: token, http: http, logger: logger)
    }

    package init(
        store: StationStore, relayURL: String, token: String, http: HTTPClient = .outpostSync, logger: Logger = Logger(label: "outpost.sync")
    ) {
        let url = relayURL.hasSuffix("/") ? String(relayURL.dropLast()) : relayURL
        self.init(store: store, transport: HTTPTransport(relayURL: url, http: http), relayURL: url, token: token, logger: logger)
    }

    /// A client whose frames travel by `transport`; `relayURL` only names the relay in messages.
    package init(store: StationStore, transport: any SyncTransport, relayURL: String, token: String, logger: Logger = Logger(label: "outpost.sync")) {
        self.store = store
        self.relayURL = relayURL
        self.token = token
        self.transport = transport
        self.logger = logger
    }

    /// One full sync. Records the outcome (last success or last error) in the station's settings.
    package func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        let started = ContinuousClock.now
        do {
            var summary = SyncSummary()
            let claim = try await hello()
            // The relay says it holds more of this station's changes than it acknowledged (an
            // answer lost, or a copy of this database pushed): they are compared by content
            // before anything is pulled, the bootstrap's snapshot included, since that would
            // carry them too.
            let confirmFirst = claim.sequence > (try store.syncState().pushedSequence)
            if confirmFirst { summary.pushed = try await pushOutbox(claimed: claim.sequence, progress) }
            // A copy whose changes all matched must still stop: the next sequence it would issue
            // is already the other copy's.
            if claim.isCopy { throw try copyError() }
            summary.bootstrapped = try await bootstrapIfNeeded(progress)
            if !confirmFirst { summary.pushed = try await pushOutbox(claimed: claim.sequence, progress) }
            try await pullAll(&summary, progress)
            try await downloadHistory()
            let elapsed = ContinuousClock.now - started
            summary.elapsedMilliseconds = UInt64(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            // One commit, not three: each waits for the disk.
            try store.setSettings([
                SyncSettings.lastSuccess: Timestamp(milliseconds: StationStore.systemMilliseconds(), counter: 0).isoText,
                SyncSettings.lastError: nil, SyncSettings.lastErrorChinese: nil,
            ])
            return summary
        } catch {
            try? store.setSettings([SyncSettings.lastError: "\(error)", SyncSettings.lastErrorChinese: (error as? SyncError)?.chinese])
            throw error
        }
    }

    // MARK: - Steps

    /// Introduces this database to the relay, checks that the relay is the one it synced with
    /// before, and learns whether the relay lost changes it had acknowledged.
    ///
    /// The relay's word that it holds more of this station's changes than were acknowledged
    /// (a push whose answer was lost) is not taken: those changes are pushed again, and the relay
    /// compares them by content. A sequence alone proves nothing: a copy of this database may
    /// have pushed other changes under the same ids, and marking ours sent would lose them.
    @discardableResult
    func hello() async throws -> Claim {
        guard let local = try store.localStation() else {
            throw SyncError(
                .notConfigured, "this database has no station yet: run `outpost init --station CODE` first",
                chinese: "此数据库还没有站点：请先运行 `outpost init --station CODE`")
        }
        let state = try store.syncState()
        let reply = try await exchange(
            .hello, .hello(Hello(station: local.id, code: local.code, schema: store.schema.version, software: "outpost \(OutpostVersion.text)")))
        guard case .welcome(let welcome) = reply else { throw unexpected(reply) }
        let relay = welcome.relay.description
        let known = try store.setting(SyncSettings.relayID)
        if let known, known != relay {
            throw SyncError(
                .otherRelay,
                """
                the relay at \(relayURL) is not the one this station synced with (its id was \(known.prefix(8))…, now \(relay.prefix(8))…): \
                it was replaced or rebuilt, or the address points elsewhere. Nothing was sent. If the relay operator confirms the change, \
                run `outpost relay set --url URL --token TOKEN --new-relay` to send everything to it again
                """,
                chinese: """
                    \(relayURL) 的中继不是本站点之前同步的那一个（原编号 \(known.prefix(8))…，现为 \(relay.prefix(8))…）：它被替换或重建，\
                    或地址指向了别处。未发送任何内容。如中继管理员确认更换，请运行 \
                    `outpost relay set --url URL --token TOKEN --new-relay`，把全部变更重新发送给它
                    """)
        }
        if known == nil { try store.setSetting(SyncSettings.relayID, relay) }
        // A relay restored from a backup holds less than it acknowledged: send the rest again,
        // and pull again from its head, where its new changes will be numbered.
        if welcome.stationSequence < state.pushedSequence { try store.markPushed(through: welcome.stationSequence) }
        if let cursor = try store.setting(SyncSettings.cursor).flatMap(UInt64.init), cursor > welcome.head {
            try store.setSetting(SyncSettings.cursor, String(welcome.head))
        }
        return Claim(sequence: welcome.stationSequence, isCopy: welcome.stationSequence > state.localSequence)
    }

    /// What the relay says it holds of this station: more than this database issued means it is
    /// a copy or a restored backup.
    struct Claim {
        var sequence: UInt64
        var isCopy: Bool
    }

    /// First sync only: the relay's changes up to a fixed position P, chunk by chunk, each chunk
    /// committed with the download's progress; then the pull cursor starts at P.
    ///
    /// The next chunk downloads while this one is applied, so the relay's reading and the
    /// station's writing overlap (the bootstrap of the benchmark's load took 5.4 s one after the
    /// other); at most two chunks are in memory.
    private func bootstrapIfNeeded(_ progress: @Sendable (SyncProgress) -> Void) async throws -> Int {
        guard try store.setting(SyncSettings.bootstrapped) == nil else { return 0 }
        // The relay's state first (`docs/ARCHITECTURE.md`, "Bootstrap"), unless a log snapshot
        // is under way; nil when the relay or this station cannot use it.
        if bootstrapsFromState, try store.setting(SyncSettings.snapshotPosition) == nil, let rows = try await bootstrapFromState(progress) {
            return rows
        }
        var position = try store.setting(SyncSettings.snapshotPosition).flatMap(UInt64.init) ?? 0
        var chunk = try store.setting(SyncSettings.snapshotChunk).flatMap(Int.init) ?? 0
        var received = 0
        func download(_ chunk: Int, at position: UInt64) -> Task<Message, any Error> {
            Task { try await exchange(.snapshot, .snapshotRequest(SnapshotRequest(position: position, chunk: chunk))) }
        }
        var next = download(chunk, at: position)
        defer { next.cancel() }
        while true {
            // Stopping the sync (`sync --watch`) must not wait for the download running ahead.
            let current = next
            let reply: Message
            do {
                reply = try await withTaskCancellationHandler {
                    try await current.value
                } onCancel: {
                    current.cancel()
                }
            } catch let error as SyncError where error.relayCode == ErrorCode.snapshotExpired.rawValue && position != 0 {
                // The relay can no longer serve this snapshot: start a new one. What was applied
                // of the old one is applied again as duplicates, which change nothing.
                (position, chunk) = (0, 0)
                try store.setSetting(SyncSettings.snapshotPosition, nil)
                try store.setSetting(SyncSettings.snapshotChunk, nil)
                next = download(chunk, at: position)
                continue
            }
            guard case .snapshotChunk(let part) = reply, position == 0 || part.position == position, part.chunk == chunk else {
                throw unexpected(reply)
            }
            position = part.position
            if !part.isLast { next = download(chunk + 1, at: position) }
            var settings = [SyncSettings.snapshotPosition: String(position), SyncSettings.snapshotChunk: String(chunk + 1)]
            if part.isLast {
                settings[SyncSettings.cursor] = String(position)
                settings[SyncSettings.bootstrapped] = "1"
            }
            try store.apply(part.changes, settings: settings)
            received += part.changes.count
            progress(.bootstrapping(received))
            if part.isLast { return received }
            chunk += 1
        }
    }

    /// Pushes the outbox in bounded batches. The changes the relay claims to hold already go
    /// first, on their own, so the relay confirms them by content before anything new is sent:
    /// a later change it refuses (a clock ahead) then never holds them back as unsent.
    private func pushOutbox(claimed: UInt64, _ progress: @Sendable (SyncProgress) -> Void) async throws -> Int {
        guard let local = try store.localStation() else { return 0 }
        var pushed = 0
        while true {
            let acknowledged = try store.syncState().pushedSequence
            let count = claimed > acknowledged ? Int(min(claimed - acknowledged, UInt64(pushBatchSize))) : pushBatchSize
            let outbox = Self.withinBytes(try store.unsentChanges(limit: count), pushMaxBytes)
            guard let last = outbox.last else { return pushed }
            let reply: Message
            do {
                reply = try await exchange(.push, .push(Push(station: local.id, schema: store.schema.version, changes: outbox)))
            } catch let error as SyncError where error.relayCode == ErrorCode.restoredDatabase.rawValue {
                // Some of these differ from what the relay holds under the same ids. Those before
                // the first that differs are the same changes: confirm them, so `reenrol` issues
                // again only what the relay does not have.
                try await confirmIdenticalPrefix(of: outbox, station: local.id)
                throw try copyError()
            }
            guard case .pushAck(let ack) = reply else { throw unexpected(reply) }
            // The relay's durable sequence may run past this push (a copy pushed more under the
            // same ids): only what this push carried was compared.
            try store.markPushed(through: min(ack.durableSequence, last.id.sequence))
            pushed += ack.appended
            progress(.pushed(pushed))
            guard ack.durableSequence >= last.id.sequence else {
                throw SyncError(.protocolError, "the relay acknowledged only up to #\(ack.durableSequence) of a push ending at #\(last.id.sequence)")
            }
        }
    }

    /// Finds, by halving, the longest prefix of `changes` the relay holds with the same content,
    /// and marks it sent. Each try is a push the relay either acknowledges whole or refuses.
    private func confirmIdenticalPrefix(of changes: [Change], station: StationID) async throws {
        var (known, refused) = (0, changes.count)
        while refused - known > 1 {
            let middle = (known + refused) / 2
            do {
                let reply = try await exchange(
                    .push, .push(Push(station: station, schema: store.schema.version, changes: Array(changes.prefix(middle)))))
                guard case .pushAck(let ack) = reply else { throw unexpected(reply) }
                try store.markPushed(through: min(ack.durableSequence, changes[middle - 1].id.sequence))
                known = middle
            } catch let error as SyncError where error.relayCode == ErrorCode.restoredDatabase.rawValue {
                refused = middle
            }
        }
    }

    /// The refusal of a copied or restored database, with what to do.
    private func copyError() throws -> SyncError {
        let code = try store.localStation()?.code ?? "?"
        let unsent = try store.syncState().unsent
        let example = code.count < 8 ? code + "B" : "NEWCODE"
        return SyncError(
            .restoredDatabase,
            """
            this database is a copy (or a restored backup) of one that has already pushed other changes under \
            \(code)'s ids, so the relay refused its changes. No changes were pulled, and its \(unsent) unsent \
            change\(unsent == 1 ? " is" : "s are") kept: ask the relay operator to enrol a new station code \
            (`outpost-relay station add \(example)`), then run `outpost reenrol --station \(example) --token TOKEN` here
            """,
            chinese: """
                此数据库是另一份数据库的副本（或从备份恢复），那一份已用 \(code) 的编号推送了其他变更，\
                因此中继拒绝了本站点的变更。未拉取任何变更，\(unsent) 个未发送变更都已保留：请中继管理员登记新的站点代码\
                （`outpost-relay station add \(example)`），然后在本机运行 `outpost reenrol --station \(example) --token 令牌`
                """, relayCode: ErrorCode.restoredDatabase.rawValue)
    }

    /// The longest prefix of `changes` within `maxBytes` (at their size bounds), and never
    /// empty when `changes` is not: a push stays far below the relay's frame limits.
    static func withinBytes(_ changes: [Change], _ maxBytes: Int) -> [Change] {
        var bytes = 0
        for (index, change) in changes.enumerated() {
            bytes += change.encodedSizeBound
            if index > 0, bytes > maxBytes { return Array(changes.prefix(index)) }
        }
        return changes
    }

    private func pullAll(_ summary: inout SyncSummary, _ progress: @Sendable (SyncProgress) -> Void) async throws {
        var cursor = try store.setting(SyncSettings.cursor).flatMap(UInt64.init) ?? 0
        while true {
            let reply = try await exchange(.pull, .pull(Pull(cursor: cursor, maxChanges: pullLimits.changes, maxBytes: pullLimits.bytes)))
            guard case .pullBatch(let batch) = reply else { throw unexpected(reply) }
            // The cursor advances in the same transaction as the batch it covers.
            let report = try store.apply(batch.changes, settings: [SyncSettings.cursor: String(batch.nextCursor)])
            summary.newConflicts += report.newConflicts.count
            summary.pulled += batch.changes.count
            summary.batches += 1
            progress(.pulled(summary.pulled))
            guard batch.more, batch.nextCursor > cursor else { return }
            cursor = batch.nextCursor
        }
    }

    // MARK: - Exchanges

    /// Sends one frame and returns the reply; an `error` reply becomes a `SyncError`.
    ///
    /// A relay that does not speak the client's version refuses the frame before reading it, so
    /// the same message is sent again in the next older version. A `busy` answer changed nothing
    /// at the relay, so the same message is sent again after the seconds it asks for, growing and
    /// jittered so that stations turned away together do not come back together, for at most
    /// `busyPatience` in all.
    package func exchange(_ endpoint: WireEndpoint, _ message: Message) async throws -> Message {
        var waited = Duration.zero
        var attempt = 0
        while true {
            let version = spoken.current
            let reply = try await send(endpoint, message, version: version)
            guard case .error(let refusal) = reply else { return reply }
            if refusal.code == ErrorCode.unsupportedVersion.rawValue, spoken.fallBack(from: version) {
                logger.info("the relay does not speak this protocol version; trying an older one", metadata: ["refused": "\(version)"])
                continue
            }
            let error = SyncError.refusal(refusal.code, refusal.message)
            guard refusal.code == ErrorCode.busy.rawValue else { throw error }
            let pause = Self.backoff(asked: refusal.detail.flatMap { Int($0) } ?? 2, attempt: attempt)
            guard waited + pause <= busyPatience else { throw error }
            logger.debug("the relay is busy; asking again", metadata: ["endpoint": "\(endpoint.path)", "pause": "\(pause)"])
            try await Task.sleep(for: pause)
            waited += pause
            attempt += 1
        }
    }

    /// The pause before asking a busy relay again: what it asked for (1–60 s), doubled on each
    /// further refusal up to a minute, plus up to half again at random.
    static func backoff(asked seconds: Int, attempt: Int) -> Duration {
        let base = min(60.0, Double(min(max(seconds, 1), 60)) * Double(1 << min(attempt, 5)))
        return .milliseconds(Int64(base * 1000 * Double.random(in: 1...1.5)))
    }

    /// One request and its decoded reply, an `error` message included.
    private func send(_ endpoint: WireEndpoint, _ message: Message, version: UInt8) async throws -> Message {
        let (status, body) = try await transport.post(endpoint, body: WireCodec.encode(message, version: version), token: token)
        let reply: Message
        do {
            reply = try WireCodec.decode(body, limits: frameLimits)
        } catch {
            if status == 404 {
                // Hummingbird answers a path it has no route for with an empty 404. Every relay
                // answers hello, which each sync and verify sends first: a 404 there is a wrong
                // address, a 404 after it an older relay.
                let advice =
                    endpoint == .hello
                    ? "no Outpost relay answers at this address; check it with `outpost relay set --url URL --token TOKEN`"
                    : "the relay's software is older than this station's; ask its operator to upgrade it"
                throw SyncError(.protocolError, "the relay at \(relayURL) does not offer \(endpoint.path) (HTTP 404): \(advice)")
            }
            throw SyncError(
                .protocolError, "the relay at \(relayURL) answered \(endpoint.path) with HTTP \(status) and an unreadable body (\(error))")
        }
        return reply
    }

    private func unexpected(_ reply: Message) -> SyncError {
        SyncError(.protocolError, "the relay answered with an unexpected \(reply.kind) message")
    }
}
