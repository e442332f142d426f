import OutpostCore
import OutpostWire

/// The golden vectors of `Protocol/vectors/`: built here from fixed stations and clocks, with no
/// randomness, so the files can be regenerated bit for bit (`OUTPOST_WRITE_VECTORS=1`).
enum VectorCatalog {
    struct Vector: Sendable {
        enum Expected: Sendable {
            case message(Message)
            case error(WireError.Code)
        }

        var name: String
        var frame: [UInt8]
        var expected: Expected
        var limits: FrameLimits = .standard
        /// What the vector shows, in a sentence or two.
        var situation: String

        /// The message of a valid vector.
        var message: Message? {
            if case .message(let message) = expected { message } else { nil }
        }
    }

    // MARK: Fixed identities and clocks

    static let a = StationID(high: 0xA1A1_A1A1_A1A1_A1A1, low: 0xA2A2_A2A2_A2A2_A2A2)
    static let b = StationID(high: 0xB1B1_B1B1_B1B1_B1B1, low: 0xB2B2_B2B2_B2B2_B2B2)
    static let c = StationID(high: 0xC1C1_C1C1_C1C1_C1C1, low: 0xC2C2_C2C2_C2C2_C2C2)
    static let relay = StationID(high: 0x5E5E_5E5E_5E5E_5E5E, low: 0x0000_0000_0000_0001)
    static let labels: [(String, StationID)] = [("A", a), ("B", b), ("C", c), ("R", relay)]

    /// 2026-11-22T08:15:00.123Z.
    static let t0: UInt64 = 1_795_335_300_123

    static func at(_ milliseconds: Int64, _ counter: UInt16 = 0) -> Timestamp {
        Timestamp(milliseconds: UInt64(Int64(t0) + milliseconds), counter: counter)
    }

    static func version(_ station: StationID, _ milliseconds: Int64, _ counter: UInt16 = 0) -> Version {
        Version(clock: at(milliseconds, counter), station: station)
    }

    static func create(
        _ station: StationID, _ sequence: UInt64, at clock: Timestamp, _ table: String, _ fields: [Field],
        author: String, schema: Int = 1
    ) -> Change {
        let id = ChangeID(station: station, sequence: sequence)
        return Change(
            id: id, table: table, row: RowID(id), operation: .create(fields), version: Version(clock: clock, station: station),
            pred: [], author: author, schema: schema
        )
    }

    static func edit(
        _ station: StationID, _ sequence: UInt64, at clock: Timestamp, _ table: String, row: RowID,
        _ operation: Change.Operation, pred: [Version], author: String, schema: Int = 1
    ) -> Change {
        Change(
            id: ChangeID(station: station, sequence: sequence), table: table, row: row, operation: operation,
            version: Version(clock: clock, station: station), pred: pred, author: author, schema: schema
        )
    }

    // MARK: Shared content

    static let customer = RowID(station: a, sequence: 1)
    static let caseRow = RowID(station: a, sequence: 2)

    static let customerCreation = create(
        a, 1, at: at(0), "customers",
        [
            Field("name", .text("王芳")),
            Field("contact", .text("王芳")),
            Field("phones", .text("+8613800138000")),
            Field("address", .text("广东省深圳市南山区科技园路1号")),
        ], author: "li")

    static let caseCreation = create(
        a, 2, at: at(0, 1), "cases",
        [
            Field("number", .text("SZ01-20261122-0001")),
            Field("customer_id", .text("SZ01.1")),
            Field("kind", .text("complaint")),
            Field("channel", .text("phone")),
            Field("severity", .text("urgent")),
            Field("status", .text("new")),
            Field("tier", .integer(1)),
            Field("title", .text("屏幕不亮")),
            Field("description", .text("客户反映显示器通电后屏幕不亮，指示灯闪烁。已建议更换电源线，仍无效。")),
        ], author: "li")

