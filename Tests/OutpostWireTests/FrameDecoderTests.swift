import OutpostCore
import OutpostTestSupport
import OutpostWire
import Testing

@Suite("Frame decoder and framing")
struct FrameDecoderTests {
    static let frames = VectorCatalog.valid.map(\.frame)
    static let messages = VectorCatalog.valid.compactMap { vector -> Message? in
        if case .message(let message) = vector.expected { message } else { nil }
    }
    static let stream = frames.flatMap { $0 }

    /// A header for the given sizes, with a CRC of nothing (the size checks come first).
    static func header(flags: UInt8 = WireCodec.deflatedFlag, kind: MessageKind = .push, inflated: UInt32, wire: UInt32) -> [UInt8] {
        var bytes = WireCodec.header(flags: flags, kind: kind.rawValue, inflatedSize: inflated, body: [])
        bytes[11] = UInt8(wire >> 24)
        bytes[12] = UInt8(truncatingIfNeeded: wire >> 16)
        bytes[13] = UInt8(truncatingIfNeeded: wire >> 8)
        bytes[14] = UInt8(truncatingIfNeeded: wire)
        return bytes
    }

    /// The code of the WireError `body` throws, or nil when it throws none.
    static func code(_ body: () throws -> Void) -> WireError.Code? {
        do {
            try body()
            return nil
        } catch let error as WireError {
            return error.code
        } catch {
            Issue.record("not a WireError: \(error)")
            return nil
        }
    }

    @Test func headerLayout() throws {
        let frame = WireCodec.encode(.snapshotRequest(SnapshotRequest(position: 300, chunk: 2)))
        // magic, version 2, flags 0 (stored), type 7, inflated 3, wire 3, crc, payload ac 02 02
        #expect(Array(frame.prefix(15)) == [0x4F, 0x55, 0x54, 0x50, 2, 0, 7, 0, 0, 0, 3, 0, 0, 0, 3])
        #expect(Array(frame.suffix(3)) == [0xAC, 0x02, 0x02])
        let crc = Zlib.crc32([0xAC, 0x02, 0x02])
        #expect(
            Array(frame[15..<19]) == [
                UInt8(crc >> 24), UInt8(truncatingIfNeeded: crc >> 16), UInt8(truncatingIfNeeded: crc >> 8), UInt8(truncatingIfNeeded: crc),
            ])
        #expect(frame.count == WireCodec.headerSize + 3)
        // zlib's CRC-32 check value.
        #expect(Zlib.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func byteAtATime() throws {
        var decoder = FrameDecoder()
        var decoded = [Message]()
        for (index, byte) in Self.stream.enumerated() {
            decoded += try decoder.feed(CollectionOfOne(byte))
            #expect(decoder.bufferedByteCount <= WireCodec.headerSize + 16 << 10, "at byte \(index)")
        }
        #expect(decoded == Self.messages)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test(arguments: 0..<40)
    func randomChunks(seedIndex: Int) throws {
        let seed = 0x5EED_0000 + UInt64(seedIndex)
        var random = RandomMessages(seed: seed)
        // The vectors, then a few random messages, back to back.
        var messages = Self.messages
        var stream = Self.stream
        for _ in 0..<5 {
            let message = random.message()
            messages.append(message)
            stream += WireCodec.encode(message, compressionLevel: Int32(random.int(0...9)))
        }
        var decoder = FrameDecoder()
        var decoded = [Message]()
        var offset = 0
        for size in random.chunks(of: stream.count) {
            decoded += try decoder.feed(stream[offset..<offset + size])
            offset += size
        }
        #expect(decoded == messages, "seed \(seed)")
        #expect(throws: Never.self, "seed \(seed)") { try decoder.finish() }
    }

    @Test func everyTruncationIsTruncated() throws {
        for (index, frame) in Self.frames.enumerated() {
            for length in 0..<frame.count {
                let prefix = Array(frame.prefix(length))
                #expect(Self.code { _ = try WireCodec.decode(prefix) } == .truncated, "vector \(index), \(length) of \(frame.count) bytes")
                var decoder = FrameDecoder()
                #expect(try decoder.feed(prefix).isEmpty)
                #expect(decoder.bufferedByteCount == length)
                // An empty stream is complete; any other prefix is not.
                #expect(Self.code { try decoder.finish() } == (length == 0 ? nil : .truncated))
                // The rest completes it.
                #expect(try decoder.feed(frame[length...]) == [Self.messages[index]])
            }
        }
    }

    @Test func trailingBytesAreRefusedByTheSingleFrameDecoder() {
        let frame = Self.frames[0]
        #expect(Self.code { _ = try WireCodec.decode(frame + [0]) } == .malformed)
        #expect(Self.code { _ = try WireCodec.decode(frame + frame) } == .malformed)
    }

