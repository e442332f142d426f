import Foundation
package import Logging
import OutpostCore
package import OutpostRelayStore
package import OutpostStore
package import OutpostWire

/// The relay's protocol logic, independent of HTTP: a request body and token in, a status and
/// response frame out. `Relay+HTTP` puts it on Hummingbird; tests may call it directly.
package struct Relay: Sendable {
    package let log: any RelayLog
    package let replica: MergedReplica
    package let configuration: RelayConfiguration
    /// Requests at work and waiting their turn (`RequestGate`).
    package let gate: RequestGate
    /// The relay's time on each station's requests, when `configuration.timesRequests` asks.
    package let times: RequestTimes?
    let wallClock: @Sendable () -> UInt64
    let logger: Logger

    package init(
        log: any RelayLog, replica: MergedReplica, configuration: RelayConfiguration = RelayConfiguration(),
        logger: Logger, wallClock: @escaping @Sendable () -> UInt64 = StationStore.systemMilliseconds
    ) {
        self.log = log
        self.replica = replica
        self.configuration = configuration
        gate = RequestGate(limit: configuration.maxConcurrentRequests)
        times = configuration.timesRequests ? RequestTimes() : nil
        self.logger = logger
        self.wallClock = wallClock
    }

    /// A response: the HTTP status and one frame, plus what the request log line reports.
    package struct Response: Sendable {
        package var status: Int
        package var frame: [UInt8]
        package var station: String?
        package var changes: Int
        /// The refusal's code and sentence, when the request was refused.
        package var refusal: String? = nil
        /// Seconds after which a refused request may come again (HTTP `Retry-After`).
        package var retryAfterSeconds: Int? = nil
        /// How long the request waited for its turn (`RequestGate`).
        package var queued: Duration = .zero
    }

    /// Answers one request. Every refusal is an `error` frame with the status of its code, and
    /// changes nothing.
    ///
    /// The token is checked before the frame is even inflated, so a request without a valid token
    /// costs the relay a hash, never the 64 MiB a decompression bomb would ask for. Before even
    /// that, the request waits for its turn (`RequestGate`), and is answered `busy` if none comes.
    package func respond(to endpoint: WireEndpoint, token: String?, body: [UInt8]) async -> Response {
        let arrived = ContinuousClock.now
        guard await gate.enter(within: configuration.queueWait) else { return busy() }
        let queued = ContinuousClock.now - arrived
        var response = await answer(endpoint, token: token, body: body)
        response.queued = queued
        // A known station's refusal is noted for the supervisors' board; a note that cannot be
        // written never changes the answer.
        if let station = response.station, let refusal = response.refusal {
            do {
                try await log.recordRefusal(code: station, message: refusal, now: wallClock())
            } catch {
                logger.warning("could not note a refusal", metadata: ["station": "\(station)", "error": "\(error)"])
            }
        }
        await gate.leave()
        return response
    }

    private func answer(_ endpoint: WireEndpoint, token: String?, body: [UInt8]) async -> Response {
        var station: String?
        // Each answer is written in the request's protocol version, so a station of the previous
        // release keeps syncing through an upgraded relay (`Protocol/README.md` §5).
        let requested = WireCodec.answerVersion(for: body)
        let version = min(requested, configuration.newestVersion)
        do {
            guard let token, !token.isEmpty else {
                return Self.refusal(
                    ErrorMessage(.badToken, message: "no station token: send `Authorization: Bearer TOKEN` (outpost relay set --token)"), station: nil
                )
            }
            let tokenHash = StationToken.hash(token)
            guard let known = try await log.station(tokenHash: tokenHash) else {
                return Self.refusal(
                    ErrorMessage(
                        .badToken,
                        message:
                            "the station token is not known to this relay: check it with `outpost relay set --token`, or ask the relay operator for one"
                    ), station: nil, version: version)
            }
            station = known.code
            guard !known.revoked else {
                return Self.refusal(
                    ErrorMessage(.revoked, message: "station \(known.code)'s token was revoked: ask the relay operator for a new one"),
                    station: known.code, version: version)
            }
            guard requested <= configuration.newestVersion else {
                let refusal = WireError(
                    .unsupportedVersion,
                    "protocol version \(requested) is not supported (this relay speaks versions 1 to \(configuration.newestVersion)); upgrade the side with the older software"
                )
                return Self.refusal(ErrorMessage(refusal), station: known.code, version: version)
            }
            let message: Message
            do {
                message = try WireCodec.decode(body, limits: configuration.frameLimits)
            } catch {
                return Self.refusal(ErrorMessage(error), station: known.code, version: version)
            }
            guard message.kind == endpoint.request else {
                return Self.refusal(
                    ErrorMessage(.malformed, message: "\(endpoint.path) expects a \(endpoint.request) message, not \(message.kind)"),
                    station: known.code, version: version)
            }
            var response = try await answer(message, from: known, tokenHash: tokenHash, version: version)
            response.station = known.code
            return response
        } catch let error as RelayLogError {
            return Self.refusal(
                ErrorMessage(Self.errorCode(error.code), message: error.message, detail: error.detail), station: station, version: version)
        } catch {
            logger.error("request failed", metadata: ["endpoint": "\(endpoint.path)", "error": "\(error)"])
            return Self.refusal(ErrorMessage(.internalError, message: "the relay failed: \(error); try again"), station: station, version: version)
        }
    }

    private func answer(_ message: Message, from station: RelayStation, tokenHash: [UInt8], version: UInt8) async throws -> Response {
        let now = wallClock()
        switch message {
        case .hello(let hello):
            guard hello.code == station.code else {
                throw RelayLogError(.unknownStation, "this token belongs to station \(station.code), not \(hello.code)")
            }
            let bound = try await log.bind(code: station.code, to: hello.station, now: now)
            // Noted only when it changed: most hellos announce what the last one did, and each
            // write waits for the disk on the log's one writer.
            if bound.schema != hello.schema || bound.software != String(hello.software.prefix(200)) {
                try await log.recordHello(code: station.code, schema: hello.schema, software: hello.software)
            }
            let welcome = Welcome(
                relay: try await log.identity(), head: try await log.head(), stationSequence: bound.pushedSequence, serverTime: now,
                schema: Schema.outpost.version)
            return Response(status: 200, frame: WireCodec.encode(.welcome(welcome), version: version), changes: 0)
        case .push(let push):
            // The push names its station; it must be the one the token is bound to, as must
            // every change in it (checked again, change by change, inside the append).
            if let bound = station.station, push.station != bound {
                throw RelayLogError(
                    .foreignStation,
                    "the push names station \(push.station), but this token belongs to \(station.code) (\(bound)); a station may push only its own changes"
                )
            }
            let outcome = try await log.append(
                push.changes, tokenHash: tokenHash, rules: PushRules(now: now, futureBoundMilliseconds: configuration.futureBoundMilliseconds))
            // Durable in the log is what the ack promises; the replica applies it in the
            // background (`docs/ARCHITECTURE.md`, "Merged replica").
            if outcome.appended > 0 { await replica.wake() }
            let ack = PushAck(durableSequence: outcome.pushedSequence, appended: outcome.appended, duplicates: outcome.duplicates, head: outcome.head)
            return Response(status: 200, frame: WireCodec.encode(.pushAck(ack), version: version), changes: push.changes.count)
        case .pull(let pull):
            let head = try await log.head()
            guard pull.cursor <= head else {
                throw RelayLogError(
                    .malformed,
                    "pull cursor \(pull.cursor) is beyond the end of this relay's log (\(head)): the station last pulled from another relay, or from this one before it was rebuilt; nothing was recorded"
                )
            }
            // 0 asks for the relay's default; anything else is lowered to the relay's maximum.
            var limits = configuration.readLimits
            if pull.maxChanges > 0 { limits.maxChanges = min(limits.maxChanges, pull.maxChanges) }
            if pull.maxBytes > 0 { limits.maxBytes = max(1024, min(limits.maxBytes, pull.maxBytes)) }
            let slice = try await log.read(after: pull.cursor, excluding: station.station, limits: limits, upTo: nil)
            try await log.recordPull(code: station.code, cursor: slice.next, now: now)
            let batch = PullBatch(changes: slice.changes, nextCursor: slice.next, more: slice.more)
            return Response(status: 200, frame: WireCodec.encode(.pullBatch(batch), version: version), changes: slice.changes.count)
        case .snapshotRequest(let request):
            return try await snapshotChunk(request, version: version)
        case .stateRequest(let request):
            return try await stateChunk(request, version: version)
        case .verifyRequest(let request):
            let reply = try await verify(request)
            return Response(status: 200, frame: WireCodec.encode(.verifyReply(reply), version: version), changes: 0)
        default:
            throw RelayLogError(.malformed, "a relay does not accept \(message.kind) messages")
        }
    }

    /// The most bytes of changes a snapshot chunk may hold: a chunk is sent stored when it does
    /// not deflate, so this stays under the 16 MiB frame limit (`Protocol/README.md` §7).
    static let maxChunkBytes = 12 << 20

    /// A snapshot at P is the log's changes up to P in fixed chunks of positions: positions never
    /// move, so a resumed download at the same P receives exactly the same chunks. A new snapshot
    /// is taken at the head, or lower where a chunk could exceed `maxChunkBytes`; the station
    /// pulls the rest, a pull being bounded per change.
    private func snapshotChunk(_ request: SnapshotRequest, version: UInt8) async throws -> Response {
        let size = UInt64(max(1, configuration.snapshotChunkChanges))
        let position =
            request.position == 0
            ? try await log.snapshotPosition(chunkChanges: Int(size), maxChunkBytes: Self.maxChunkBytes)
            : request.position
        // Read after the position: a push committed in between only raises the head.
        let head = try await log.head()
        guard position <= head else {
            throw RelayLogError(.malformed, "snapshot position \(request.position) is beyond the log (\(head)); start again at position 0")
        }
        let chunks = max(1, (position + size - 1) / size)
        guard request.chunk >= 0, UInt64(request.chunk) < chunks else {
            throw RelayLogError(
                .malformed, "the snapshot at position \(position) has \(chunks) chunk(s), numbered from 0; chunk \(request.chunk) does not exist")
        }
        let start = UInt64(request.chunk) * size
        let end = min(start + size, position)
        // A position this relay chose keeps every chunk within the limit; one it did not (an
        // older relay's, or a peer's) may not: such a chunk is refused as expired, and the
        // station starts again at position 0 (`Protocol/README.md` §6, snapshot-chunk).
        let slice =
            start < end
            ? try await log.read(after: start, excluding: nil, limits: ReadLimits(maxChanges: Int(size), maxBytes: Self.maxChunkBytes), upTo: end)
            : LogSlice(changes: [], next: position, more: false)
        guard slice.next >= end else {
            throw RelayLogError(
                .snapshotExpired,
                "chunk \(request.chunk) of the snapshot at position \(position) is over \(Self.maxChunkBytes) bytes; start again at position 0")
        }
        let chunk = SnapshotChunk(position: position, chunk: request.chunk, isLast: end >= position, stations: [], changes: slice.changes)
        return Response(status: 200, frame: WireCodec.encode(.snapshotChunk(chunk), version: version), changes: slice.changes.count)
    }

    /// Most rows a range answer lists; a station asks again after the last one for the rest.
    static let verifyRowLimit = 4_096

    /// The merged replica's applied changes and, when they are the station's, the digests asked
    /// for (`Protocol/README.md` §12). The replica is first given up to `configuration.verifyWait`
    /// to apply the log up to the head read now, so a station that has just synced is compared
    /// with everything it pulled; past that, the answer is the replica's state as far as it has
    /// applied, its position and vector stated. Position, vector and digests are read in one
    /// transaction, so the reply never claims a state other than the one it hashed.
    private func verify(_ request: VerifyRequest) async throws -> VerifyReply {
        let store = replica.store
        if let range = request.range, store.schema.table(range.table) == nil {
            throw RelayLogError(
                .malformed, "verify asks for rows of table '\(range.table)', which this relay's schema \(store.schema.version) does not have")
        }
        _ = try await replica.caughtUp(to: try await log.head(), within: configuration.verifyWait)
        return try replica.read { position, read in
            var reply = VerifyReply(schema: store.schema.version, position: position, vector: try read.appliedVector())
            // Hashing every row costs a full read: skip it when the station could not compare anyway.
            guard request.schema == store.schema.version, request.vector == reply.vector else { return reply }
            let digest = try read.stateDigest(range: request.range)
            reply.vector = digest.vector
            if request.range == nil {
                reply.tables = digest.tableDigests
                reply.buckets = digest.tables.enumerated().flatMap { Fingerprint.buckets($0.element.rows, table: $0.offset) }
            } else {
                let rows = digest.tables.first?.rows ?? []
                reply.rows = Array(rows.prefix(Self.verifyRowLimit))
                reply.more = rows.count > Self.verifyRowLimit
            }
            return reply
        }
    }

    /// The answer to a request that found no turn within `configuration.queueWait`: 503 with the
    /// seconds to wait, which the station's sync honours (`Protocol/README.md` §8).
    private func busy() -> Response {
        let seconds = configuration.retryAfterSeconds
        var response = Self.refusal(
            ErrorMessage(
                .busy,
                message:
                    "the relay is busy with other stations' syncs: nothing was read or changed; sync again in \(seconds) s (your changes stay in the outbox)",
                detail: String(seconds)), station: nil)
        response.retryAfterSeconds = seconds
        return response
    }

    /// An error frame in `version`: the request's, or 1 when the request's cannot be read.
    static func refusal(_ error: ErrorMessage, station: String?, version: UInt8 = WireCodec.supportedVersions.lowerBound) -> Response {
        Response(
            status: error.knownCode?.httpStatus ?? 400, frame: WireCodec.encode(.error(error), version: version), station: station, changes: 0,
            refusal: "\(error.code): \(error.message)")
    }

    static func errorCode(_ code: RelayLogError.Code) -> ErrorCode {
        switch code {
        case .badToken: .badToken
        case .revoked: .revoked
        case .unknownStation, .duplicateCode, .otherIncarnation: .unknownStation
        case .foreignStation: .foreignStation
        case .restoredDatabase: .restoredDatabase
        case .sequenceGap: .sequenceGap
        case .tooLarge: .tooLarge
        case .snapshotExpired: .snapshotExpired
        case .clockAhead: .clockAhead
        case .malformed: .malformed
        case .unavailable: .internalError
        }
    }
}
