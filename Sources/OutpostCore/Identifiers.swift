/// A version: when an edit was made and by which station. Totally ordered: by clock, then station.
package struct Version: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var clock: Timestamp
    package var station: StationID

    package init(clock: Timestamp, station: StationID) {
        self.clock = clock
        self.station = station
    }

    package static func < (lhs: Version, rhs: Version) -> Bool {
        (lhs.clock, lhs.station) < (rhs.clock, rhs.station)
    }

    package var description: String { "\(clock)@\(station.description.prefix(8))" }
}

/// A change's identity: its station and that station's sequence number (1, 2, 3, …).
/// Applying the same id twice changes nothing; the same id with other content is an error.
package struct ChangeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var station: StationID
    package var sequence: UInt64

    package init(station: StationID, sequence: UInt64) {
        self.station = station
        self.sequence = sequence
    }

    package static func < (lhs: ChangeID, rhs: ChangeID) -> Bool {
        (lhs.station, lhs.sequence) < (rhs.station, rhs.sequence)
    }

    package var description: String { "\(station.description.prefix(8))#\(sequence)" }
}

/// A row's identity: the id of the change that created it.
///
/// Made without coordination and, on the wire, only a station index and a sequence
/// (`docs/ARCHITECTURE.md`, "Wire format": random 16-byte ids would dominate a change's bytes).
package struct RowID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var station: StationID
    package var sequence: UInt64

    package init(station: StationID, sequence: UInt64) {
        self.station = station
        self.sequence = sequence
    }

    package init(_ creation: ChangeID) {
        self.init(station: creation.station, sequence: creation.sequence)
    }

    package static func < (lhs: RowID, rhs: RowID) -> Bool {
        (lhs.station, lhs.sequence) < (rhs.station, rhs.sequence)
    }

    package var description: String { "\(station.description.prefix(8))/\(sequence)" }
}
