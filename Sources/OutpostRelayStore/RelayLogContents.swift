package import OutpostCore

/// A log's identity, head and stations with their token hashes: what moves with the batches when
/// a relay's log moves from SQLite to PostgreSQL, so stations keep their tokens, sequences and
/// pull cursors.
package struct RelayLogContents: Hashable, Sendable {
    package var identity: StationID
    package var head: UInt64
    package var maxClock: UInt64
    package var stations: [EnrolledStation]
}
