import OutpostCore
import OutpostWire
import Testing

/// The state chunk's own refusals (`Protocol/README.md` §6, state-chunk): every count checked
/// against the bytes left before anything is allocated, progress in one order, interned stations
/// distinct, every row naming one of them, a table number and sequence in range.
@Suite("State chunks")
struct StateChunkTests {
    /// A state-chunk payload: the header fields, then `progress`, `stations` and `rows` as given.
    static func payload(
        progress: [(StationID, UInt64)] = [], stations: [StationID] = [VectorCatalog.a],
        rows: [(table: UInt64, station: UInt64, sequence: UInt64, values: UInt64)] = [(1, 0, 1, 0)], rowCount: UInt64? = nil,
        progressCount: UInt64? = nil, stationCount: UInt64? = nil
    ) -> [UInt8] {
        var out = ByteWriter()
        for field: UInt64 in [1047, 2, 0, 99] { out.writeVarint(field) }
        out.writeByte(0)
        out.writeVarint(progressCount ?? UInt64(progress.count))
        for (station, sequence) in progress {
            out.writeStation(station)
            out.writeVarint(sequence)
            out.writeVarint(5)
            out.writeString("SZ01")
        }
        out.writeVarint(stationCount ?? UInt64(stations.count))
        for station in stations { out.writeStation(station) }
        out.writeVarint(rowCount ?? UInt64(rows.count))
        for row in rows {
            out.writeVarint(row.table)
            out.writeVarint(row.station)
            out.writeVarint(row.sequence)
            out.writeVarint(row.values)
            for _ in 0..<row.values { out.write(.null) }
            out.writeBlob([0, 0, 0, 0])
        }
        out.writeBlob(ChangeBatch.encode([]))
        return out.bytes
    }

    static func isMalformed(_ payload: [UInt8]) -> Bool {
        do {
            _ = try Message.decode(.stateChunk, payload: payload)
            return false
        } catch {
            return (error as? WireError)?.code == .malformed
        }
    }

    @Test func aWellFormedChunkDecodes() throws {
        let message = try Message.decode(.stateChunk, payload: Self.payload(progress: [(VectorCatalog.a, 4), (VectorCatalog.b, 7)]))
        guard case .stateChunk(let chunk) = message else {
            Issue.record("decoded \(message.kind)")
            return
        }
        #expect(chunk.position == 1047 && chunk.schema == 2 && chunk.next == 99 && !chunk.isLast)
        #expect(chunk.part.progress.map(\.station) == [VectorCatalog.a, VectorCatalog.b])
        #expect(chunk.part.rows == [StateRow(table: 1, row: RowID(station: VectorCatalog.a, sequence: 1), values: [], state: [0, 0, 0, 0])])
    }

    /// A station goes on asking only while a chunk gets the download further: a relay answering
    /// an empty chunk, or naming the same resume key, that is not the last would keep it asking.
    @Test(arguments: [
        (after: UInt64(0), next: UInt64(17), rows: 1, isLast: false, forward: true),
        (after: 17, next: 42, rows: 3, isLast: false, forward: true),
        (after: 17, next: 17, rows: 3, isLast: false, forward: false),
        (after: 17, next: 42, rows: 0, isLast: false, forward: false),
        (after: 17, next: 17, rows: 0, isLast: true, forward: true),
        (after: UInt64.max, next: UInt64.max, rows: 1, isLast: false, forward: false),
    ])
    func onlyAChunkThatGetsFurtherIsFollowed(after: UInt64, next: UInt64, rows: Int, isLast: Bool, forward: Bool) {
        let row = StateRow(table: 1, row: RowID(station: VectorCatalog.a, sequence: 1), values: [], state: [])
        var part = StatePart()
        part.rows = Array(repeating: row, count: rows)
        let chunk = StateChunk(position: 9, schema: 2, after: after, next: next, isLast: isLast, part: part)
        #expect(chunk.movesForward == forward)
    }

    @Test func progressOutOfOrderTwiceOrOutOfRangeIsRefused() {
        let a = VectorCatalog.a
        let b = VectorCatalog.b
        let cases: [[(StationID, UInt64)]] = [[(b, 7), (a, 4)], [(a, 4), (a, 5)], [(a, 0)], [(a, Change.maximumSequence + 1)]]
        for progress in cases {
            #expect(Self.isMalformed(Self.payload(progress: progress)), "progress \(progress)")
        }
    }

    @Test func rowsNamingNoStationOrOutOfRangeAreRefused() {
        #expect(Self.isMalformed(Self.payload(rows: [(1, 1, 1, 0)])), "a station index past the list")
        #expect(Self.isMalformed(Self.payload(stations: [], rows: [(1, 0, 1, 0)])), "a row in a chunk without stations")
        #expect(Self.isMalformed(Self.payload(rows: [(16, 0, 1, 0)])), "table 16: a schema has at most 16 tables")
        #expect(Self.isMalformed(Self.payload(rows: [(1, 0, 0, 0)])), "sequence 0")
        #expect(Self.isMalformed(Self.payload(rows: [(1, 0, Change.maximumSequence + 1, 0)])), "a sequence past 2^40 - 1")
        #expect(Self.isMalformed(Self.payload(rows: [(1, 0, 1, 57)])), "57 values: a table has at most 56 columns")
        #expect(Self.isMalformed(Self.payload(stations: [VectorCatalog.a, VectorCatalog.a])), "a station interned twice")
    }

    @Test func countsBeyondTheBytesLeftAreRefused() {
        #expect(Self.isMalformed(Self.payload(rowCount: 1 << 40)))
        #expect(Self.isMalformed(Self.payload(progressCount: 1 << 30)))
        #expect(Self.isMalformed(Self.payload(stationCount: 1 << 20)))
        #expect(Self.isMalformed(Self.payload(rowCount: 2)), "a second row cut short")
        var cut = Self.payload()
        cut.removeLast()
        #expect(Self.isMalformed(cut), "the held changes cut short")
        #expect(Self.isMalformed(Self.payload() + [0]), "a byte after the last field")
    }
}
