package import OutpostCore

/// One sync message (`Protocol/README.md` §6). Each travels in one frame (§5).
package enum Message: Hashable, Sendable {
    /// Station → relay, first contact and at the start of every sync.
    case hello(Hello)
    /// Relay → station, the answer to `hello`.
    case welcome(Welcome)
    /// Station → relay: the station's unsent changes, in its local order.
    case push(Push)
    /// Relay → station, the answer to `push`, sent once the changes are durable.
    case pushAck(PushAck)
    /// Station → relay: the changes after a log position.
    case pull(Pull)
    /// Relay → station, the answer to `pull`.
    case pullBatch(PullBatch)
    /// Station → relay: one chunk of a snapshot of the relay's merged replica.
    case snapshotRequest(SnapshotRequest)
    /// Relay → station, the answer to `snapshotRequest`.
    case snapshotChunk(SnapshotChunk)
    /// Either way: a request refused, in words and by a stable code.
    case error(ErrorMessage)
    /// Station → relay: the relay's fingerprint of its merged state, for `outpost verify`.
    case verifyRequest(VerifyRequest)
    /// Relay → station, the answer to `verifyRequest`.
    case verifyReply(VerifyReply)
    /// Station → relay: one part of the relay's merged state (a heads-only bootstrap).
    case stateRequest(StateRequest)
    /// Relay → station, the answer to `stateRequest`.
    case stateChunk(StateChunk)

    package var kind: MessageKind {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .push: .push
        case .pushAck: .pushAck
        case .pull: .pull
        case .pullBatch: .pullBatch
        case .snapshotRequest: .snapshotRequest
        case .snapshotChunk: .snapshotChunk
        case .error: .error
        case .verifyRequest: .verifyRequest
        case .verifyReply: .verifyReply
        case .stateRequest: .stateRequest
        case .stateChunk: .stateChunk
        }
    }
}

/// The message type byte of a frame.
package enum MessageKind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case hello = 1
    case welcome = 2
    case push = 3
    case pushAck = 4
    case pull = 5
    case pullBatch = 6
    case snapshotRequest = 7
    case snapshotChunk = 8
    case error = 9
    case verifyRequest = 10
    case verifyReply = 11
    case stateRequest = 12
    case stateChunk = 13

    /// The name used in the specification and in logs (`push-ack`).
    package var description: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .push: "push"
        case .pushAck: "push-ack"
        case .pull: "pull"
        case .pullBatch: "pull-batch"
        case .snapshotRequest: "snapshot-request"
        case .snapshotChunk: "snapshot-chunk"
        case .error: "error"
        case .verifyRequest: "verify-request"
        case .verifyReply: "verify-reply"
        case .stateRequest: "state-request"
        case .stateChunk: "state-chunk"
        }
    }
}

/// Station → relay: who is calling, and under which schema and software.
package struct Hello: Hashable, Sendable {
    /// The station database's incarnation id.
    package var station: StationID
    /// The station's short code (`SZ01`).
    package var code: String
    /// The highest schema version the station's software knows.
    package var schema: Int
    /// The station's software, for logs and support (`outpost 0.1.0`).
    package var software: String

    package init(station: StationID, code: String, schema: Int, software: String) {
        self.station = station
        self.code = code
        self.schema = schema
        self.software = software
    }
}

/// Relay → station: who answers, and what the relay knows of the station.
package struct Welcome: Hashable, Sendable {
    /// The relay's (or the relay store's) 128-bit id; a station notices a different relay by it.
    package var relay: StationID
    /// The log position of the last change in the relay's log (0 when empty).
    package var head: UInt64
    /// The highest sequence of the calling station that is durable in the relay's log (0 if
    /// none). A station whose own log ends below it is a restored copy of its database.
    package var stationSequence: UInt64
    /// The relay's wall clock, Unix milliseconds.
    package var serverTime: UInt64
    /// The highest schema version the relay's software knows.
    package var schema: Int

    package init(relay: StationID, head: UInt64, stationSequence: UInt64, serverTime: UInt64, schema: Int) {
        self.relay = relay
        self.head = head
        self.stationSequence = stationSequence
        self.serverTime = serverTime
        self.schema = schema
    }
}

/// Station → relay: changes made at the station, in its local order.
package struct Push: Hashable, Sendable {
    /// The pushing station; every change must carry it.
    package var station: StationID
    /// The highest schema version the station's software knows.
    package var schema: Int
    package var changes: [Change]

    package init(station: StationID, schema: Int, changes: [Change]) {
        self.station = station
        self.schema = schema
        self.changes = changes
    }
}

/// Relay → station: the push is durable.
package struct PushAck: Hashable, Sendable {
    /// The highest sequence of the pushing station now durable in the relay's log.
    package var durableSequence: UInt64
    /// How many changes of the push were appended to the log.
    package var appended: Int
    /// How many were already in the log with the same content (a retried push).
    package var duplicates: Int
    /// The log position of the last change in the relay's log after the push.
    package var head: UInt64

    package init(durableSequence: UInt64, appended: Int, duplicates: Int, head: UInt64) {
        self.durableSequence = durableSequence
        self.appended = appended
        self.duplicates = duplicates
        self.head = head
    }
}

