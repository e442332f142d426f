import OutpostCore
import OutpostTestSupport
import OutpostWire

/// Random but well-formed messages, for round-trip and corruption tests. Everything is drawn
/// from the generator passed in, so a failure replays from its seed.
struct RandomMessages {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func u64() -> UInt64 { generator.next() }

    /// Small and edge numbers more often than uniform ones.
    mutating func number() -> UInt64 {
        switch int(0...5) {
        case 0: 0
        case 1: UInt64(int(1...127))
        case 2: UInt64(int(128...70_000))
        case 3: UInt64.max - UInt64(int(0...3))
        default: u64() >> UInt64(int(0...63))
        }
    }

    mutating func count() -> Int { Int(truncatingIfNeeded: number() & UInt64(Int.max)) }

    mutating func text() -> String {
        let pieces = ["", "a", "王芳", "屏幕不亮", "in-progress", "Zhang Wei", "\u{0}", "é", "👩‍💻", "+8613800138000", " ", "\"", "\\", "\u{FEFF}"]
        var out = ""
        for _ in 0..<int(0...4) { out += pieces[int(0...pieces.count - 1)] }
        return out
    }

    mutating func value() -> Value {
        switch int(0...4) {
        case 0: .null
        case 1: .integer(Int64(bitPattern: number()) * (chance(50) ? 1 : -1))
        case 2: .real([0.0, -0.0, 1.5, -3.25, .infinity, -.infinity, .pi, Double.greatestFiniteMagnitude, .leastNonzeroMagnitude][int(0...8)])
        case 3: .text(text())
        default: .blob((0..<int(0...20)).map { _ in UInt8(truncatingIfNeeded: u64()) })
        }
    }

    mutating func stations() -> [StationID] {
        (0..<int(1...4)).map { _ in chance(20) ? StationID(high: number(), low: number()) : StationID(high: u64(), low: u64()) }
    }

    mutating func changes(_ pool: [StationID], origin: StationID? = nil) -> [Change] {
        let tables = ["customers", "cases", "case_events", "表", ""]
        let columns = ["name", "status", "severity", "title", "phones", "列"]
        let authors = ["li", "wang", "陈静", ""]
        var out = [Change]()
        var clock = u64() >> 1
        for _ in 0..<int(0...12) {
            let station = origin ?? pool[int(0...pool.count - 1)]
            let id = ChangeID(station: station, sequence: number())
            clock = chance(80) ? clock &+ UInt64(int(0...200_000)) : u64()
            let operation: Change.Operation
            let row: RowID
            switch int(0...3) {
            case 0:
                operation = .create((0..<int(0...6)).map { _ in Field(columns[int(0...columns.count - 1)], value()) })
                row = RowID(id)
            case let tag:
                row = RowID(station: pool[int(0...pool.count - 1)], sequence: number())
                let column = columns[int(0...columns.count - 1)]
                operation =
                    tag == 1
                    ? .set(column: column, value: value())
                    : tag == 2 ? .add(column: column, element: value()) : .remove(column: column, element: value())
            }
            let pred = (0..<int(0...3)).map { _ in
                Version(clock: Timestamp(rawValue: chance(80) ? clock &- UInt64(int(0...1_000_000)) : u64()), station: pool[int(0...pool.count - 1)])
            }
            out.append(
                Change(
                    id: id, table: tables[int(0...tables.count - 1)], row: row, operation: operation,
                    version: Version(clock: Timestamp(rawValue: clock), station: station), pred: pred,
                    author: authors[int(0...authors.count - 1)], schema: int(0...Int(Int32.max))
                ))
        }
        return out
    }

