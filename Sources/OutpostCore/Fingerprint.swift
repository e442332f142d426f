/// Fingerprints of a replica's merged state, for `outpost verify` (`Protocol/README.md` §12).
///
/// Two replicas that applied the same set of changes must hold the same domain rows and the same
/// merge state (`docs/ARCHITECTURE.md`, "Convergence"), so each row is hashed from both, table by table in row order; nothing
/// that legitimately differs between replicas (local handles, log references, arrival order) is
/// hashed. The bytes are part of the protocol: a station and a relay built from different sources
/// must compute the same hashes.
package enum Fingerprint {
    /// Rows per bucket a relay cuts a table into; a station uses whatever boundaries it receives.
    package static let bucketRows = 256

    /// 64-bit FNV-1a: the hash of conflict ids (§4) and of fingerprints.
    package static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The bytes hashed for a row's domain values: `domain` is the row as the domain table holds it
    /// (`id`, the schema's columns in order, `created`, `updated`), or nil when the table has no such row.
    package static func valueBytes(table: String, row: RowID, domain: [Value]?) -> [UInt8] {
        var out = ByteWriter(capacity: 128)
        writeKey(&out, table: table, row: row)
        guard let domain else {
            out.writeByte(0)
            return out.bytes
        }
        out.writeByte(1)
        for value in domain { out.write(value) }
        return out.bytes
    }

    /// The bytes hashed for a row's merge state, or for its absence (`state` nil).
    ///
    /// A single head's value on a created row is not written: the store keeps it only in the
    /// domain row (`docs/ARCHITECTURE.md`, "Bookkeeping rows"), which `valueBytes` covers.
    package static func stateBytes(table: TableSchema, row: RowID, state: RowState?) -> [UInt8] {
        var out = ByteWriter(capacity: 128)
        writeKey(&out, table: table.name, row: row)
        guard let state else {
            out.writeByte(0)
            return out.bytes
        }
        out.writeByte(1)
        func version(_ version: Version) {
            out.writeFixed64(version.clock.rawValue)
            out.writeStation(version.station)
        }
        func optional(_ value: Version?) {
            if let value {
                out.writeByte(1)
                version(value)
            } else {
                out.writeByte(0)
            }
        }
        optional(state.created)
        optional(state.latest)
        for (position, column) in table.columns.enumerated() {
            if column.isSet {
                let elements = (position < state.elements.count ? state.elements[position] : [:])
                    .filter { !$0.value.isEmpty }
                    .map { (bytes: $0.key.canonicalBytes, register: $0.value) }
                    .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
                out.writeVarint(UInt64(elements.count))
                for (bytes, register) in elements {
                    out.writeBytes(bytes)
                    out.writeVarint(UInt64(register.heads.count))
                    for head in register.heads {
                        version(head.version)
                        out.writeByte(head.payload ? 1 : 0)
                    }
                    out.writeVarint(UInt64(register.tombstones.count))
                    register.tombstones.forEach(version)
                }
            } else {
                let register = position < state.fields.count ? state.fields[position] : Register()
                let elided = state.isCreated && register.heads.count == 1
                out.writeVarint(UInt64(register.heads.count))
                for head in register.heads {
                    version(head.version)
                    if !elided { out.write(head.payload) }
                }
                out.writeVarint(UInt64(register.tombstones.count))
                register.tombstones.forEach(version)
            }
        }
        return out.bytes
    }

    private static func writeKey(_ out: inout ByteWriter, table: String, row: RowID) {
        out.writeString(table)
        out.writeStation(row.station)
        out.writeFixed64(row.sequence)
    }

    /// A table's digest from its rows' digests, in row order.
    package static func table(_ name: String, rows: [RowDigest]) -> TableDigest {
        var out = ByteWriter(capacity: 16 + rows.count * 8)
        out.writeString(name)
        out.writeVarint(UInt64(rows.count))
        for row in rows { out.writeFixed64(row.hash) }
        return TableDigest(table: name, rows: rows.count, hash: hash(out.bytes))
    }

    /// The hash of a run of rows (a bucket), in row order.
    package static func bucketHash(_ rows: some Collection<RowDigest>) -> UInt64 {
        var out = ByteWriter(capacity: rows.count * 8)
        for row in rows { out.writeFixed64(row.hash) }
        return hash(out.bytes)
    }

    /// The whole replica's fingerprint: its tables' hashes, in the order given.
    package static func total(_ tables: [TableDigest]) -> UInt64 {
        var out = ByteWriter(capacity: tables.count * 8)
        for table in tables { out.writeFixed64(table.hash) }
        return hash(out.bytes)
    }

    /// A table's rows cut into buckets of `size` rows, for the table at `index` of a reply.
    package static func buckets(_ rows: [RowDigest], table index: Int, size: Int = bucketRows) -> [BucketDigest] {
        stride(from: 0, to: rows.count, by: max(1, size)).map { start in
            let run = rows[start..<min(start + max(1, size), rows.count)]
            return BucketDigest(table: index, first: run.first!.row, rows: run.count, hash: bucketHash(run))
        }
    }

    /// 16 lower-case hex digits: how conflict ids and fingerprints are written.
    package static func text(_ hash: UInt64) -> String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// One row's digest: the hash of its domain values and of its merge state (§12).
package struct RowDigest: Hashable, Sendable {
    package var row: RowID
    package var values: UInt64
    package var state: UInt64

    package init(row: RowID, values: UInt64, state: UInt64) {
        self.row = row
        self.values = values
        self.state = state
    }

    /// The row's hash: FNV-1a over `fixed64 values ‖ fixed64 state`.
    package var hash: UInt64 {
        var out = ByteWriter(capacity: 16)
        out.writeFixed64(values)
        out.writeFixed64(state)
        return Fingerprint.hash(out.bytes)
    }
}

/// A table's digest: how many rows it has and the hash over them.
package struct TableDigest: Hashable, Sendable {
    package var table: String
    package var rows: Int
    package var hash: UInt64

    package init(table: String, rows: Int, hash: UInt64) {
        self.table = table
        self.rows = rows
        self.hash = hash
    }
}

/// A run of one table's rows: it covers the row ids from `first` up to the next bucket's first
/// (the table's first bucket also covers every id below it, its last every id above).
package struct BucketDigest: Hashable, Sendable {
    /// The index of the bucket's table in the reply's table list.
    package var table: Int
    package var first: RowID
    package var rows: Int
    package var hash: UInt64

    package init(table: Int, first: RowID, rows: Int, hash: UInt64) {
        self.table = table
        self.first = first
        self.rows = rows
        self.hash = hash
    }
}

/// The rows of one table between two row ids: `from` inclusive, `to` exclusive; nil is open.
package struct RowRange: Hashable, Sendable {
    package var table: String
    package var from: RowID?
    package var to: RowID?

    package init(table: String, from: RowID? = nil, to: RowID? = nil) {
        self.table = table
        self.from = from
        self.to = to
    }

    package func contains(_ row: RowID) -> Bool {
        (from.map { $0 <= row } ?? true) && (to.map { row < $0 } ?? true)
    }
}

/// Which changes a replica has applied: for every station with at least one change received, the
/// highest sequence n such that its changes 1…n are all received (applied or kept pending).
/// Changes are received in each station's order (`docs/ARCHITECTURE.md`, "Per-station order"), so this names the set exactly.
package struct AppliedVector: Hashable, Sendable {
    /// Ascending by station, sequences ≥ 1.
    package private(set) var entries: [StationSequence]

    package init(_ sequences: [StationID: UInt64]) {
        entries = sequences.filter { $0.value > 0 }.map { StationSequence(station: $0.key, sequence: $0.value) }
            .sorted { $0.station < $1.station }
    }

    package init(entries: [StationSequence]) {
        self.init(Dictionary(entries.map { ($0.station, $0.sequence) }, uniquingKeysWith: max))
    }

    package var sequences: [StationID: UInt64] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.station, $0.sequence) })
    }

    /// How many changes the set holds.
    package var changes: UInt64 { entries.reduce(0) { $0 &+ $1.sequence } }

    /// How many changes this set holds that `other` does not.
    package func changes(notIn other: AppliedVector) -> UInt64 {
        let theirs = other.sequences
        return entries.reduce(0) { $0 &+ ($1.sequence - min($1.sequence, theirs[$1.station] ?? 0)) }
    }
}

