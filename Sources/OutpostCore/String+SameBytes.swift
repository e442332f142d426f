extension String {
    /// Whether the two texts are the same UTF-8 bytes.
    ///
    /// Replicas compare texts by bytes, not by Swift's Unicode canonical equivalence (see
    /// `Value`). Comparing the two contiguous buffers avoids iterating `String.UTF8View` byte by
    /// byte through its generic index, which showed as a twelfth of a station's CPU when it
    /// checked a bootstrap's shown values against their heads.
    package func hasSameBytes(as other: String) -> Bool {
        let (lhs, rhs) = (utf8, other.utf8)
        guard lhs.count == rhs.count else { return false }
        let compared = lhs.withContiguousStorageIfAvailable { left in
            rhs.withContiguousStorageIfAvailable { right in left.elementsEqual(right) }
        }
        return compared.flatMap { $0 } ?? lhs.elementsEqual(rhs)
    }
}