    @Test func oversizeIsRefusedFromTheHeaderAlone() throws {
        // A push declaring 1 GB on the wire: refused at its 19th byte, with no body sent.
        let header = Self.header(inflated: 1 << 30, wire: 1 << 30)
        var decoder = FrameDecoder()
        for byte in header.dropLast() { #expect(try decoder.feed(CollectionOfOne(byte)).isEmpty) }
        #expect(Self.code { _ = try decoder.feed(CollectionOfOne(header.last!)) } == .oversize)
        #expect(decoder.bufferedByteCount == 0)
        // The decoder stays failed.
        #expect(Self.code { _ = try decoder.feed(Self.frames[0]) } == .oversize)
        #expect(Self.code { try decoder.finish() } == .oversize)
        #expect(Self.code { _ = try WireCodec.decode(header) } == .oversize)

        // Inflated size over its limit, wire size within.
        #expect(Self.code { _ = try WireCodec.decode(Self.header(inflated: 100 << 20, wire: 1 << 20)) } == .oversize)
        // A stored frame is held to the same wire limit.
        #expect(Self.code { _ = try WireCodec.decode(Self.header(flags: 0, inflated: 20 << 20, wire: 20 << 20)) } == .oversize)
        // Exactly at the limit passes the header check (then the body is awaited).
        let limits = FrameLimits(maxFrameBytes: 100, maxInflatedBytes: 100, maxRatio: 200)
        #expect(Self.code { _ = try WireCodec.decode(Self.header(flags: 0, inflated: 100, wire: 100), limits: limits) } == .truncated)
        #expect(Self.code { _ = try WireCodec.decode(Self.header(flags: 0, inflated: 101, wire: 101), limits: limits) } == .oversize)
    }

    @Test func bombIsRefusedFromTheHeaderAlone() throws {
        // 201 : 1 with a deflated flag: refused before the body.
        #expect(Self.code { _ = try WireCodec.decode(Self.header(inflated: 201_000, wire: 1000)) } == .decompressionBomb)
        #expect(Self.code { _ = try WireCodec.decode(Self.header(inflated: 200_000, wire: 1000)) } == .truncated)
        #expect(Self.code { _ = try WireCodec.decode(Self.header(inflated: 1, wire: 0)) } == .decompressionBomb)
        var decoder = FrameDecoder()
        #expect(Self.code { _ = try decoder.feed(Self.header(inflated: 10_000_000, wire: 9000)) } == .decompressionBomb)
    }

    @Test func bombInflatingPastItsDeclaredSizeStopsThere() throws {
        // 2 MB of zeros declared as 10 000 bytes; within the ratio so the header passes.
        let zeros = [UInt8](repeating: 0, count: 2_000_000)
        let deflated = Zlib.deflate(zeros, level: 9)
        let declared = UInt32(deflated.count * 100)
        let frame =
            WireCodec.header(flags: WireCodec.deflatedFlag, kind: MessageKind.push.rawValue, inflatedSize: declared, body: deflated) + deflated
        #expect(Self.code { _ = try WireCodec.decode(frame) } == .decompressionBomb)
    }

    @Test func deflateDefectsAreMalformed() throws {
        let payload = Message.error(ErrorMessage(.internalError, message: String(repeating: "内部错误 ", count: 40))).payload()
        let deflated = Zlib.deflate(payload, level: 6)
        func framed(_ body: [UInt8], declared: Int) -> [UInt8] {
            WireCodec.header(flags: WireCodec.deflatedFlag, kind: MessageKind.error.rawValue, inflatedSize: UInt32(declared), body: body) + body
        }
        #expect(try WireCodec.decode(framed(deflated, declared: payload.count)) == Message.decode(.error, payload: payload))
        // Declares more than the stream holds.
        #expect(Self.code { _ = try WireCodec.decode(framed(deflated, declared: payload.count + 1)) } == .malformed)
        // The stream is cut short (with a matching CRC).
        #expect(Self.code { _ = try WireCodec.decode(framed(Array(deflated.dropLast(6)), declared: payload.count)) } == .malformed)
        // Bytes after the end of the stream.
        #expect(Self.code { _ = try WireCodec.decode(framed(deflated + [0, 0], declared: payload.count)) } == .malformed)
        // Not a zlib stream at all.
        #expect(Self.code { _ = try WireCodec.decode(framed(payload, declared: payload.count)) } == .malformed)
        // Declared 0, deflated flag, empty or real stream.
        #expect(Self.code { _ = try WireCodec.decode(framed([], declared: 0)) } == .malformed)
        let empty = Zlib.deflate([], level: 6)
        #expect(Self.code { _ = try WireCodec.decode(framed(empty, declared: 0)) } == .malformed)  // an empty error payload
        #expect(Self.code { _ = try WireCodec.decode(framed(deflated, declared: 0)) } == .decompressionBomb)
        // A stored frame whose sizes differ.
        var stored = WireCodec.encode(.pull(Pull(cursor: 1, maxChanges: 2, maxBytes: 3)))
        stored[10] &+= 1
        #expect(Self.code { _ = try WireCodec.decode(stored) } == .malformed)
    }

    @Test func messagesBeforeAFailureAreReturnedThenTheFailure() throws {
        var decoder = FrameDecoder()
        let good = Self.frames[0]
        var bad = Self.frames[1]
        bad[WireCodec.headerSize] ^= 0xFF
        #expect(try decoder.feed(good + bad + good) == [Self.messages[0]])
        #expect(Self.code { _ = try decoder.feed([]) } == .badChecksum)
    }

    @Test func badMagicIsRefusedAtItsFirstByte() {
        var decoder = FrameDecoder()
        #expect(throws: Never.self) { _ = try decoder.feed([0x4F, 0x55]) }
        #expect(Self.code { _ = try decoder.feed([0x00]) } == .badMagic)
        var http = FrameDecoder()
        #expect(Self.code { _ = try http.feed(Array("HTTP/1.1 200 OK".utf8)) } == .badMagic)
        #expect(Self.code { _ = try WireCodec.decode([]) } == .truncated)
        #expect(Self.code { _ = try WireCodec.decode([0x4F]) } == .truncated)
        #expect(Self.code { _ = try WireCodec.decode([0x50]) } == .badMagic)
        #expect(Self.code { _ = try WireCodec.decode([0x4F, 0x55, 0x54, 0x50, 0x07]) } == .unsupportedVersion)
    }

    @Test func encoderStoresSmallAndIncompressiblePayloads() throws {
        let small = WireCodec.encode(.pull(Pull(cursor: 1, maxChanges: 2, maxBytes: 3)))
        #expect(small[5] == 0)
        let text = Message.error(ErrorMessage(.malformed, message: String(repeating: "重复的文字 ", count: 50)))
        #expect(WireCodec.encode(text)[5] == WireCodec.deflatedFlag)
        #expect(WireCodec.encode(text, compressionLevel: 0)[5] == 0)
        #expect(try WireCodec.decode(WireCodec.encode(text, compressionLevel: 0)) == text)
        #expect(WireCodec.encode(text, compressionLevel: -1) == WireCodec.encode(text, compressionLevel: 6))
        // Random bytes do not deflate: the frame is never larger than the stored form.
        var random = SplitMix64(seed: 7)
        let noise = Message.push(
            Push(
                station: VectorCatalog.a, schema: 1,
                changes: [
                    VectorCatalog.create(
                        VectorCatalog.a, 1, at: VectorCatalog.at(0), "files",
                        [
                            Field("data", .blob((0..<4000).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
                        ], author: "li")
                ]))
        #expect(WireCodec.encode(noise).count <= WireCodec.headerSize + noise.payload().count)
        #expect(try WireCodec.decode(WireCodec.encode(noise)) == noise)
        // Zeros far beyond the standard ratio are sent stored, so a standard receiver accepts them.
        let zeros = Message.push(
            Push(
                station: VectorCatalog.a, schema: 1,
                changes: [
                    VectorCatalog.create(
                        VectorCatalog.a, 1, at: VectorCatalog.at(0), "files", [Field("data", .blob([UInt8](repeating: 0, count: 1 << 20)))],
                        author: "li")
                ]))
        let frame = WireCodec.encode(zeros)
        #expect(frame[5] == 0)
        #expect(try WireCodec.decode(frame) == zeros)
    }

    @Test func errorCodesMapToTheStatusesOfTheSpecification() {
        let statuses = Dictionary(uniqueKeysWithValues: ErrorCode.allCases.map { ($0.rawValue, $0.httpStatus) })
        #expect(
            statuses == [
                "bad-token": 401, "revoked": 401, "unknown-station": 401, "foreign-station": 403, "restored-database": 409,
                "sequence-gap": 409, "clock-ahead": 409, "too-large": 413, "malformed": 400, "unsupported-version": 426, "snapshot-expired": 410,
                "internal": 500, "busy": 503,
            ])
        #expect(WireError(.oversize, "").errorCode == .tooLarge)
        #expect(WireError(.unsupportedVersion, "").errorCode == .unsupportedVersion)
        for code in WireError.Code.allCases where code != .oversize && code != .unsupportedVersion {
            #expect(WireError(code, "").errorCode == .malformed)
        }
        #expect(ErrorMessage(WireError(.oversize, "too big")).code == "too-large")
        #expect(WireEndpoint.allCases.map(\.path) == ["/v1/hello", "/v1/push", "/v1/pull", "/v1/snapshot", "/v1/verify", "/v1/state"])
        #expect(WireCodec.contentType == "application/x-outpost")
    }
}
