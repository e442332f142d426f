/// A field value as SQLite stores it.
///
/// Equality and hashing are byte-exact (text by UTF-8 bytes, reals by bit pattern), not Swift's
/// Unicode canonical equivalence: two replicas must agree on whether two values are the same, and
/// what they show must be the same bytes (`docs/ARCHITECTURE.md`, "Convergence").
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
    /// ("sorted by UTF-8 bytes", `docs/ARCHITECTURE.md`, "Merge policies") and to hash conflict ids.
    package var canonicalBytes: [UInt8] {
        var writer = ByteWriter()
        writer.write(self)
        return writer.bytes
    }
}

extension Value {
    package static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.integer(let a), .integer(let b)): a == b
        case (.real(let a), .real(let b)): a.bitPattern == b.bitPattern
        case (.text(let a), .text(let b)): a.hasSameBytes(as: b)
        case (.blob(let a), .blob(let b)): a == b
        default: false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .integer(let value):
            hasher.combine(1 as UInt8)
            hasher.combine(value)
        case .real(let value):
            hasher.combine(2 as UInt8)
            hasher.combine(value.bitPattern)
        case .text(let value):
            hasher.combine(3 as UInt8)
            for byte in value.utf8 { hasher.combine(byte) }
        case .blob(let value):
            hasher.combine(4 as UInt8)
            hasher.combine(value)
        }
    }

    /// Total order, the same on every replica and platform: texts by their UTF-8 bytes (how a set
    /// column's JSON array is sorted, `docs/ARCHITECTURE.md`, "Merge policies"), other values by canonical bytes.
    package static func byteOrder(_ lhs: Value, _ rhs: Value) -> Bool {
        if case .text(let a) = lhs, case .text(let b) = rhs { return a.utf8.lexicographicallyPrecedes(b.utf8) }
        return lhs.canonicalBytes.lexicographicallyPrecedes(rhs.canonicalBytes)
    }
}
