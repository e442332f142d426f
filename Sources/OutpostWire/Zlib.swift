import CZlib

/// The system zlib, as the framing uses it: a zlib stream (RFC 1950) made by `compress2`, and
/// the CRC-32 of ISO 3309 / ITU-T V.42 (`crc32`).
package enum Zlib {
    /// CRC-32 of `bytes` (zlib's `crc32`, initial value 0).
    package static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc = CZlib.crc32(0, nil, 0)
            guard var base = buffer.baseAddress else { return UInt32(truncatingIfNeeded: crc) }
            var left = buffer.count
            while left > 0 {
                let step = min(left, 1 << 30)
                crc = CZlib.crc32(crc, base, uInt(step))
                base += step
                left -= step
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// A zlib stream of `bytes` at `level` (0–9) with zlib's defaults otherwise (window 2^15,
    /// memory level 8, default strategy), exactly as `compress2` writes it.
    package static func deflate(_ bytes: [UInt8], level: Int32) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &bound, source.baseAddress, uLong(source.count), level)
            }
        }
        // compress2 fails only on memory exhaustion or a bad level; the level is clamped by the caller.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        out.removeSubrange(Int(bound)...)
        return out
    }

    enum InflateFailure: Error {
        /// The stream holds more than the declared size.
        case beyondDeclaredSize
        /// The stream is damaged, ends early, ends before the declared size, or is followed by bytes.
        case malformed(String)
    }

    /// Inflates a zlib stream that must hold exactly `size` bytes. Output goes to a buffer of
    /// `size` bytes plus one guard byte: a stream that would produce more than `size` bytes is
    /// stopped at the first extra byte.
    static func inflate(_ input: ArraySlice<UInt8>, size: Int) throws(InflateFailure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed("zlib could not start inflating (out of memory)")
        }
        defer { inflateEnd(&stream) }

        let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size + 1)
        defer { output.deallocate() }

        let outcome: InflateFailure? = input.withUnsafeBufferPointer { source -> InflateFailure? in
            var empty: UInt8 = 0
            return withUnsafeMutablePointer(to: &empty) { emptyInput -> InflateFailure? in
                // zlib refuses a null input pointer even with nothing to read.
                stream.next_in = source.baseAddress.map { UnsafeMutablePointer(mutating: $0) } ?? emptyInput
                stream.avail_in = uInt(source.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(size)
                var guardGiven = false
                while true {
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    if guardGiven, stream.avail_out == 0 { return .beyondDeclaredSize }
                    switch status {
                    case Z_STREAM_END:
                        if !guardGiven, stream.avail_out != 0 {
                            return .malformed("the deflate stream holds \(size - Int(stream.avail_out)) bytes, fewer than the \(size) declared")
                        }
                        if stream.avail_in != 0 {
                            return .malformed("\(stream.avail_in) bytes follow the end of the deflate stream")
                        }
                        return nil
                    case Z_OK, Z_BUF_ERROR:
                        if !guardGiven, stream.avail_out == 0 {
                            // The declared size is reached: the stream must end without one more byte.
                            guardGiven = true
                            stream.avail_out = 1
                            continue
                        }
                        if stream.avail_in == 0 { return .malformed("the deflate stream ends early") }
                        if status == Z_BUF_ERROR { return .malformed("the deflate stream makes no progress") }
                    case let other:
                        return .malformed(Self.describe(other, stream))
                    }
                }
            }
        }
        if let outcome { throw outcome }
        return Array(UnsafeBufferPointer(start: output.baseAddress, count: size))
    }

    private static func describe(_ status: Int32, _ stream: z_stream) -> String {
        if let message = stream.msg { return "zlib: " + String(cString: message) }
        return "zlib status \(status)"
    }
}