    static let noteEvent = create(
        a, 3, at: at(95_000), "case_events",
        [
            Field("case_id", .text("SZ01.2")),
            Field("kind", .text("note")),
            Field("body", .text("已联系客户，约定明天上门检修。")),
        ], author: "li")

    static let statusEdit = edit(
        a, 4, at: at(95_000, 1), "cases", row: caseRow, .set(column: "status", value: .text("in-progress")),
        pred: [caseCreation.version], author: "li"
    )

    /// Two stations retitle the case, both over the creation's version: two heads, an open conflict.
    static let conflictB = edit(
        b, 7, at: at(3_600_000), "cases", row: caseRow, .set(column: "title", value: .text("屏幕不亮（电源故障）")),
        pred: [caseCreation.version], author: "wang"
    )
    static let conflictC = edit(
        c, 3, at: at(3_605_250), "cases", row: caseRow, .set(column: "title", value: .text("显示器黑屏")),
        pred: [caseCreation.version], author: "chen"
    )

    /// The digests a verify exchange carries: made from fixed bytes, so the vectors are stable.
    static func rowDigest(_ row: RowID) -> RowDigest {
        let key = "\(row.station)/\(row.sequence)"
        return RowDigest(row: row, values: Fingerprint.hash(Array("values \(key)".utf8)), state: Fingerprint.hash(Array("state \(key)".utf8)))
    }

    static let verifiedVector = AppliedVector([a: 4, b: 7, c: 3])
    static let verifiedTables: [(String, [RowDigest])] = [
        ("stations", [RowID(station: b, sequence: 1), RowID(station: c, sequence: 1)].map(rowDigest)),
        ("customers", [rowDigest(customer)]),
        ("cases", [rowDigest(caseRow)]),
        ("case_events", [rowDigest(RowID(station: a, sequence: 3))]),
    ]

    /// The customer A/1's merge state as a state chunk carries it (`Protocol/README.md` §6,
    /// state-chunk): created by station 0 of the chunk (A), never edited, its name, contact and
    /// address still the creation's (one bit each), one phone whose only head is the creation.
    static let customerState: [UInt8] = {
        var out = ByteWriter()
        out.writeByte(13)  // created, latest is the creation, fields from the creation follow
        out.writeVarint(at(0).rawValue)
        out.writeVarint(0)  // station 0 of the chunk: A
        out.writeVarint(0b1_0011)  // name, contact, address
        out.writeVarint(0)  // no other scalar register
        out.writeVarint(1)  // one set column
        out.writeVarint(2)  // phones
        out.writeVarint(1)  // one element
        out.write(.text("+8613800138000"))
        out.writeVarint(1)  // one head: the creation, present
        out.writeVarint(at(0).rawValue)
        out.writeVarint(0)
        out.writeByte(1)
        out.writeVarint(0)  // no tombstones
        out.writeVarint(0)  // no history references
        return out.bytes
    }()

    // MARK: The vectors

