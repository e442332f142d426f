/// A field value as SQLite stores it.
package enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    package var description: String {
        switch self {
        case .null: "null"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        case .blob(let value): "x'\(Hex.encode(value))'"
        }
    }

    package var text: String? {
        if case .text(let value) = self { value } else { nil }
    }

    package var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// A canonical byte form: equal values, equal bytes. Used to order set elements
    /// ("sorted by bytes", DESIGN §3) and to hash conflict ids.
    package var canonicalBytes: [UInt8] {
        var writer = ByteWriter()
        writer.write(self)
        return writer.bytes
    }
}

extension Value {
    /// Total order by canonical bytes; the same on every replica and every platform.
    package static func byteOrder(_ lhs: Value, _ rhs: Value) -> Bool {
        lhs.canonicalBytes.lexicographicallyPrecedes(rhs.canonicalBytes)
    }
}