    mutating func message() -> Message {
        let pool = stations()
        switch int(1...13) {
        case 1: return .hello(Hello(station: pool[0], code: text(), schema: int(0...Int(Int32.max)), software: text()))
        case 2:
            return .welcome(Welcome(relay: pool[0], head: number(), stationSequence: number(), serverTime: number(), schema: int(0...Int(Int32.max))))
        case 3: return .push(Push(station: pool[0], schema: int(0...Int(Int32.max)), changes: changes(pool, origin: pool[0])))
        case 4: return .pushAck(PushAck(durableSequence: number(), appended: count(), duplicates: count(), head: number()))
        case 5: return .pull(Pull(cursor: number(), maxChanges: count(), maxBytes: count()))
        case 6: return .pullBatch(PullBatch(changes: changes(pool), nextCursor: number(), more: chance(50)))
        case 7: return .snapshotRequest(SnapshotRequest(position: number(), chunk: count()))
        case 8:
            let progress = (0..<int(0...4)).map { _ in
                StationProgress(station: pool[int(0...pool.count - 1)], sequence: number(), clock: Timestamp(rawValue: u64()))
            }
            return .snapshotChunk(SnapshotChunk(position: number(), chunk: count(), isLast: chance(50), stations: progress, changes: changes(pool)))
        case 10:
            let range = chance(50) ? nil : RowRange(table: text(), from: chance(50) ? row(pool) : nil, to: chance(50) ? row(pool) : nil)
            return .verifyRequest(VerifyRequest(schema: int(0...Int(Int32.max)), vector: vector(pool), range: range))
        case 11:
            let tables = (0..<int(0...4)).map { _ in TableDigest(table: text(), rows: count(), hash: u64()) }
            let buckets =
                tables.isEmpty
                ? [] : (0..<int(0...6)).map { _ in BucketDigest(table: int(0...tables.count - 1), first: row(pool), rows: count(), hash: u64()) }
            let rows = (0..<int(0...6)).map { _ in RowDigest(row: row(pool), values: u64(), state: u64()) }
            return .verifyReply(
                VerifyReply(
                    schema: int(0...Int(Int32.max)), position: number(), vector: vector(pool), tables: tables, buckets: buckets, rows: rows,
                    more: chance(50)))
        case 12: return .stateRequest(StateRequest(position: number(), after: number()))
        case 13: return .stateChunk(stateChunk(pool))
        default:
            return .error(
                ErrorMessage(
                    code: chance(70) ? ErrorCode.allCases[int(0...ErrorCode.allCases.count - 1)].rawValue : text(), message: text(),
                    detail: chance(50) ? text() : nil))
        }
    }

    /// A state chunk within the encoding's rules: progress ascending by station with sequences
    /// in range, distinct interned stations, rows naming one of them.
    mutating func stateChunk(_ pool: [StationID]) -> StateChunk {
        let stations = Array(Set(pool)).sorted()
        let progress = stations.filter { _ in chance(60) }.map {
            StateProgress(station: $0, sequence: UInt64(int(1...1_000_000)), clock: Timestamp(rawValue: u64()), code: chance(50) ? text() : "")
        }
        let rows =
            stations.isEmpty
            ? []
            : (0..<int(0...5)).map { _ in
                StateRow(
                    table: int(0...15), row: RowID(station: stations[int(0...stations.count - 1)], sequence: UInt64(int(1...1_000_000))),
                    values: (0..<int(0...8)).map { _ in value() }, state: (0..<int(0...12)).map { _ in UInt8(int(0...255)) })
            }
        let part = StatePart(progress: progress, stationIDs: stations, rows: rows, held: chance(30) ? changes(pool) : [])
        return StateChunk(position: number(), schema: int(0...Int(Int32.max)), after: number(), next: number(), isLast: chance(50), part: part)
    }

    mutating func row(_ pool: [StationID]) -> RowID { RowID(station: pool[int(0...pool.count - 1)], sequence: number()) }

    /// Stations with sequences of at least 1 (the encoding refuses 0 and repeated stations).
    mutating func vector(_ pool: [StationID]) -> AppliedVector {
        AppliedVector(Dictionary(pool.map { ($0, max(1, number())) }, uniquingKeysWith: max))
    }

    /// A split of `count` bytes into chunk sizes, from single bytes to large runs.
    mutating func chunks(of count: Int) -> [Int] {
        var sizes = [Int]()
        var left = count
        while left > 0 {
            let size = min(left, chance(30) ? 1 : chance(50) ? int(1...32) : int(1...max(1, count / 2)))
            sizes.append(size)
            left -= size
        }
        return sizes
    }
}