    static let valid: [Vector] = [
        valid(
            "hello",
            .hello(Hello(station: a, code: "SZ01", schema: 1, software: "outpost 0.1.0")),
            "Station SZ01 (A) opens a sync. A short payload: sent stored."
        ),
        valid(
            "welcome",
            .welcome(Welcome(relay: relay, head: 1042, stationSequence: 3, serverTime: t0 + 333, schema: 1)),
            "The relay answers: its log ends at position 1042 and holds A's changes up to sequence 3."
        ),
        valid(
            "push-empty",
            .push(Push(station: a, schema: 1, changes: [])),
            "A push with an empty change batch (a station with nothing unsent may still push)."
        ),
        valid(
            "push-cjk",
            .push(Push(station: a, schema: 1, changes: [customerCreation, caseCreation, noteEvent, statusEdit])),
            "A's first push: a customer, a case and a note in Chinese, then a status change. Deflated."
        ),
        valid(
            "push-values",
            .push(
                Push(
                    station: a, schema: 1,
                    changes: [
                        create(
                            a, 5, at: at(120_000), "wire_probe",
                            [
                                Field("null", .null),
                                Field("zero", .integer(0)),
                                Field("positive", .integer(1_795_335_300_123)),
                                Field("negative", .integer(-42)),
                                Field("minimum", .integer(.min)),
                                Field("maximum", .integer(.max)),
                                Field("real", .real(3.25)),
                                Field("negative_zero", .real(-0.0)),
                                Field("text", .text("屏幕不亮")),
                                Field("empty_text", .text("")),
                                Field("blob", .blob([0x00, 0xFF, 0x10, 0x80])),
                                Field("empty_blob", .blob([])),
                            ], author: "li"),
                        edit(
                            a, 6, at: at(120_000, 1), "customers", row: customer, .set(column: "note", value: .null),
                            pred: [], author: "li"),
                    ])),
            "Every value type (null, integer including negative and both extremes, real including -0.0, text, blob, empty text and blob) in one creation; the table is a probe, not a schema table: the codec does not judge tables. Deflated."
        ),
        valid(
            "push-create-set-twice",
            .push(
                Push(
                    station: a, schema: 1,
                    changes: [
                        create(
                            a, 7, at: at(180_000), "customers",
                            [
                                Field("name", .text("Zhang Wei")),
                                Field("phones", .text("+8613800138000")),
                                Field("phones", .text("+8613912345678")),
                                Field("emails", .text("zhang.wei@example.com")),
                            ], author: "li"),
                        edit(
                            a, 8, at: at(181_000), "customers", row: RowID(station: a, sequence: 7),
                            .add(column: "phones", element: .text("+862087654321")), pred: [], author: "li"),
                        edit(
                            a, 9, at: at(182_000), "customers", row: RowID(station: a, sequence: 7),
                            .remove(column: "phones", element: .text("+8613912345678")), pred: [version(a, 180_000)], author: "li"),
                    ])),
            "A creation in which the set column phones appears twice (two elements), then an add and an observed remove."
        ),
        valid(
            "push-ack",
            .pushAck(PushAck(durableSequence: 4, appended: 3, duplicates: 1, head: 1045)),
            "The relay acknowledges a retried push of A#1–A#4: one was already in the log, three appended."
        ),
        valid(
            "pull",
            .pull(Pull(cursor: 1042, maxChanges: 5000, maxBytes: 1 << 20)),
            "Station A asks for the changes after position 1042, at most 5000 changes or about 1 MiB."
        ),
        valid(
            "pull-batch-conflict",
            .pullBatch(PullBatch(changes: [conflictB, conflictC], nextCursor: 1047, more: true)),
            "Stations B and C each retitled case A/2 over the same version (its creation): two heads, an open conflict. More changes follow."
        ),
        valid(
            "snapshot-request-new",
            .snapshotRequest(SnapshotRequest(position: 0, chunk: 0)),
            "A new station asks for a new snapshot."
        ),
        valid(
            "snapshot-request-resume",
            .snapshotRequest(SnapshotRequest(position: 1047, chunk: 1)),
            "A resumed download asks for chunk 1 of the snapshot taken at position 1047."
        ),
        valid(
            "snapshot-chunk",
            .snapshotChunk(
                SnapshotChunk(
                    position: 1047, chunk: 0, isLast: false,
                    stations: [
                        StationProgress(station: a, sequence: 4, clock: statusEdit.version.clock),
                        StationProgress(station: b, sequence: 7, clock: conflictB.version.clock),
                        StationProgress(station: c, sequence: 3, clock: conflictC.version.clock),
                    ],
                    changes: [customerCreation, caseCreation, noteEvent, statusEdit, conflictB, conflictC]
                )),
            "Chunk 0 of the snapshot at position 1047: every station's progress, then head change records and events. Deflated."
        ),
        valid(
            "snapshot-chunk-last",
            .snapshotChunk(
                SnapshotChunk(
                    position: 1047, chunk: 1, isLast: true, stations: [],
                    changes: [
                        edit(
                            b, 8, at: at(3_700_000), "cases", row: caseRow, .set(column: "warranty_until", value: .text("2027-06-30")),
                            pred: [], author: "wang", schema: 2)
                    ]
                )),
            "The last chunk: one pending change written under schema 2 (a column schema 1 does not know)."
        ),
        valid(
            "state-request-new",
            .stateRequest(StateRequest(position: 0, after: 0)),
            "A new station asks for the relay's merged state (a heads-only bootstrap)."
        ),
        valid(
            "state-request-resume",
            .stateRequest(StateRequest(position: 1047, after: 17_592_186_044_433)),
            "A resumed download asks for the chunk after resume key 17592186044433 of the state at position 1047."
        ),
        valid(
            "state-chunk",
            .stateChunk(
                StateChunk(
                    position: 1047, schema: 2, after: 0, next: 17_592_186_044_433, isLast: false,
                    part: StatePart(
                        progress: [
                            StateProgress(station: a, sequence: 4, clock: statusEdit.version.clock, code: "SZ01"),
                            StateProgress(station: b, sequence: 7, clock: conflictB.version.clock, code: "GZ02"),
                            StateProgress(station: c, sequence: 3, clock: conflictC.version.clock, code: ""),
                        ],
                        stationIDs: [a],
                        rows: [
                            StateRow(
                                table: 1, row: customer,
                                values: [
                                    .text("王芳"), .text("王芳"), .text("[\"+8613800138000\"]"), .text("[]"), .text("广东省深圳市南山区科技园路1号"), .null,
                                    .null,
                                ], state: customerState)
                        ])
                )),
            "The first chunk of the state at position 1047: every station's progress with its code (C's not known), then one customer row with its values and merge state. Deflated."
        ),
        valid(
            "state-chunk-last",
            .stateChunk(
                StateChunk(
                    position: 1047, schema: 1, after: 17_592_186_044_433, next: 17_592_186_044_433, isLast: true,
                    part: StatePart(held: [
                        edit(
                            b, 8, at: at(3_700_000), "cases", row: caseRow, .set(column: "warranty_until", value: .text("2027-06-30")),
                            pred: [], author: "wang", schema: 2)
                    ])
                )),
            "The last chunk: no rows, one change held pending (written under schema 2, a column schema 1 does not know)."
        ),
        valid(
            "error-clock-ahead",
            .error(
                ErrorMessage(
                    .clockAhead,
                    message:
                        "change SZ01#5 is stamped 2026-11-22T09:20:00.000Z, more than 5 minutes past the relay's clock 2026-11-22T08:15:00.456Z; check this computer's clock, then run `outpost clock repair`",
                    detail: "change clock 1795339200000.0, relay clock 1795335300456.0, bound 300000 ms"
                )),
            "A push refused for a clock ahead (HTTP 409), naming both clocks."
        ),
        valid(
            "error-bad-token",
            .error(ErrorMessage(.badToken, message: "the station token is missing or wrong")),
            "A request refused for its token (HTTP 401); no detail."
        ),
        valid(
            "error-sequence-gap",
            .error(
                ErrorMessage(
                    .sequenceGap,
                    message: "change SZ01#9 skips ahead: the log has SZ01's changes up to #5, so #6 must come next")),
            "A push whose first new change skips sequences (HTTP 409, its own code since the push checks were ordered)."
        ),
        valid(
            "error-too-large",
            .error(
                ErrorMessage(
                    .tooLarge,
                    message:
                        "change SZ01#6 is too large: a value of 62000000 bytes is over the limit of 262144 bytes (256 KiB); nothing of this push was kept"
                )),
            "A push holding a value over 256 KiB (HTTP 413): refused whole, so anything accepted can be served."
        ),
        valid(
            "verify-request",
            .verifyRequest(VerifyRequest(schema: 1, vector: verifiedVector)),
            "Station A asks for the relay's fingerprint summary, naming the changes it holds: A's up to 4, B's up to 7, C's up to 3."
        ),
        valid(
            "verify-request-range",
            .verifyRequest(
                VerifyRequest(schema: 1, vector: verifiedVector, range: RowRange(table: "cases", from: caseRow, to: RowID(station: c, sequence: 1)))),
            "Station A asks for the row digests of table cases from row A/2 (inclusive) to row C/1 (exclusive): the bucket where its own rows differ."
        ),
        valid(
            "verify-reply",
            .verifyReply(
                VerifyReply(
                    schema: 1, position: 1047, vector: verifiedVector,
                    tables: verifiedTables.map { Fingerprint.table($0.0, rows: $0.1) },
                    buckets: verifiedTables.enumerated().flatMap { Fingerprint.buckets($0.element.1, table: $0.offset) }
                )),
            "The relay's summary: the same changes as A's, so it sends every table's digest and its rows in buckets (one bucket per table here)."
        ),
        valid(
            "verify-reply-rows",
            .verifyReply(VerifyReply(schema: 1, position: 1047, vector: verifiedVector, rows: [rowDigest(caseRow)], more: false)),
            "The relay's answer to verify-request-range: the digest of row A/2, the only row of cases in the range."
        ),
    ]

