package import OutpostCore

/// Station → relay: one chunk of the relay's merged state (`Protocol/README.md` §6,
/// state-request).
package struct StateRequest: Hashable, Sendable {
    /// The state's log position; 0 asks for a new state (with `after` 0).
    package var position: UInt64
    /// The resume key of the chunk wanted: 0 for the first, else the `next` of the one before.
    package var after: UInt64

    package init(position: UInt64, after: UInt64) {
        self.position = position
        self.after = after
    }
}

/// Relay → station: one chunk of the merged replica's state at log position `position`
/// (`Protocol/README.md` §6, state-chunk).
package struct StateChunk: Hashable, Sendable {
    /// The log position P the state was taken at; the station's pull cursor starts there.
    package var position: UInt64
    /// The schema version of the replica the state comes from; a station of another schema
    /// falls back to the log snapshot (its pending changes would differ).
    package var schema: Int
    /// The resume key this chunk follows (0 for the first chunk).
    package var after: UInt64
    /// The resume key to ask for next.
    package var next: UInt64
    /// True for the state's last chunk.
    package var isLast: Bool
    package var part: StatePart

    package init(position: UInt64, schema: Int, after: UInt64, next: UInt64, isLast: Bool, part: StatePart) {
        self.position = position
        self.schema = schema
        self.after = after
        self.next = next
        self.isLast = isLast
        self.part = part
    }

    /// Whether asking for `next` gets the download further: a chunk that is not the last holds
    /// rows and names a resume key other than its own. A relay answering otherwise would keep a
    /// station asking for the same chunk for ever (`Protocol/README.md` §6, state-chunk).
    package var movesForward: Bool {
        isLast || (!part.rows.isEmpty && next != after)
    }
}
