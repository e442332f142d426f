package import AsyncHTTPClient
import Foundation
package import Logging
import NIOCore
import NIOHTTP1
import OutpostCore
package import OutpostStore
package import OutpostWire

/// The station's side of sync (DESIGN §4): hello, bootstrap from a snapshot the first time, push
/// the outbox in local order, then pull until caught up. Every step is durable before the next
/// begins, so a sync interrupted anywhere resumes and ends as if it had not been interrupted.
package struct SyncClient: Sendable {
    package let store: StationStore
    package let relayURL: String
    package let token: String
    package var pushBatchSize = 2_000
    package var pullLimits = (changes: 5_000, bytes: 4 << 20)
    package var frameLimits = FrameLimits.standard
    private let http: HTTPClient
    private let logger: Logger

    /// A client for the relay configured in the station's settings.
    package init(store: StationStore, http: HTTPClient = .outpostSync, logger: Logger = Logger(label: "outpost.sync")) throws {
        guard let url = try store.setting(SyncSettings.relayURL), let token = try store.setting(SyncSettings.token) else {
            throw SyncError(.notConfigured, "this station has no relay yet: run `outpost relay set --url URL --token TOKEN`")
        }
        self.init(store: store, relayURL: url, token: token, http: http, logger: logger)
    }

    package init(store: StationStore, relayURL: String, token: String, http: HTTPClient = .outpostSync, logger: Logger = Logger(label: "outpost.sync")) {
        self.store = store
        self.relayURL = relayURL.hasSuffix("/") ? String(relayURL.dropLast()) : relayURL
        self.token = token
        self.http = http
        self.logger = logger
    }

    /// One full sync. Records the outcome (last success or last error) in the station's settings.
    package func sync(progress: @Sendable (SyncProgress) -> Void = { _ in }) async throws -> SyncSummary {
        let started = ContinuousClock.now
        do {
            var summary = SyncSummary()
            try await hello()
            summary.bootstrapped = try await bootstrapIfNeeded(progress)
            summary.pushed = try await pushOutbox(progress)
            try await pullAll(&summary, progress)
            let elapsed = ContinuousClock.now - started
            summary.elapsedMilliseconds = UInt64(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            try store.setSetting(SyncSettings.lastSuccess, Timestamp(milliseconds: StationStore.systemMilliseconds(), counter: 0).isoText)
            try store.setSetting(SyncSettings.lastError, nil)
            return summary
        } catch {
            try? store.setSetting(SyncSettings.lastError, "\(error)")
            throw error
        }
    }

    // MARK: - Steps

    /// Introduces this database to the relay and learns how much of its outbox the relay already
    /// holds, so a push whose answer was lost is never sent twice.
    func hello() async throws {
        guard let local = try store.localStation() else {
            throw SyncError(.notConfigured, "this database has no station yet: run `outpost init --station CODE` first")
        }
        let state = try store.syncState()
        let reply = try await exchange(.hello, .hello(Hello(station: local.id, code: local.code, schema: store.schema.version, software: "outpost 0.1")))
        guard case .welcome(let welcome) = reply else { throw unexpected(reply) }
        if welcome.stationSequence > state.localSequence {
            throw SyncError(.restoredDatabase, """
                the relay holds \(welcome.stationSequence) changes from \(local.code) but this database has issued only \
                \(state.localSequence): it was restored from a backup or copied. Stop syncing it: its unsent changes are kept, and the relay operator must enrol it again under a new station code
                """)
        }
        try store.markPushed(through: welcome.stationSequence)
    }

    /// First sync only: the relay's changes up to a fixed position P, chunk by chunk, each chunk
    /// committed with the download's progress; then the pull cursor starts at P.
    ///
    /// The next chunk downloads while this one is applied, so the relay's reading and the
    /// station's writing overlap (the bootstrap of the benchmark's load took 5.4 s one after the
    /// other); at most two chunks are in memory.
    private func bootstrapIfNeeded(_ progress: @Sendable (SyncProgress) -> Void) async throws -> Int {
        guard try store.setting(SyncSettings.bootstrapped) == nil else { return 0 }
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
            let reply = try await withTaskCancellationHandler { try await current.value } onCancel: { current.cancel() }
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

    private func pushOutbox(_ progress: @Sendable (SyncProgress) -> Void) async throws -> Int {
        guard let local = try store.localStation() else { return 0 }
        var pushed = 0
        while true {
            let outbox = try store.unsentChanges(limit: pushBatchSize)
            guard !outbox.isEmpty else { return pushed }
            let reply = try await exchange(.push, .push(Push(station: local.id, schema: store.schema.version, changes: outbox)))
            guard case .pushAck(let ack) = reply else { throw unexpected(reply) }
            try store.markPushed(through: ack.durableSequence)
            pushed += ack.appended
            progress(.pushed(pushed))
            guard ack.durableSequence >= outbox.last!.id.sequence else {
                throw SyncError(.protocolError, "the relay acknowledged only up to #\(ack.durableSequence) of a push ending at #\(outbox.last!.id.sequence)")
            }
        }
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

    // MARK: - HTTP

    /// Sends one frame and returns the reply; an `error` reply becomes a `SyncError`.
    package func exchange(_ endpoint: WireEndpoint, _ message: Message) async throws -> Message {
        var request = HTTPClientRequest(url: relayURL + endpoint.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: WireCodec.contentType)
        request.body = .bytes(ByteBuffer(bytes: WireCodec.encode(message)))
        let body: ByteBuffer
        let status: UInt
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            status = response.status.code
            body = try await response.body.collect(upTo: frameLimits.maxFrameBytes)
        } catch {
            throw SyncError(.unreachable, "cannot reach the relay at \(relayURL) (\(Self.reason(error))); your changes stay in the outbox and will go with the next sync")
        }
        let reply: Message
        do {
            reply = try WireCodec.decode(Array(buffer: body), limits: frameLimits)
        } catch {
            if status == 404 {
                // Hummingbird answers a path it has no route for with an empty 404. Every relay
                // answers hello, which each sync and verify sends first: a 404 there is a wrong
                // address, a 404 after it an older relay.
                let advice = endpoint == .hello
                    ? "no Outpost relay answers at this address; check it with `outpost relay set --url URL --token TOKEN`"
                    : "the relay's software is older than this station's; ask its operator to upgrade it"
                throw SyncError(.protocolError, "the relay at \(relayURL) does not offer \(endpoint.path) (HTTP 404): \(advice)")
            }
            throw SyncError(.protocolError, "the relay at \(relayURL) answered \(endpoint.path) with HTTP \(status) and an unreadable body (\(error))")
        }
        if case .error(let refusal) = reply {
            throw SyncError(.refused, "the relay refused: \(refusal.message)", relayCode: refusal.code)
        }
        return reply
    }

    /// The network failure in a few words, without the transport's internals.
    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        for (needle, words) in [("Connection refused", "connection refused: is the relay running?"), ("timed out", "timed out"),
                                ("Timeout", "timed out"), ("resolve", "unknown host"), ("Network is unreachable", "no network")]
        where text.contains(needle) { return words }
        return text
    }

    private func unexpected(_ reply: Message) -> SyncError {
        SyncError(.protocolError, "the relay answered with an unexpected \(reply.kind) message")
    }
}

extension HTTPClient {
    /// The client sync uses: like `HTTPClient.shared`, but an unreachable relay is reported after
    /// five seconds of connection attempts (with backoff) instead of the default request deadline,
    /// so a clerk hears "cannot reach the relay" promptly.
    package static let outpostSync: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