/// A station and a sequence of its changes.
package struct StationSequence: Hashable, Sendable {
    package var station: StationID
    package var sequence: UInt64

    package init(station: StationID, sequence: UInt64) {
        self.station = station
        self.sequence = sequence
    }
}

/// Where two replicas' row digests first part, table by table in row order.
package enum RowComparison {
    /// How a row differs.
    package enum Difference: String, Hashable, Sendable {
        /// The domain values differ; the merge state agrees (a domain table edited outside Outpost).
        case values
        /// The merge state differs; the values shown agree.
        case state
        case valuesAndState = "values-and-state"
        /// This side has the row, the other does not.
        case missingThere = "missing-there"
        /// The other side has the row, this side does not.
        case missingHere = "missing-here"
    }

    /// The first row, in row order, where `mine` and `theirs` (both ascending) differ.
    package static func first(_ mine: some Collection<RowDigest>, _ theirs: some Collection<RowDigest>) -> (row: RowID, difference: Difference)? {
        var left = mine.makeIterator()
        var right = theirs.makeIterator()
        var a = left.next()
        var b = right.next()
        while true {
            switch (a, b) {
            case (nil, nil):
                return nil
            case (let x?, nil):
                return (x.row, .missingThere)
            case (nil, let y?):
                return (y.row, .missingHere)
            case (let x?, let y?):
                if x.row < y.row { return (x.row, .missingThere) }
                if y.row < x.row { return (y.row, .missingHere) }
                switch (x.values == y.values, x.state == y.state) {
                case (true, true): break
                case (false, true): return (x.row, .values)
                case (true, false): return (x.row, .state)
                case (false, false): return (x.row, .valuesAndState)
                }
                a = left.next()
                b = right.next()
            }
        }
    }

    /// The first of `theirs` buckets (one table's, ascending) whose rows here differ, as the range
    /// to ask for; nil when every bucket agrees.
    package static func firstBucket(_ mine: [RowDigest], _ theirs: [BucketDigest], table: String) -> RowRange? {
        let buckets = theirs.sorted { $0.first < $1.first }
        guard !buckets.isEmpty else { return mine.isEmpty ? nil : RowRange(table: table) }
        var index = 0
        for (number, bucket) in buckets.enumerated() {
            let end = number + 1 < buckets.count ? buckets[number + 1].first : nil
            var run = [RowDigest]()
            while index < mine.count, end.map({ mine[index].row < $0 }) ?? true {
                run.append(mine[index])
                index += 1
            }
            if run.count != bucket.rows || Fingerprint.bucketHash(run) != bucket.hash {
                return RowRange(table: table, from: number == 0 ? nil : bucket.first, to: end)
            }
        }
        return nil
    }
}
