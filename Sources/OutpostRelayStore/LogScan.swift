package import OutpostCore

/// A read's walk through stored batches in position order, shared by every log so that a pull
/// reads the same slice from SQLite and PostgreSQL: feed it batches until `take` says stop.
package struct LogScan: Sendable {
    private let cursor: UInt64
    private let end: UInt64
    private let excluding: StationID?
    private let limits: ReadLimits
    private var changes = [Change]()
    private var bytes = 0
    private var next: UInt64

    /// A scan of positions after `cursor` up to `end`.
    package init(after cursor: UInt64, end: UInt64, excluding: StationID?, limits: ReadLimits) {
        self.cursor = cursor
        self.end = end
        self.excluding = excluding
        self.limits = limits
        next = cursor
    }

    /// Whether there is anything to read: a cursor at or past the end has nothing, whatever its
    /// value (positions count appended changes, so they stay below 2^63).
    package var isEmpty: Bool { cursor >= end }

    /// Takes one stored batch (positions `first...last`, the station that pushed it, its encoded
    /// changes); false once the slice is full or past the end, when the caller stops.
    package mutating func take(station: StationID?, first: UInt64, last: UInt64, encoded: [UInt8]) throws -> Bool {
        if let excluding, station == excluding {
            // A station's own changes are skipped but advance its cursor
            // (`Protocol/README.md` §6, pull-batch).
            next = min(last, end)
            return last < end
        }
        for (offset, change) in try ChangeBatch.decode(encoded).enumerated() {
            let position = first + UInt64(offset)
            guard position > cursor else { continue }
            guard position <= end else { return false }
            // Each change counts at its size bound, so a batch never exceeds the bytes asked
            // for by more than one change, and at least one change always goes.
            let size = change.encodedSizeBound
            if !changes.isEmpty, changes.count >= limits.maxChanges || bytes + size > limits.maxBytes { return false }
            changes.append(change)
            bytes += size
            next = position
        }
        return true
    }

    /// What was read, and where the next read starts.
    package var slice: LogSlice { LogSlice(changes: changes, next: next, more: next < end) }
}
