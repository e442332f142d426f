import CZlib
import Foundation

/// The pixels of an 8-bit RGB or RGBA PNG (what Chromium's screenshots are), decoded with the
/// system zlib and the five row filters of the PNG specification (§9), enough to tell a rendered
/// page from a blank one.
struct PNGPixels {
    var width: Int
    var height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    var channels: Int
    var bytes: [UInt8]

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    init(_ data: [UInt8]) throws {
        guard data.count > 8, data.prefix(8) == [137, 80, 78, 71, 13, 10, 26, 10] else { throw Unreadable(description: "not a PNG") }
        var offset = 8
        var idat = [UInt8]()
        var header: (width: Int, height: Int, depth: UInt8, color: UInt8)?
        func integer(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        while offset + 8 <= data.count {
            let length = integer(offset)
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length <= data.count else { throw Unreadable(description: "truncated \(type) chunk") }
            switch type {
            case "IHDR": header = (integer(body), integer(body + 4), data[body + 8], data[body + 9])
            case "IDAT": idat += data[body..<body + length]
            default: break
            }
            offset = body + length + 4
        }
        guard let header, header.depth == 8, header.color == 2 || header.color == 6 else {
            throw Unreadable(description: "not an 8-bit RGB or RGBA PNG")
        }
        width = header.width
        height = header.height
        channels = header.color == 6 ? 4 : 3
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var size = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { source in uncompress(out.baseAddress, &size, source.baseAddress, uLong(source.count)) }
        }
        guard status == Z_OK, Int(size) == raw.count else { throw Unreadable(description: "zlib status \(status)") }
        bytes = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for index in 0..<stride {
                let x = raw[source + index]
                let a = index >= channels ? Int(bytes[target + index - channels]) : 0
                let b = row > 0 ? Int(bytes[target - stride + index]) : 0
                let c = row > 0 && index >= channels ? Int(bytes[target - stride + index - channels]) : 0
                let predictor: Int
                switch filter {
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: predictor = 0
                }
                bytes[target + index] = x &+ UInt8(predictor & 0xFF)
            }
        }
    }

    /// How many different colours the image holds (alpha ignored).
    var distinctColors: Int {
        var seen = Set<UInt32>()
        var index = 0
        while index + 2 < bytes.count {
            seen.insert(UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]))
            index += channels
        }
        return seen.count
    }
}