    static func valid(_ name: String, _ message: Message, _ situation: String, version: UInt8 = 1) -> Vector {
        Vector(name: name, frame: WireCodec.encode(message, version: version), expected: .message(message), situation: situation)
    }

    /// Protocol version 2: the same messages, change batches in columns (`Protocol/README.md` §3.1).
    static let version2: [Vector] = [
        valid(
            "v2-hello",
            .hello(Hello(station: a, code: "SZ01", schema: 1, software: "outpost 0.2.0")),
            "The hello of a station speaking version 2: the payload is version 1's, only the header's version byte differs.", version: 2
        ),
        valid(
            "v2-push-cjk",
            .push(Push(station: a, schema: 1, changes: [customerCreation, caseCreation, noteEvent, statusEdit])),
            "push-cjk in version 2. The status change's pred is the case's creation, two changes earlier in the batch: reference 2. Deflated.",
            version: 2
        ),
        valid(
            "v2-push-values",
            valid[4].message!,
            "push-values in version 2: every value type, the values column as in version 1. Deflated.", version: 2
        ),
        valid(
            "v2-push-create-set-twice",
            valid[5].message!,
            "push-create-set-twice in version 2: the remove's pred is the creation two changes earlier (reference 2); the add has no pred.",
            version: 2
        ),
        valid(
            "v2-pull-batch-conflict",
            valid[8].message!,
            "pull-batch-conflict in version 2: both preds name a change outside the batch, so each is written out (station, milliseconds back, counter).",
            version: 2
        ),
        valid(
            "v2-snapshot-chunk",
            valid[11].message!,
            "snapshot-chunk in version 2: six changes, three of them over the case's creation in the same chunk (references 2, 3 and 4). Deflated.",
            version: 2
        ),
    ]

