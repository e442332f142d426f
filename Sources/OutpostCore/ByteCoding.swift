/// Appends the primitive encodings of `Protocol/README.md` ("Primitives") to a byte buffer.
package struct ByteWriter: Sendable {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    package mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    package mutating func writeBytes(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    /// Unsigned LEB128.
    package mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zig-zag then LEB128, so small negative numbers stay short.
    package mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Eight bytes, most significant first.
    package mutating func writeFixed64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    package mutating func writeStation(_ station: StationID) {
        writeFixed64(station.high)
        writeFixed64(station.low)
    }

    /// Length (varint) then UTF-8.
    package mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Length (varint) then the bytes.
    package mutating func writeBlob(_ blob: [UInt8]) {
        writeVarint(UInt64(blob.count))
        bytes.append(contentsOf: blob)
    }

    /// A tag byte (0 null, 1 integer, 2 real, 3 text, 4 blob) then the payload.
    package mutating func write(_ value: Value) {
        switch value {
        case .null:
            writeByte(0)
        case .integer(let integer):
            writeByte(1)
            writeSignedVarint(integer)
        case .real(let real):
            writeByte(2)
            writeFixed64(real.bitPattern)
        case .text(let text):
            writeByte(3)
            writeString(text)
        case .blob(let blob):
            writeByte(4)
            writeBlob(blob)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read checks bounds and throws `DecodingError` instead
/// of trapping, because the bytes may come from a hostile peer or a damaged file.
package struct ByteReader {
    private let bytes: [UInt8]
    package private(set) var offset: Int

    package init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    package var isAtEnd: Bool { offset >= bytes.count }
    package var remaining: Int { bytes.count - offset }

    package mutating func readByte() throws(DecodingError) -> UInt8 {
        guard offset < bytes.count else { throw DecodingError(.truncated, at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    package mutating func readBytes(_ count: Int) throws(DecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw DecodingError(.truncated, at: offset) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    package mutating func readVarint() throws(DecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63, byte > 1 { throw DecodingError(.malformed("varint overflows 64 bits"), at: offset) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw DecodingError(.malformed("varint longer than 10 bytes"), at: offset) }
        }
    }

    package mutating func readSignedVarint() throws(DecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A varint that must fit in `Int` and not exceed `limit` (counts, lengths, indexes).
    package mutating func readCount(limit: Int) throws(DecodingError) -> Int {
        let raw = try readVarint()
        guard raw <= UInt64(limit) else { throw DecodingError(.malformed("count \(raw) exceeds \(limit)"), at: offset) }
        return Int(raw)
    }

    package mutating func readFixed64() throws(DecodingError) -> UInt64 {
        var value: UInt64 = 0
        for byte in try readBytes(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    package mutating func readStation() throws(DecodingError) -> StationID {
        StationID(high: try readFixed64(), low: try readFixed64())
    }

    package mutating func readString() throws(DecodingError) -> String {
        let count = try readCount(limit: remaining)
        let utf8 = try readBytes(count)
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw DecodingError(.malformed("text is not valid UTF-8"), at: offset)
        }
        return string
    }

    package mutating func readBlob() throws(DecodingError) -> [UInt8] {
        Array(try readBytes(try readCount(limit: remaining)))
    }

    package mutating func readValue() throws(DecodingError) -> Value {
        switch try readByte() {
        case 0: .null
        case 1: .integer(try readSignedVarint())
        case 2: .real(Double(bitPattern: try readFixed64()))
        case 3: .text(try readString())
        case 4: .blob(try readBlob())
        case let tag: throw DecodingError(.malformed("unknown value tag \(tag)"), at: offset - 1)
        }
    }
}

/// Bytes that could not be decoded: where, and what was wrong.
package struct DecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Reason: Hashable, Sendable {
        case truncated
        case malformed(String)
    }

    package var reason: Reason
    package var offset: Int

    package init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    package var description: String {
        switch reason {
        case .truncated: "data ends early (at byte \(offset))"
        case .malformed(let what): "\(what) (at byte \(offset))"
        }
    }
}
