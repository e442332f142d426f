/// One part of a replica's state at a log position, in a portable form: what a heads-only
/// bootstrap carries instead of the log (`docs/ARCHITECTURE.md`, "Bootstrap";
/// `Protocol/README.md` §6, state-chunk).
///
/// Stations are named by id, never by a replica's local handle: rows name theirs by index into
/// `stationIDs`, interned per part, and so do the versions inside each row's packed merge state.
package struct StatePart: Hashable, Sendable {
    /// Every station's applied progress at the position, ascending by station: sent with the
    /// first part only (empty in the others).
    package var progress: [StateProgress]
    /// The stations the rows and their merge states name, by index.
    package var stationIDs: [StationID]
    package var rows: [StateRow]
    /// Changes received but kept outside the heads (pending, or waiting for an earlier change of
    /// their station): sent with the last part only.
    package var held: [Change]

    package init(progress: [StateProgress] = [], stationIDs: [StationID] = [], rows: [StateRow] = [], held: [Change] = []) {
        self.progress = progress
        self.stationIDs = stationIDs
        self.rows = rows
        self.held = held
    }
}

/// How far one station's changes are applied at the state's position: every change 1…sequence,
/// the last with this clock; and the station's code, once its `stations` row has told it.
package struct StateProgress: Hashable, Sendable {
    package var station: StationID
    package var sequence: UInt64
    package var clock: Timestamp
    /// Empty when the station's code is not known at the position.
    package var code: String

    package init(station: StationID, sequence: UInt64, clock: Timestamp, code: String) {
        self.station = station
        self.sequence = sequence
        self.clock = clock
        self.code = code
    }
}

/// One row of the state: its table (by number in the schema), id, the values its domain row
/// shows (empty while its creation has not arrived) and its packed merge state.
package struct StateRow: Hashable, Sendable {
    package var table: Int
    /// The row's id; `station` is an index into the part's `stationIDs` on the wire, resolved here.
    package var row: RowID
    /// The domain row's values, one per schema column in order; empty for a row not created yet.
    package var values: [Value]
    /// The merge state in the bookkeeping format (`Protocol/README.md` §6, state-chunk), stations
    /// by index into the part's `stationIDs`, with no history references.
    package var state: [UInt8]

    package init(table: Int, row: RowID, values: [Value], state: [UInt8]) {
        self.table = table
        self.row = row
        self.values = values
        self.state = state
    }
}
