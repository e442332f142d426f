/// What a receiver accepts (`Protocol/README.md` §7).
package struct FrameLimits: Hashable, Sendable {
    /// The largest payload on the wire (after compression), in bytes.
    package var maxFrameBytes: Int
    /// The largest payload after inflating, in bytes.
    package var maxInflatedBytes: Int
    /// The largest ratio of inflated size to size on the wire for a deflated payload.
    package var maxRatio: Int

    package init(maxFrameBytes: Int = 16 << 20, maxInflatedBytes: Int = 64 << 20, maxRatio: Int = 200) {
        self.maxFrameBytes = maxFrameBytes
        self.maxInflatedBytes = maxInflatedBytes
        self.maxRatio = maxRatio
    }

    /// 16 MiB on the wire, 64 MiB inflated, ratio 200.
    package static let standard = FrameLimits()
}

/// Frames and unframes sync messages (`Protocol/README.md` §5).
package enum WireCodec {
    /// `OUTP`.
    package static let magic: [UInt8] = [0x4F, 0x55, 0x54, 0x50]
    /// The newest protocol version this software writes and reads: a station speaks it first.
    package static let protocolVersion: UInt8 = 2
    /// The versions this software reads, and answers in (`Protocol/README.md` §5): 1 carries
    /// change batches in rows, 2 in columns. A relay answers each request in the request's version,
    /// so stations of both releases sync through it during an upgrade.
    package static let supportedVersions: ClosedRange<UInt8> = 1...2
    /// Magic 4, version 1, flags 1, type 1, inflated size 4, wire size 4, CRC-32 4.
    package static let headerSize = 19
    /// Flag bit 0: the payload is a zlib stream.
    package static let deflatedFlag: UInt8 = 0x01
    /// Payloads shorter than this are always sent stored.
    package static let minimumDeflateSize = 64
    /// The HTTP content type of request and response bodies.
    package static let contentType = "application/x-outpost"

    /// One complete frame holding `message` in protocol `version` (one of `supportedVersions`).
    /// `compressionLevel` is zlib's 0 (store) to 9; values outside that range mean zlib's default, 6.
    package static func encode(_ message: Message, version: UInt8 = protocolVersion, compressionLevel: Int32 = 6) -> [UInt8] {
        precondition(supportedVersions.contains(version), "protocol version \(version) is not one this software writes")
        return frame(kind: message.kind.rawValue, payload: message.payload(version: version), version: version, compressionLevel: compressionLevel)
    }

    /// A frame around any payload: the message encoder's second half, public to the package so
    /// tests can frame hand-made payloads.
    ///
    /// The payload is deflated when it is at least `minimumDeflateSize` bytes, the level is above
    /// 0, and the result is shorter than the payload and within the standard ratio; otherwise it
    /// is stored. The payload must be under 4 GiB.
    package static func frame(kind: UInt8, payload: [UInt8], version: UInt8 = protocolVersion, compressionLevel: Int32 = 6) -> [UInt8] {
        precondition(payload.count <= Int(UInt32.max), "a frame payload must be under 4 GiB")
        let level = (0...9).contains(compressionLevel) ? compressionLevel : 6
        var body = payload
        var flags: UInt8 = 0
        if level > 0, payload.count >= minimumDeflateSize {
            let deflated = Zlib.deflate(payload, level: level)
            if deflated.count < payload.count, payload.count <= deflated.count * FrameLimits.standard.maxRatio {
                body = deflated
                flags = deflatedFlag
            }
        }
        return header(version: version, flags: flags, kind: kind, inflatedSize: UInt32(payload.count), body: body) + body
    }

    /// The header for a payload `body` as sent, with its CRC-32.
    package static func header(
        version: UInt8 = protocolVersion, flags: UInt8, kind: UInt8, inflatedSize: UInt32, body: [UInt8]
    ) -> [UInt8] {
        var out = magic
        out.reserveCapacity(headerSize)
        out.append(version)
        out.append(flags)
        out.append(kind)
        appendUInt32(inflatedSize, to: &out)
        appendUInt32(UInt32(body.count), to: &out)
        appendUInt32(Zlib.crc32(body), to: &out)
        return out
    }

    /// Decodes exactly one frame; refuses anything before, after or instead of it.
    package static func decode(_ frame: [UInt8], limits: FrameLimits = .standard) throws(WireError) -> Message {
        guard let header = try FrameHeader.parse(frame, from: 0, limits: limits) else {
            throw WireError(
                .truncated,
                "the frame ends inside its header (\(frame.count) of \(headerSize) bytes): the connection was cut or the body was cut short; send it again"
            )
        }
        let end = headerSize + header.wireSize
        guard frame.count >= end else {
            throw WireError(
                .truncated,
                "the frame ends inside its payload (\(frame.count - headerSize) of \(header.wireSize) bytes): the connection was cut or the body was cut short; send it again"
            )
        }
        guard frame.count == end else {
            throw WireError(.malformed, "\(frame.count - end) bytes follow the frame: a body must hold exactly one frame")
        }
        return try header.message(from: frame[headerSize..<end], limits: limits)
    }

    /// The version to answer a request frame in, even one that cannot be decoded: its own
    /// version when this side speaks it, else version 1, which every release reads.
    package static func answerVersion(for request: [UInt8]) -> UInt8 {
        guard request.count > 4, request.starts(with: magic), supportedVersions.contains(request[4]) else { return supportedVersions.lowerBound }
        return request[4]
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}

/// A parsed and checked frame header.
struct FrameHeader: Hashable, Sendable {
    var version: UInt8
    var deflated: Bool
    var kind: MessageKind
    var inflatedSize: Int
    var wireSize: Int
    var crc: UInt32

    /// Reads the header at `start` as far as `bytes` go and checks it against `limits`, in the
    /// order of the specification: magic, version, flags, type, sizes. Returns nil when the
    /// bytes present pass so far but the header is not complete yet.
    static func parse(_ bytes: [UInt8], from start: Int, limits: FrameLimits) throws(WireError) -> FrameHeader? {
        let available = bytes.count - start
        let magic = WireCodec.magic
        for index in 0..<min(magic.count, available) where bytes[start + index] != magic[index] {
            let seen = bytes[start..<start + min(magic.count, available)]
            throw WireError(
                .badMagic,
                "not an Outpost frame: it starts with \(hex(seen)) instead of \(hex(magic)) (\"OUTP\"); check that the address is an Outpost relay and that nothing between rewrites the body"
            )
        }
        guard available > 4 else { return nil }
        let version = bytes[start + 4]
        guard WireCodec.supportedVersions.contains(version) else {
            let spoken = WireCodec.supportedVersions
            throw WireError(
                .unsupportedVersion,
                "protocol version \(version) is not supported (this side speaks versions \(spoken.lowerBound) to \(spoken.upperBound)); upgrade the side with the older software"
            )
        }
        guard available >= WireCodec.headerSize else { return nil }
        let flags = bytes[start + 5]
        guard flags & ~WireCodec.deflatedFlag == 0 else {
            throw WireError(.malformed, "unknown frame flags \(hex([flags])) (only bit 0, deflated, is defined in version 1)")
        }
        let type = bytes[start + 6]
        guard let kind = MessageKind(rawValue: type) else {
            throw WireError(
                .unknownMessage, "message type \(type) is unknown (version 1 defines types 1 to 11); the peer's software is newer or faulty")
        }
        let inflatedSize = Int(readUInt32(bytes, start + 7))
        let wireSize = Int(readUInt32(bytes, start + 11))
        let crc = readUInt32(bytes, start + 15)
        let deflated = flags & WireCodec.deflatedFlag != 0

        guard wireSize <= limits.maxFrameBytes else {
            throw WireError(
                .oversize, "the frame's payload is \(wireSize) bytes on the wire, over the limit of \(limits.maxFrameBytes); send smaller batches")
        }
        guard inflatedSize <= limits.maxInflatedBytes else {
            throw WireError(
                .oversize, "the frame's payload inflates to \(inflatedSize) bytes, over the limit of \(limits.maxInflatedBytes); send smaller batches"
            )
        }
        if deflated {
            let (bound, overflow) = wireSize.multipliedReportingOverflow(by: max(limits.maxRatio, 0))
            guard overflow || inflatedSize <= bound else {
                throw WireError(
                    .decompressionBomb,
                    "the frame declares \(inflatedSize) bytes inflated from \(wireSize) on the wire, a ratio over the limit of \(limits.maxRatio); refused as a likely decompression bomb"
                )
            }
        } else {
            guard inflatedSize == wireSize else {
                throw WireError(
                    .malformed, "a stored frame declares \(inflatedSize) bytes inflated but \(wireSize) on the wire; the two must be equal")
            }
        }
        return FrameHeader(version: version, deflated: deflated, kind: kind, inflatedSize: inflatedSize, wireSize: wireSize, crc: crc)
    }

    /// Checks the payload's CRC, inflates it and decodes the message.
    func message(from body: ArraySlice<UInt8>, limits: FrameLimits) throws(WireError) -> Message {
        let sent = Array(body)
        let actual = Zlib.crc32(sent)
        guard actual == crc else {
            throw WireError(
                .badChecksum,
                "the payload's CRC-32 is \(hex32(actual)), the header says \(hex32(crc)): the frame was damaged on the way; send it again")
        }
        guard deflated else { return try Message.decode(kind, payload: sent, version: version) }
        let payload: [UInt8]
        do {
            payload = try Zlib.inflate(body, size: inflatedSize)
        } catch {
            switch error {
            case .beyondDeclaredSize:
                throw WireError(
                    .decompressionBomb,
                    "the payload inflates beyond the \(inflatedSize) bytes its header declares; refused as a likely decompression bomb")
            case .malformed(let what):
                throw WireError(.malformed, "the payload is not a valid zlib stream: \(what)")
            }
        }
        return try Message.decode(kind, payload: payload, version: version)
    }

    private static func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

private func hex(_ bytes: some Collection<UInt8>) -> String {
    var out = [UInt8]()
    for byte in bytes {
        if !out.isEmpty { out.append(UInt8(ascii: " ")) }
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

private func hex32(_ value: UInt32) -> String {
    hex([UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
        .split(separator: " ").joined()
}