/// Station → relay: send the changes after `cursor`.
package struct Pull: Hashable, Sendable {
    /// The last log position the station has applied (0 for none).
    package var cursor: UInt64
    /// At most this many changes in the answer (0: the relay's default).
    package var maxChanges: Int
    /// At most about this many bytes of change batch in the answer (0: the relay's default).
    package var maxBytes: Int

    package init(cursor: UInt64, maxChanges: Int, maxBytes: Int) {
        self.cursor = cursor
        self.maxChanges = maxChanges
        self.maxBytes = maxBytes
    }
}

/// Relay → station: changes in log order.
package struct PullBatch: Hashable, Sendable {
    package var changes: [Change]
    /// The last log position examined; the station's next pull starts after it.
    package var nextCursor: UInt64
    /// True when the log holds more changes after `nextCursor`.
    package var more: Bool

    package init(changes: [Change], nextCursor: UInt64, more: Bool) {
        self.changes = changes
        self.nextCursor = nextCursor
        self.more = more
    }
}

/// Station → relay: one chunk of a snapshot.
package struct SnapshotRequest: Hashable, Sendable {
    /// The snapshot's log position; 0 asks for a new snapshot (with chunk 0).
    package var position: UInt64
    /// The chunk wanted, counting from 0.
    package var chunk: Int

    package init(position: UInt64, chunk: Int) {
        self.position = position
        self.chunk = chunk
    }
}

/// Relay → station: one chunk of the snapshot taken at `position`.
package struct SnapshotChunk: Hashable, Sendable {
    /// The log position P the snapshot was taken at; resumed downloads ask for it.
    package var position: UInt64
    /// This chunk's index, counting from 0.
    package var chunk: Int
    /// True for the snapshot's last chunk.
    package var isLast: Bool
    /// Every station's progress at P (chunk 0 only; empty in later chunks).
    package var stations: [StationProgress]
    /// Head change records, events and pending changes.
    package var changes: [Change]

    package init(position: UInt64, chunk: Int, isLast: Bool, stations: [StationProgress], changes: [Change]) {
        self.position = position
        self.chunk = chunk
        self.isLast = isLast
        self.stations = stations
        self.changes = changes
    }
}

/// What the relay's log holds of one station at a snapshot's position.
package struct StationProgress: Hashable, Sendable {
    package var station: StationID
    /// The station's highest sequence in the log up to P.
    package var sequence: UInt64
    /// The highest clock among that station's changes up to P.
    package var clock: Timestamp

    package init(station: StationID, sequence: UInt64, clock: Timestamp) {
        self.station = station
        self.sequence = sequence
        self.clock = clock
    }
}

/// Either way: why a request was refused.
package struct ErrorMessage: Hashable, Sendable {
    /// A stable code (`ErrorCode`'s raw values; others may appear from newer peers).
    package var code: String
    /// A sentence for a person.
    package var message: String
    /// More detail, such as both clocks of a `clock-ahead` refusal.
    package var detail: String?

    package init(code: String, message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    package init(_ code: ErrorCode, message: String, detail: String? = nil) {
        self.init(code: code.rawValue, message: message, detail: detail)
    }

    /// The answer to a request frame that could not be read.
    package init(_ error: WireError) {
        self.init(error.errorCode, message: error.message, detail: "wire error: \(error.code.rawValue)")
    }

    /// The code, when it is one this software knows.
    package var knownCode: ErrorCode? { ErrorCode(rawValue: code) }
}

/// Station → relay: "what does your merged replica hold?" (`Protocol/README.md` §6, §12).
package struct VerifyRequest: Hashable, Sendable {
    /// The highest schema version the station's software knows: replicas of different schemas
    /// apply different changes and cannot be compared.
    package var schema: Int
    /// The changes the station has received; the relay may skip hashing when its own differ.
    package var vector: AppliedVector
    /// Nil asks for the summary (tables and buckets); a range asks for the digests of its rows.
    package var range: RowRange?

    package init(schema: Int, vector: AppliedVector, range: RowRange? = nil) {
        self.schema = schema
        self.vector = vector
        self.range = range
    }
}

/// Relay → station: the merged replica's applied changes and the digests asked for.
package struct VerifyReply: Hashable, Sendable {
    /// The highest schema version the relay's software knows.
    package var schema: Int
    /// The log position the merged replica has applied.
    package var position: UInt64
    /// The changes the merged replica has received; the digests belong to exactly this set.
    package var vector: AppliedVector
    /// Every table's digest, in the relay's schema order (summary only).
    package var tables: [TableDigest]
    /// Every table's rows in buckets, tables in the order of `tables` (summary only).
    package var buckets: [BucketDigest]
    /// The rows of the requested range, ascending (range only).
    package var rows: [RowDigest]
    /// True when the range holds rows after the last one in `rows`.
    package var more: Bool

    package init(
        schema: Int, position: UInt64, vector: AppliedVector, tables: [TableDigest] = [], buckets: [BucketDigest] = [], rows: [RowDigest] = [],
        more: Bool = false
    ) {
        self.schema = schema
        self.position = position
        self.vector = vector
        self.tables = tables
        self.buckets = buckets
        self.rows = rows
        self.more = more
    }
}
