import OutpostCore
import OutpostWire

/// Damage for `DecoderFuzzTests`: byte-level mutations of frames, payloads and change batches, and
/// a few that know the layout (header sizes, varints, a batch's tables), so that damage also lands
/// on the fields the decoders check rather than only on text and station bytes. Every choice is
/// drawn from the generator it holds, so one input replays from its seed.
struct FrameMutator {
    var random: RandomMessages

    init(seed: UInt64) { random = RandomMessages(seed: seed) }

    // MARK: Values at the edges

    /// The numbers the decoders' bounds sit on: 0 and 1, the ends of one- and two-byte varints,
    /// the schema bound 2^31 − 1, the 32-bit and 63-bit edges (counts stop at 2^63 − 1), and the
    /// largest u64.
    static let extremeValues: [UInt64] = [
        0, 1, 127, 128, 16_383, 16_384, (1 << 31) - 1, 1 << 31, (1 << 32) - 1, 1 << 32, (1 << 63) - 1, 1 << 63, .max,
    ]

    /// Varints no encoder writes: a non-shortest zero (accepted), ten bytes that overflow 64 bits,
    /// eleven bytes, a tenth byte that still continues, and one that ends inside.
    static let oddVarints: [[UInt8]] = [
        [0x80, 0x00],
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81],
        [0x80],
    ]

    /// Texts that are the same to Swift's `==` (canonically equivalent) but not byte for byte: the
    /// protocol keeps a text's bytes as they are, so a decoder or encoder that compares them as
    /// `String`s merges what the sender kept apart.
    static let equivalentTexts: [[String]] = [
        ["\u{00C5}", "\u{212B}", "A\u{030A}"],
        ["K", "\u{212A}"],
        ["\u{00E9}", "e\u{0301}"],
        ["\u{03A9}", "\u{2126}"],
        ["\u{AC00}", "\u{1100}\u{1161}"],
        ["Jos\u{00E9}", "Jose\u{0301}"],
    ]

    /// Byte runs worth planting: invalid UTF-8 (overlong, surrogate, beyond U+10FFFF, a lone
    /// continuation, a cut sequence), the magic, and zlib stream headers.
    static let tokens: [[UInt8]] =
        [
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE7, 0x8E], [0xFF],
            [0x00], WireCodec.magic, [0x78, 0x9C], [0x78, 0x01], [0x78, 0xDA],
        ] + equivalentTexts.flatMap { $0.map { Array($0.utf8) } }

    static func varint(_ value: UInt64) -> [UInt8] {
        var out = ByteWriter(capacity: 10)
        out.writeVarint(value)
        return out.bytes
    }

    /// An extreme value as a varint, or now and then one of the odd forms.
    mutating func extremeVarint() -> [UInt8] {
        if random.chance(15) { return Self.oddVarints[random.int(0...Self.oddVarints.count - 1)] }
        return Self.varint(Self.extremeValues[random.int(0...Self.extremeValues.count - 1)])
    }

    mutating func pick<T>(_ values: [T]) -> T { values[random.int(0...values.count - 1)] }

    // MARK: Byte-level damage

    /// One mutation anywhere in `bytes`; `others` are inputs of the same kind to splice with.
    mutating func mutate(_ bytes: inout [UInt8], splicingWith others: [[UInt8]]) {
        guard !bytes.isEmpty else {
            bytes = random.chance(50) ? [UInt8(truncatingIfNeeded: random.u64())] : pick(others)
            return
        }
        let at = random.int(0...bytes.count - 1)
        switch random.int(0...11) {
        case 0:
            bytes[at] ^= UInt8(1 << random.int(0...7))
        case 1:
            bytes[at] = pick([0x00, 0x01, 0x7F, 0x80, 0xFF, UInt8(truncatingIfNeeded: random.u64())])
        case 2:
            let inserted = (0..<random.int(1...8)).map { _ in UInt8(truncatingIfNeeded: random.u64()) }
            bytes.insert(contentsOf: inserted, at: random.int(0...bytes.count))
        case 3:
            bytes.removeSubrange(at..<min(bytes.count, at + random.int(1...16)))
        case 4:
            let run = Array(bytes[at..<min(bytes.count, at + random.int(1...32))])
            bytes.insert(contentsOf: run, at: random.int(0...bytes.count))
        case 5:
            bytes.removeSubrange(at...)
        case 6:
            // The start of this input, then the end of another.
            let other = pick(others)
            let from = other.isEmpty ? 0 : random.int(0...other.count - 1)
            bytes = Array(bytes[..<at]) + other[from...]
        case 7, 8:
            Self.replaceVarint(in: &bytes, at: at, with: extremeVarint())
        case 9:
            let token = pick(Self.tokens)
            if random.chance(50) {
                bytes.insert(contentsOf: token, at: at)
            } else {
                bytes.replaceSubrange(at..<min(bytes.count, at + token.count), with: token)
            }
        case 10:
            // Two ranges trade places.
            let other = random.int(0...bytes.count - 1)
            let length = random.int(1...8)
            let first = min(at, other)
            let second = max(at, other)
            guard second - first >= length, second + length <= bytes.count else {
                bytes.swapAt(first, second)
                return
            }
            let a = Array(bytes[first..<first + length])
            let b = Array(bytes[second..<second + length])
            bytes.replaceSubrange(second..<second + length, with: a)
            bytes.replaceSubrange(first..<first + length, with: b)
        default:
            bytes += random.chance(50) ? bytes : pick(others)
        }
    }

    /// Replaces the varint starting at `at` (as far as its continuation bits go, at most ten bytes)
    /// with `replacement`.
    static func replaceVarint(in bytes: inout [UInt8], at: Int, with replacement: [UInt8]) {
        var end = at
        while end < bytes.count, end - at < 10, bytes[end] & 0x80 != 0 { end += 1 }
        bytes.replaceSubrange(at..<min(bytes.count, end + 1), with: replacement)
    }

    // MARK: Frames

    /// Rewrites one header field of a frame: the sizes (to the edges of `limits`, of the payload
    /// present and of 32 bits), the version, flags, type or CRC. The payload is untouched, so a
    /// frame whose CRC was valid stays valid and the damage reaches the size and inflate checks.
    mutating func rewriteHeader(_ frame: inout [UInt8], limits: FrameLimits) {
        guard frame.count >= WireCodec.headerSize else { return }
        let wire = frame.count - WireCodec.headerSize
        func size() -> UInt32 {
            let candidates: [Int] = [
                0, 1, wire - 1, wire, wire + 1, 2 * wire, limits.maxFrameBytes, limits.maxFrameBytes + 1,
                limits.maxInflatedBytes, limits.maxInflatedBytes + 1, wire * limits.maxRatio, wire * limits.maxRatio + 1,
                Int(Int32.max), Int(UInt32.max),
            ]
            return random.chance(90) ? UInt32(truncatingIfNeeded: pick(candidates)) : UInt32(truncatingIfNeeded: random.u64())
        }
        func write(_ value: UInt32, at offset: Int) {
            for index in 0..<4 { frame[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index)) }
        }
        switch random.int(0...6) {
        case 0: write(size(), at: 7)
        case 1: write(size(), at: 11)
        case 2:
            write(size(), at: 7)
            write(size(), at: 11)
        case 3: frame[4] = pick([0, 2, 0xFF, UInt8(truncatingIfNeeded: random.u64())])
        case 4: frame[5] = pick([0, 1, 2, 3, 0x80, 0xFF])
        case 5: frame[6] = pick([0, 1, 6, 11, 12, 42, 0xFF])
        default: write(UInt32(truncatingIfNeeded: random.u64()), at: 15)
        }
    }

    /// A version 1 frame (the corpus's payloads are version 1's) around `payload` whose CRC and
    /// (when deflated) zlib stream are valid, in one of the forms a receiver must accept: the
    /// encoder's choice at some level, or deflated whatever the size (the encoder stores short
    /// payloads, receivers take any valid stream).
    mutating func frame(kind: UInt8, payload: [UInt8]) -> [UInt8] {
        let level = Int32(random.int(0...9))
        guard random.chance(30) else { return WireCodec.frame(kind: kind, payload: payload, version: 1, compressionLevel: level) }
        let body = Zlib.deflate(payload, level: level)
        // Within the standard ratio, or a faithful frame would be refused as a bomb.
        guard payload.count <= body.count * FrameLimits.standard.maxRatio else {
            return WireCodec.frame(kind: kind, payload: payload, version: 1, compressionLevel: level)
        }
        return WireCodec.header(
            version: 1, flags: WireCodec.deflatedFlag, kind: kind, inflatedSize: UInt32(truncatingIfNeeded: payload.count), body: body) + body
    }

    /// Damages a deflated frame's zlib stream and recomputes the CRC, so the damage reaches inflate.
    mutating func damageStream(_ frame: inout [UInt8], others: [[UInt8]]) {
        guard frame.count > WireCodec.headerSize, frame[5] & WireCodec.deflatedFlag != 0 else { return }
        var body = Array(frame[WireCodec.headerSize...])
        mutate(&body, splicingWith: others)
        var header = Array(frame[..<WireCodec.headerSize])
        header.replaceSubrange(11..<19, with: WireCodec.header(flags: frame[5], kind: frame[6], inflatedSize: 0, body: body)[11..<19])
        frame = header + body
    }

    // MARK: Change batches

    /// Damage that knows a batch's layout: its station and string tables rewritten with
    /// consistent lengths (equivalent texts, invalid UTF-8, repeated, dropped, swapped or unused
    /// entries) or its three counts replaced by extreme values. Falls back to byte damage when the
    /// tables do not parse.
    mutating func mutateBatch(_ batch: inout [UInt8], splicingWith others: [[UInt8]]) {
        guard random.chance(60), var layout = BatchLayout(batch) else { return mutate(&batch, splicingWith: others) }
        switch random.int(0...8) {
        case 0, 1:
            // Two entries become equivalent texts with different bytes.
            guard layout.strings.count >= 2 else { break }
            let texts = pick(Self.equivalentTexts)
            let first = random.int(0...texts.count - 1)
            let second = (first + random.int(1...texts.count - 1)) % texts.count
            let i = random.int(0...layout.strings.count - 1)
            let j = (i + random.int(1...layout.strings.count - 1)) % layout.strings.count
            layout.strings[i] = Array(texts[first].utf8)
            layout.strings[j] = Array(texts[second].utf8)
        case 2:
            guard !layout.strings.isEmpty else { break }
            layout.strings[random.int(0...layout.strings.count - 1)] = pick([
                pick(Self.tokens), [], Array(repeating: 0x61, count: random.int(100...400)), Array("customers".utf8),
            ])
        case 3:
            if !layout.strings.isEmpty, random.chance(50) {
                layout.strings.append(pick(layout.strings))
            } else {
                layout.strings.append(Array("unused".utf8))
            }
        case 4:
            guard layout.strings.count >= 2 else { break }
            layout.strings.swapAt(random.int(0...layout.strings.count - 1), random.int(0...layout.strings.count - 1))
        case 5:
            if random.chance(50), !layout.strings.isEmpty {
                layout.strings.removeLast()
            } else if !layout.stations.isEmpty {
                layout.stations.removeLast()
            }
        case 6:
            guard !layout.stations.isEmpty else { break }
            if random.chance(50) {
                layout.stations.append(pick(layout.stations))
            } else {
                layout.stations.swapAt(random.int(0...layout.stations.count - 1), random.int(0...layout.stations.count - 1))
            }
        default:
            layout.countOverride = (random.int(0...2), extremeVarint())
        }
        batch = layout.bytes
    }
}

