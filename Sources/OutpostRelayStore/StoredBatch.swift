/// One stored batch, as the log holds it: contiguous positions and sequences of one station.
package struct StoredBatch: Hashable, Sendable {
    /// The station's id bytes.
    package var station: [UInt8]
    package var first: UInt64
    package var last: UInt64
    package var firstSequence: UInt64
    package var lastSequence: UInt64
    /// The changes, as a change batch.
    package var changes: [UInt8]
}
