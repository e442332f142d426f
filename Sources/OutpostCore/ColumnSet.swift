/// A set of column positions as one 64-bit word: the per-row sets of the merge's hot path
/// (elided heads, columns a batch touched) without a hash table per row.
package struct ColumnSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral {
    /// Tables have at most this many columns (`TableSchema.init` checks it).
    package static let capacity = 56

    package private(set) var bits: UInt64 = 0

    package init() {}

    /// The set a `bits` word holds (as stored); positions at or past `capacity` are dropped.
    package init(bits: UInt64) {
        self.bits = bits & (1 << Self.capacity - 1)
    }

    package init(arrayLiteral positions: Int...) {
        for position in positions { insert(position) }
    }

    package var isEmpty: Bool { bits == 0 }

    package var count: Int { bits.nonzeroBitCount }

    package func contains(_ position: Int) -> Bool {
        position >= 0 && position < Self.capacity && bits & (1 << position) != 0
    }

    package mutating func insert(_ position: Int) {
        precondition(position >= 0 && position < Self.capacity, "column position \(position) out of range")
        bits |= 1 << position
    }

    package mutating func remove(_ position: Int) {
        guard position >= 0, position < Self.capacity else { return }
        bits &= ~(1 << position)
    }

    // Concrete, not `some Sequence<Int>`: the store calls these from another module, where a
    // generic `package` member would run unspecialised.
    package mutating func formUnion(_ positions: [Int]) {
        for position in positions { insert(position) }
    }

    package mutating func formUnion(_ other: ColumnSet) {
        bits |= other.bits
    }

    package func subtracting(_ other: ColumnSet) -> ColumnSet {
        ColumnSet(bits: bits & ~other.bits)
    }

    /// Positions in ascending order.
    package func makeIterator() -> Iterator { Iterator(rest: bits) }

    package struct Iterator: IteratorProtocol {
        var rest: UInt64

        package mutating func next() -> Int? {
            guard rest != 0 else { return nil }
            let position = rest.trailingZeroBitCount
            rest &= rest - 1
            return position
        }
    }
}
