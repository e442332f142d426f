/// Where a new snapshot may be taken (`RelayLog.snapshotPosition`), from the stored batches'
/// positions and lengths alone, shared by every log.
package struct SnapshotBound: Sendable {
    private let size: UInt64
    private var chunkBytes = [UInt64: Int]()

    package init(chunkChanges: Int) { size = UInt64(max(1, chunkChanges)) }

    /// Counts one stored batch: each chunk's bytes are bounded by the stored batches that overlap
    /// it, in full, a cheap bound read from their lengths without decoding them.
    package mutating func add(first: UInt64, last: UInt64, length: Int) {
        guard first >= 1, last >= first else { return }
        for chunk in (first - 1) / size...(last - 1) / size {
            chunkBytes[chunk, default: 0] += length + 64
        }
    }

    /// The head, or the start of the first chunk that could exceed `maxChunkBytes`.
    package func position(head: UInt64, maxChunkBytes: Int) -> UInt64 {
        let firstTooLarge = chunkBytes.filter { $0.value > maxChunkBytes }.keys.min()
        return firstTooLarge.map { min(head, $0 * size) } ?? head
    }
}
