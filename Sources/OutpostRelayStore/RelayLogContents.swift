package import OutpostCore

/// A log's identity, head, stations and supervisors with their token hashes: what moves with the
/// batches when a relay's log moves from SQLite to PostgreSQL, so stations keep their tokens,
/// sequences and pull cursors, and supervisors their sign-in tokens.
package struct RelayLogContents: Hashable, Sendable {
    package var identity: StationID
    package var head: UInt64
    package var maxClock: UInt64
    package var stations: [EnrolledStation]
    package var supervisors: [(supervisor: RelaySupervisor, tokenHash: [UInt8])] = []

    package static func == (a: Self, b: Self) -> Bool {
        (a.identity, a.head, a.maxClock, a.stations) == (b.identity, b.head, b.maxClock, b.stations)
            && a.supervisors.map(\.supervisor) == b.supervisors.map(\.supervisor) && a.supervisors.map(\.tokenHash) == b.supervisors.map(\.tokenHash)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(head)
        hasher.combine(stations)
    }
}