/// A change batch cut into its station table, its string table (raw bytes, valid UTF-8 or not)
/// and the rest (the change count and the changes), so the tables can be rewritten with
/// consistent lengths.
struct BatchLayout {
    var stations: [[UInt8]]
    var strings: [[UInt8]]
    var rest: [UInt8]
    /// Which count to write as given bytes instead (0 stations, 1 strings, 2 changes).
    var countOverride: (which: Int, bytes: [UInt8])?

    init?(_ batch: [UInt8]) {
        var reader = ByteReader(batch)
        do throws(DecodingError) {
            let stationCount = try reader.readCount(limit: reader.remaining / 16)
            stations = []
            for _ in 0..<stationCount { stations.append(Array(try reader.readBytes(16))) }
            let stringCount = try reader.readCount(limit: reader.remaining)
            strings = []
            for _ in 0..<stringCount { strings.append(Array(try reader.readBytes(try reader.readCount(limit: reader.remaining)))) }
            rest = Array(try reader.readBytes(reader.remaining))
        } catch {
            return nil
        }
    }

    var bytes: [UInt8] {
        var out = ByteWriter()
        func count(_ which: Int, _ value: Int) {
            if let countOverride, countOverride.which == which { out.writeBytes(countOverride.bytes) } else { out.writeVarint(UInt64(value)) }
        }
        count(0, stations.count)
        for station in stations { out.writeBytes(station) }
        count(1, strings.count)
        for string in strings { out.writeBlob(string) }
        if let countOverride, countOverride.which == 2 {
            // The change count is the first varint of the rest.
            var rest = self.rest
            FrameMutator.replaceVarint(in: &rest, at: 0, with: countOverride.bytes)
            out.writeBytes(rest)
        } else {
            out.writeBytes(rest)
        }
        return out.bytes
    }
}