    static let invalid: [Vector] = {
        let hello = valid[0].frame
        let pushCJK = valid[3].frame
        var vectors = [Vector]()

        vectors.append(
            Vector(
                name: "bad-magic",
                frame: Array(#"{"station":"SZ01","changes":[]}"#.utf8),
                expected: .error(.badMagic),
                situation: "A JSON body instead of a frame: refused at its first byte."
            ))

        var version3 = hello
        version3[4] = 3
        vectors.append(
            Vector(
                name: "unknown-version", frame: version3, expected: .error(.unsupportedVersion),
                situation: "The hello vector with protocol version 3 in byte 4 (HTTP 426)."
            ))

        var damaged = pushCJK
        damaged[WireCodec.headerSize + 40] ^= 0x01
        vectors.append(
            Vector(
                name: "bad-crc", frame: damaged, expected: .error(.badChecksum),
                situation: "The push-cjk vector with bit 0 of payload byte 40 (frame byte 59) flipped; the header's CRC-32 no longer matches."
            ))

        vectors.append(
            Vector(
                name: "truncated", frame: Array(hello.dropLast(5)), expected: .error(.truncated),
                situation: "The hello vector without its last 5 bytes."
            ))
        vectors.append(
            Vector(
                name: "truncated-header", frame: Array(hello.prefix(11)), expected: .error(.truncated),
                situation: "The first 11 bytes of the hello vector: the input ends inside the header."
            ))

        let bigPush = Message.push(
            Push(
                station: a, schema: 1,
                changes: (0..<8).map { index in
                    create(
                        a, 100 + UInt64(index), at: at(600_000 + Int64(index) * 1000), "cases",
                        [
                            Field("number", .text("SZ01-20261122-\(String(index + 10))")),
                            Field("customer_id", .text("SZ01.1")),
                            Field("kind", .text("after-sales")),
                            Field("channel", .text("walk-in")),
                            Field("severity", .text("normal")),
                            Field("status", .text("new")),
                            Field("tier", .integer(1)),
                            Field("title", .text("屏幕不亮，第\(index + 1)台")),
                            Field("description", .text("客户携带显示器到店，通电后屏幕不亮，电源指示灯闪烁。")),
                        ], author: "li")
                }))
        vectors.append(
            Vector(
                name: "oversize", frame: WireCodec.encode(bigPush, version: 1, compressionLevel: 0), expected: .error(.oversize),
                limits: FrameLimits(maxFrameBytes: 1024),
                situation:
                    "A well-formed push of eight case creations sent stored (compression level 0): its payload is over 1024 bytes, the limit this vector is checked against (maxFrameBytes 1024). With the standard limits it decodes."
            ))

        let zeros = [UInt8](repeating: 0, count: 10_000_000)
        let bomb = Zlib.deflate(zeros, level: 6)
        vectors.append(
            Vector(
                name: "decompression-bomb",
                frame: WireCodec.header(
                    version: 1, flags: WireCodec.deflatedFlag, kind: MessageKind.push.rawValue, inflatedSize: 10_000_000, body: bomb)
                    + bomb,
                expected: .error(.decompressionBomb),
                situation:
                    "A push frame whose payload is 10,000,000 zero bytes deflated at level 6 to \(bomb.count) bytes: it declares a ratio over 200, so it is refused from its header, before inflating."
            ))

        let hidden = MessageKind.error.rawValue
        let errorPayload = Message.error(ErrorMessage(.malformed, message: String(repeating: "压缩比 ", count: 120))).payload(version: 1)
        let errorDeflated = Zlib.deflate(errorPayload, level: 6)
        vectors.append(
            Vector(
                name: "inflates-beyond-declared",
                frame: WireCodec.header(
                    version: 1, flags: WireCodec.deflatedFlag, kind: hidden, inflatedSize: UInt32(errorPayload.count - 100), body: errorDeflated)
                    + errorDeflated,
                expected: .error(.decompressionBomb),
                situation:
                    "An error frame whose deflated payload holds \(errorPayload.count) bytes but whose header declares \(errorPayload.count - 100); the ratio is within the limit, so the header passes and inflating stops at the first byte past the declared size."
            ))

        vectors.append(
            Vector(
                name: "unknown-message",
                frame: WireCodec.header(version: 1, flags: 0, kind: 0x2A, inflatedSize: 0, body: []),
                expected: .error(.unknownMessage),
                situation: "A well-framed empty payload with message type 42, which version 1 does not define."
            ))

        var flagged = hello
        flagged[5] = 0x02
        vectors.append(
            Vector(
                name: "unknown-flags", frame: flagged, expected: .error(.malformed),
                situation: "The hello vector with flags 02: bit 1 is not defined in version 1."
            ))

        var pullBatch = Message.pullBatch(PullBatch(changes: [], nextCursor: 1047, more: false)).payload(version: 1)
        pullBatch[2] = 2
        vectors.append(
            Vector(
                name: "malformed-payload",
                frame: WireCodec.frame(kind: MessageKind.pullBatch.rawValue, payload: pullBatch, version: 1),
                expected: .error(.malformed),
                situation: "A pull-batch frame, correctly framed and checksummed, whose \"more\" flag byte is 2 (only 0 and 1 are allowed)."
            ))
        return vectors + version2Invalid
    }()

    /// Version 2's refusals of a change batch: each frame is well formed and checksummed, the
    /// batch inside is not.
    static let version2Invalid: [Vector] = {
        let push = Message.push(Push(station: a, schema: 1, changes: [customerCreation, caseCreation, noteEvent, statusEdit]))
        func pushFrame(_ batch: [UInt8]) -> [UInt8] {
            var payload = ByteWriter()
            payload.writeStation(a)
            payload.writeVarint(1)
            payload.writeBlob(batch)
            return WireCodec.frame(kind: MessageKind.push.rawValue, payload: payload.bytes, version: 2)
        }
        var vectors = [Vector]()
        vectors.append(
            Vector(
                name: "v2-rows-in-version-2", frame: WireCodec.frame(kind: MessageKind.push.rawValue, payload: push.payload(version: 1), version: 2),
                expected: .error(.malformed),
                situation:
                    "push-cjk's version 1 payload (its batch in rows) in a version 2 frame: the batch layout follows the frame's version, so the rows do not read as columns."
            ))
        let pushed = [customerCreation, caseCreation, noteEvent, statusEdit]
        let columns = ChangeBatch.encodeColumns(pushed)
        vectors.append(
            Vector(
                name: "v2-truncated-batch", frame: pushFrame(Array(columns.dropLast())), expected: .error(.malformed),
                situation: "v2-push-cjk's batch without its last byte (inside its last value), its length adjusted: the batch ends early."
            ))
        // The only pred is the status change's, a reference (no anchors follow): the byte just before the values.
        var values = ByteWriter()
        for change in pushed {
            switch change.operation {
            case .create(let fields): for field in fields { values.write(field.value) }
            case .set(_, let value), .add(_, let value), .remove(_, let value): values.write(value)
            }
        }
        var reaching = columns
        let reference = columns.count - values.bytes.count - 1
        precondition(reaching[reference] == 3, "the status change's pred is 2 back, written 3")
        reaching[reference] = 5
        vectors.append(
            Vector(
                name: "v2-reference-before-batch", frame: pushFrame(reaching), expected: .error(.malformed),
                situation:
                    "v2-push-cjk with the status change's pred reference (batch byte \(reference), just before the values) raised from 3 (2 back) to 5 (4 back): the fourth change can reach back at most 3."
            ))
        var counter = ByteWriter()
        counter.writeVarint(1)
        counter.writeStation(a)
        counter.writeVarint(3)
        for string in ["cases", "li", "status"] { counter.writeString(string) }
        for byte: UInt64 in [1, 0, 1, 2, 0] { counter.writeVarint(byte) }  // one shape: table cases, tag set, column status, no pred
        counter.writeVarint(1)  // one change
        counter.writeVarint(0)  // station A
        counter.writeSignedVarint(5)  // sequence 5
        counter.writeSignedVarint(Int64(t0))  // milliseconds
        counter.writeSignedVarint(65_536)  // counter: one past 65535
        for index: UInt64 in [0, 1, 1, 1, 0, 2, 0] { counter.writeVarint(index) }  // shape, author, schema, one row A/2, row 0
        counter.write(.text("closed"))
        vectors.append(
            Vector(
                name: "v2-counter-out-of-range", frame: pushFrame(counter.bytes), expected: .error(.malformed),
                situation: "A version 2 push of one status change whose clock counter is 65536: a counter has 16 bits, so the batch is refused."
            ))
        return vectors
    }()

    static let all = valid + version2 + invalid

    static func vector(named name: String) -> Vector? { all.first { $0.name == name } }
}
