import Foundation  // only to read Protocol/README.md
import OutpostCore
import Testing

// MARK: - Helpers

/// Encodes, decodes and re-encodes `changes`; the decoded changes must equal the originals and
/// the second encoding must be byte for byte the first (which also proves reals keep their bits).
@discardableResult
func expectRoundTrip(_ changes: [Change], _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    let bytes = ChangeBatch.encode(changes)
    do {
        let decoded = try ChangeBatch.decode(bytes)
        #expect(decoded == changes, "\(context)", sourceLocation: sourceLocation)
        #expect(ChangeBatch.encode(decoded) == bytes, "\(context)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(context): \(error) decoding \(Hex.encode(bytes))", sourceLocation: sourceLocation)
    }
    return bytes
}

let rowA1 = RowID(station: stationA, sequence: 1)

func change(
    _ station: StationID, _ sequence: UInt64, _ operation: Change.Operation, row: RowID? = nil, table: String = "customers",
    clock: Timestamp, pred: [Version] = [], author: String = "li", schema: Int = 1
) -> Change {
    let id = ChangeID(station: station, sequence: sequence)
    return Change(
        id: id, table: table, row: row ?? RowID(id), operation: operation,
        version: Version(clock: clock, station: station), pred: pred, author: author, schema: schema
    )
}

/// Random batches: many stations, interned strings, every operation and value type, sequences
/// and clocks that jump in both directions, preds from any station.
struct BatchGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func below(_ bound: UInt64) -> UInt64 { random.next() % bound }
    mutating func chance(_ percent: UInt64) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(below(UInt64(items.count)))] }

    mutating func text() -> String {
        if chance(50) {
            return pick(["", "cases", "title", "王芳 售后维修", "👩‍🔧🛠️", "e\u{301}", "a\"b\\c\n", "SZ01-20261122-0007"])
        }
        var scalars = String.UnicodeScalarView()
        for _ in 0..<below(12) {
            let range: ClosedRange<UInt32> = pick([0x20...0x7E, 0x00...0x1F, 0x4E00...0x9FFF, 0x1F300...0x1FAFF, 0x300...0x36F, 0xE000...0xF8FF])
            scalars.append(Unicode.Scalar(range.lowerBound + UInt32(below(UInt64(range.count))))!)
        }
        return String(scalars)
    }

    mutating func value() -> Value {
        switch below(5) {
        case 0: return .null
        case 1: return .integer(chance(50) ? pick([0, 1, -1, 63, -64, 64, Int64.min, Int64.max]) : Int64(bitPattern: random.next()))
        case 2:
            if chance(50) {
                return .real(pick([0.0, -0.0, 1.5, -2.25, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .ulpOfOne]))
            }
            var real = Double(bitPattern: random.next())
            while real.isNaN { real = Double(bitPattern: random.next()) }
            return .real(real)
        case 3: return .text(text())
        default: return .blob((0..<below(20)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
    }

    mutating func station() -> StationID {
        switch below(10) {
        case 0: StationID(high: 0, low: 0)
        case 1: StationID(high: .max, low: .max)
        default: StationID(high: random.next(), low: random.next())
        }
    }

    mutating func nextClock(after previous: UInt64) -> UInt64 {
        switch below(10) {
        case 0: random.next()
        case 1: previous &- below(1 << 20)  // backwards
        case 2: pick([0, .max])
        default: previous &+ below(1 << 24)
        }
    }

    mutating func batch() -> [Change] {
        let stations = (0..<(1 + below(5))).map { _ in station() }
        let columns = ["name", "phones", "emails", "title", "status", "tier", text()]
        let authors = ["li", "wang", "", text()]
        var sequences = [StationID: UInt64]()
        var clock = random.next() >> below(64)
        var changes = [Change]()
        for _ in 0..<below(13) {
            let origin = pick(stations)
            let sequence: UInt64 =
                switch below(10) {
                case 0: random.next()
                case 1: pick([0, 1, .max])
                default: sequences[origin, default: 0] &+ 1
                }
            sequences[origin] = sequence
            clock = nextClock(after: clock)
            let id = ChangeID(station: origin, sequence: sequence)
            let operation: Change.Operation
            var row = RowID(id)
            switch below(4) {
            case 0:
                operation = .create((0..<below(5)).map { _ in Field(pick(columns), value()) })
            default:
                row = RowID(station: chance(80) ? pick(stations) : station(), sequence: chance(80) ? below(1_000) : random.next())
                operation =
                    switch below(3) {
                    case 0: .set(column: pick(columns), value: value())
                    case 1: .add(column: pick(columns), element: value())
                    default: .remove(column: pick(columns), element: value())
                    }
            }
            let pred = (0..<below(4)).map { _ in
                Version(
                    clock: Timestamp(rawValue: chance(70) ? clock &- below(1 << 30) : random.next()),
                    station: chance(80) ? pick(stations) : station()
                )
            }
            let schema =
                switch below(4) {
                case 0: Int(below(UInt64(Int32.max) + 1))
                case 1: Int(pick([0, Int32.max]))
                default: 1
                }
            changes.append(
                Change(
                    id: id, table: pick(["cases", "customers", "case_events", text()]), row: row, operation: operation,
                    version: Version(clock: Timestamp(rawValue: clock), station: origin), pred: pred,
                    author: pick(authors), schema: schema
                ))
        }
        return changes
    }
}

/// The worked examples of `Protocol/README.md`; the tests below keep the document honest.
enum ProtocolExample {
    static let a = StationID(high: 0xA1A1_A1A1_A1A1_A1A1, low: 0xA2A2_A2A2_A2A2_A2A2)
    static let b = StationID(high: 0xB1B1_B1B1_B1B1_B1B1, low: 0xB2B2_B2B2_B2B2_B2B2)
    static let t0 = Timestamp(milliseconds: 1_795_335_300_123, counter: 0)  // 2026-11-22T08:15:00.123Z

    static var changes: [Change] {
        let creation = change(a, 1, .create([Field("name", .text("王芳")), Field("phones", .text("+8613800138000"))]), clock: t0)
        return [
            creation,
            change(
                b, 7, .set(column: "name", value: .text("Wang Fang")), row: rowOfA1,
                clock: Timestamp(milliseconds: 1_795_335_302_123, counter: 0), pred: [creation.version], author: "wang"
            ),
            change(
                a, 2, .remove(column: "phones", element: .text("+8613800138000")), row: rowOfA1,
                clock: Timestamp(milliseconds: 1_795_335_300_123, counter: 1), pred: [creation.version]
            ),
        ]
    }

    static let rowOfA1 = RowID(station: a, sequence: 1)

    static let batchHex =
        "02a1a1a1a1a1a1a1a1a2a2a2a2a2a2a2a2b1b1b1b1b1b1b1b1b2b2b2b2b2b2b2"
        + "b20509637573746f6d657273026c69046e616d650670686f6e65730477616e67"
        + "0300028080d8c1d49481a203000002020306e78e8be88ab303030e2b38363133"
        + "383030313338303030000101010e8080807d0001000102030957616e67204661"
        + "6e6701008080807d04010002fdffff7c0003000103030e2b3836313338303031"
        + "33383030300100020101"

    static let conflictBytesHex =
        "09637573746f6d657273a1a1a1a1a1a1a1a1a2a2a2a2a2a2a2a2000000000000"
        + "0001046e616d6501a20252a41b0002a1a1a1a1a1a1a1a1a2a2a2a2a2a2a2a201"
        + "a20252abeb0000b1b1b1b1b1b1b1b1b2b2b2b2b2b2b2b2"
    static let conflictID = "902175462733f0f8"
}

// MARK: - Round trips

@Suite("Change batch round trips")
struct ChangeBatchRoundTripTests {
    @Test("an empty batch is three zero counts")
    func empty() throws {
        #expect(ChangeBatch.encode([]) == [0, 0, 0])
        #expect(try ChangeBatch.decode([0, 0, 0]).isEmpty)
    }

    @Test("every operation, with a set column appearing twice in a creation")
    func everyOperation() {
        let creation = change(
            stationA, 1,
            .create([
                Field("name", .text("王芳")), Field("phones", .text("+8613800138000")), Field("phones", .text("+862088886666")),
                Field("emails", .text("wang.fang@example.cn")), Field("address", .null),
            ]), clock: Timestamp(milliseconds: 1_000, counter: 0))
        let empty = change(stationA, 2, .create([]), clock: Timestamp(milliseconds: 1_001, counter: 0))
        let set = change(
            stationB, 1, .set(column: "note", value: .text("VIP")), row: rowA1, clock: Timestamp(milliseconds: 2_000, counter: 0),
            pred: [creation.version])
        let add = change(
            stationB, 2, .add(column: "phones", element: .text("+12025550123")), row: rowA1, clock: Timestamp(milliseconds: 2_000, counter: 1))
        let remove = change(
            stationC, 1, .remove(column: "phones", element: .text("+8613800138000")), row: rowA1, clock: Timestamp(milliseconds: 3_000, counter: 0),
            pred: [creation.version])
        let decoded = expectRoundTrip([creation, empty, set, add, remove])
        #expect(!decoded.isEmpty)
    }

    static let values: [Value] = [
        .null,
        .integer(0), .integer(1), .integer(-1), .integer(63), .integer(-64), .integer(64), .integer(Int64.min), .integer(Int64.max),
        .real(0), .real(-0.0), .real(1.5), .real(.infinity), .real(-.infinity), .real(.leastNonzeroMagnitude), .real(.greatestFiniteMagnitude),
        .text(""), .text("王芳 售后维修"), .text("👩‍🔧🛠️ 🇨🇳"), .text("line\nbreak\u{0}nul"), .text(String(repeating: "长", count: 300)),
        .blob([]), .blob([0]), .blob(Array(0...255)),
    ]

    @Test("every value type, in a set, an add, a remove and a creation", arguments: values)
    func everyValue(value: Value) {
        let clock = Timestamp(milliseconds: 1_000, counter: 0)
        expectRoundTrip(
            [
                change(stationA, 1, .create([Field("v", value)]), clock: clock),
                change(stationA, 2, .set(column: "v", value: value), row: rowA1, clock: clock),
                change(stationA, 3, .add(column: "v", element: value), row: rowA1, clock: clock),
                change(stationA, 4, .remove(column: "v", element: value), row: rowA1, clock: clock),
            ], "\(value)")
    }

    @Test("a real keeps its exact bits: -0.0 stays negative, a NaN keeps its payload")
    func realBits() throws {
        for real in [-0.0, Double(nan: 0x1234, signaling: false), -Double.nan, Double.signalingNaN] {
            let batch = [change(stationA, 1, .set(column: "v", value: .real(real)), row: rowA1, clock: .zero)]
            let bytes = ChangeBatch.encode(batch)
            let decoded = try ChangeBatch.decode(bytes)
            guard case .set(_, .real(let back)) = decoded.first?.operation else {
                Issue.record("not a real: \(decoded)")
                continue
            }
            #expect(back.bitPattern == real.bitPattern)
            #expect(ChangeBatch.encode(decoded) == bytes)
        }
    }

    @Test("several stations interleaved, preds from other stations, clocks going backwards")
    func interleaved() {
        let t = { (ms: UInt64, counter: UInt16) in Timestamp(milliseconds: ms, counter: counter) }
        let a1 = change(stationA, 1, .create([Field("name", .text("王芳"))]), clock: t(5_000, 0))
        let b1 = change(stationB, 1, .create([Field("name", .text("李伟"))]), clock: t(1_000, 0))
        let a2 = change(stationA, 2, .set(column: "name", value: .text("Wang Fang")), row: a1.row, clock: t(5_000, 1), pred: [a1.version])
        let c9 = change(stationC, 9, .set(column: "name", value: .text("王 芳")), row: a1.row, clock: t(4_000, 3), pred: [a1.version], author: "zhao")
        let b2 = change(stationB, 2, .add(column: "phones", element: .text("+8613800138000")), row: a1.row, clock: t(900, 0), author: "wang")
        let a3 = change(
            stationA, 3, .set(column: "name", value: .text("Wang Fang")), row: a1.row, clock: t(6_000, 0), pred: [a2.version, c9.version])
        let d1 = change(
            stationD, 1, .remove(column: "phones", element: .text("+8613800138000")), row: a1.row, clock: t(0, 0),
            pred: [b2.version, stamp(stationC, 9_999, 9)])
        let c10 = change(stationC, 10, .set(column: "name", value: .null), row: b1.row, clock: t(7_000, 0), pred: [b1.version], schema: 2)
        expectRoundTrip([a1, b1, a2, c9, b2, a3, d1, c10])
        // The same changes in another order are another batch but the same changes.
        expectRoundTrip([c10, d1, a3, b2, c9, a2, b1, a1])
    }

    @Test("extreme sequences, clocks, rows and schema versions")
    func extremes() {
        let max = StationID(high: .max, low: .max)
        let zero = StationID(high: 0, low: 0)
        expectRoundTrip([
            change(
                max, .max, .set(column: "", value: .null), row: RowID(station: zero, sequence: .max), table: "", clock: Timestamp(rawValue: .max),
                pred: [Version(clock: .zero, station: zero)], author: "", schema: 0),
            change(max, 0, .create([]), clock: .zero, pred: [Version(clock: Timestamp(rawValue: .max), station: max)], schema: Int(Int32.max)),
            change(zero, 1, .add(column: "x", element: .integer(.min)), row: RowID(station: max, sequence: 0), clock: Timestamp(rawValue: .max)),
            change(max, .max, .remove(column: "x", element: .integer(.max)), row: RowID(station: max, sequence: 1), clock: .zero),
        ])
    }

    @Test("a run of edits from one station costs a few bytes each")
    func compact() {
        var changes = [Change]()
        for sequence in UInt64(2)...101 {
            changes.append(
                change(
                    stationA, sequence, .set(column: "status", value: .text("in-progress")), row: RowID(station: stationA, sequence: sequence - 1),
                    table: "cases", clock: Timestamp(milliseconds: 1_795_335_300_123 + sequence, counter: 0)
                ))
        }
        let bytes = expectRoundTrip(changes)
        // Header: station count, one station, string count, "cases", "li", "status", change count.
        let header = 1 + 16 + 1 + (1 + 5) + (1 + 2) + (1 + 6) + 1
        // Station, sequence delta, clock delta, table, tag, row station, row sequence, column,
        // value (tag, length, 11 bytes), pred count, author, schema. The first clock delta is the
        // whole clock (9 bytes); later ones are 65,536 (1 ms), 3 bytes.
        let first = 1 + 1 + 9 + 1 + 1 + 1 + 1 + 1 + 13 + 1 + 1 + 1
        let next = 1 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 13 + 1 + 1 + 1
        #expect(bytes.count == header + first + 99 * next)
    }

    @Test("≥ 300 seeded random batches round-trip", arguments: 0..<4)
    func randomBatches(shard: UInt64) {
        for index in UInt64(0)..<100 {
            let seed = 0xBA7C_0000 + shard * 100 + index
            var generator = BatchGenerator(seed: seed)
            expectRoundTrip(generator.batch(), "seed \(seed)")
        }
    }
}

// MARK: - Refusals

@Suite("Change batch refusals")
struct ChangeBatchRefusalTests {
    /// A one-change batch written by hand, with parts that a test can spoil.
    static func handmade(
        stationCount: UInt64 = 1, strings: [[UInt8]] = [Array("cases".utf8), Array("li".utf8), Array("title".utf8)],
        origin: UInt64 = 0, tag: UInt8 = 1, rowStation: UInt64 = 0, column: UInt64 = 2, value: [UInt8] = [3, 2, 0x68, 0x69],
        author: UInt64 = 1, schema: UInt64 = 1, trailing: [UInt8] = []
    ) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(stationCount)
        writer.writeStation(stationA)
        writer.writeVarint(UInt64(strings.count))
        for string in strings {
            writer.writeVarint(UInt64(string.count))
            writer.writeBytes(string)
        }
        writer.writeVarint(1)  // one change
        writer.writeVarint(origin)
        writer.writeSignedVarint(1)  // sequence 1
        writer.writeSignedVarint(Int64(Timestamp(milliseconds: 1_000, counter: 0).rawValue))
        writer.writeVarint(0)  // table "cases"
        writer.writeByte(tag)
        writer.writeVarint(rowStation)
        writer.writeVarint(5)  // row sequence
        writer.writeVarint(column)
        writer.writeBytes(value)
        writer.writeVarint(0)  // no pred
        writer.writeVarint(author)
        writer.writeVarint(schema)
        writer.writeBytes(trailing)
        return writer.bytes
    }

    @Test("the handmade batch decodes")
    func handmadeDecodes() throws {
        let decoded = try ChangeBatch.decode(Self.handmade())
        #expect(
            decoded == [
                change(
                    stationA, 1, .set(column: "title", value: .text("hi")), row: RowID(station: stationA, sequence: 5), table: "cases",
                    clock: Timestamp(milliseconds: 1_000, counter: 0), author: "li", schema: 1
                )
            ])
        #expect(ChangeBatch.encode(decoded) == Self.handmade())
    }

    static let malformed: [(String, [UInt8])] = [
        ("unknown operation tag", handmade(tag: 4)),
        ("unknown operation tag 0xFF", handmade(tag: 0xFF)),
        ("unknown value tag", handmade(value: [5])),
        ("change station index out of range", handmade(origin: 1)),
        ("row station index out of range", handmade(rowStation: 1)),
        ("column string index out of range", handmade(column: 3)),
        ("author string index out of range", handmade(author: 99)),
        ("invalid UTF-8 in the string table", handmade(strings: [Array("cases".utf8), Array("li".utf8), [0xC3, 0x28]])),
        ("invalid UTF-8 in a text value", handmade(value: [3, 2, 0xFF, 0xFE])),
        ("schema above 2^31 - 1", handmade(schema: UInt64(Int32.max) + 1)),
        ("more stations than bytes allow", handmade(stationCount: 200)),
        ("trailing byte", handmade(trailing: [0])),
        ("trailing bytes", handmade(trailing: [1, 2, 3])),
        ("varint longer than 10 bytes", [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
        ("varint beyond 64 bits", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]),
        ("huge string count", [0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ("huge change count", [0, 0, 0xFF, 0xFF, 0x03]),
    ]

    @Test("malformed input is refused as malformed", arguments: malformed)
    func refusesMalformed(name: String, bytes: [UInt8]) {
        let error = #expect(throws: DecodingError.self) { try ChangeBatch.decode(bytes) }
        if let error, case .truncated = error.reason { Issue.record("\(name): refused as truncated, not malformed: \(error)") }
    }

    @Test("a maximal 10-byte varint is accepted")
    func maximalVarint() throws {
        var reader = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(try reader.readVarint() == .max)
        #expect(reader.isAtEnd)
    }

    @Test("trailing bytes after a valid batch are refused", arguments: [[0], [0xFF], [0, 0, 0]] as [[UInt8]])
    func trailing(extra: [UInt8]) {
        for batch in [[], ProtocolExample.changes] {
            let bytes = ChangeBatch.encode(batch) + extra
            let error = #expect(throws: DecodingError.self) { try ChangeBatch.decode(bytes) }
            #expect(error?.offset == bytes.count - extra.count)
        }
    }

    @Test("every truncation of a valid batch is refused", arguments: 0..<20)
    func truncations(seed: UInt64) {
        var generator = BatchGenerator(seed: 0x7A0C_0000 + seed)
        var batch = generator.batch()
        if seed == 0 { batch = ProtocolExample.changes }
        let bytes = ChangeBatch.encode(batch)
        for length in 0..<bytes.count {
            do {
                let decoded = try ChangeBatch.decode(Array(bytes[..<length]))
                Issue.record("seed \(0x7A0C_0000 + seed): a prefix of \(length) of \(bytes.count) bytes decoded to \(decoded.count) changes")
                return
            } catch {
                // Refused, as it must be.
            }
        }
    }

    @Test("random corruption never traps: it is refused, or decodes to changes that round-trip", arguments: 0..<4)
    func corruption(shard: UInt64) {
        let seed = 0xC0EE_0000 + shard
        var random = SplitMix64(seed: seed)
        var generator = BatchGenerator(seed: seed ^ 0xFFFF)
        var accepted = 0
        for trial in 0..<500 {
            var bytes = ChangeBatch.encode(trial % 50 == 0 ? ProtocolExample.changes : generator.batch())
            guard !bytes.isEmpty else { continue }
            for _ in 0...(random.next() % 3) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                default: bytes.remove(at: index)
                }
                if bytes.isEmpty { break }
            }
            guard let decoded = try? ChangeBatch.decode(bytes) else { continue }
            accepted += 1
            let again = ChangeBatch.encode(decoded)
            guard let redecoded = try? ChangeBatch.decode(again) else {
                Issue.record("seed \(seed) trial \(trial): accepted \(Hex.encode(bytes)) but its re-encoding is refused")
                return
            }
            #expect(ChangeBatch.encode(redecoded) == again, "seed \(seed) trial \(trial)")
        }
        // Not an assertion on the codec: only that the test exercised both outcomes.
        #expect(accepted > 0, "seed \(seed): no corrupted batch decoded")
    }

    @Test("random bytes never trap", arguments: 0..<2)
    func garbage(shard: UInt64) {
        let seed = 0x6A4B_0000 + shard
        var random = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            let count = Int(random.next() % 64)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Small counts at the front make deeper parsing likely.
            if count > 3, random.next() % 2 == 0 {
                bytes[0] = 0
                bytes[1] = UInt8(random.next() % 3)
            }
            _ = try? ChangeBatch.decode(bytes)
        }
    }
}

// MARK: - The worked examples in Protocol/README.md

@Suite("Protocol/README.md worked examples")
struct ProtocolExampleTests {
    /// The hex of the fenced block that follows `<!-- vector: name -->` in Protocol/README.md:
    /// on each line, what comes before a `|` (or the whole line), without spaces.
    static func vector(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = String(decoding: try Data(contentsOf: root.appendingPathComponent("Protocol/README.md")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let marker = lines.firstIndex(of: "<!-- vector: \(name) -->"), marker + 1 < lines.count, lines[marker + 1].hasPrefix("```"),
            let end = lines[(marker + 2)...].firstIndex(where: { $0.hasPrefix("```") })
        else {
            Issue.record("Protocol/README.md has no fenced block marked \(name)")
            return ""
        }
        return lines[(marker + 2)..<end]
            .map { $0.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "" }
            .joined()
            .filter { !$0.isWhitespace }
    }

    @Test("the change batch example encodes to the hex in the document, and decodes back")
    func batch() throws {
        let hex = Hex.encode(ChangeBatch.encode(ProtocolExample.changes))
        #expect(hex == ProtocolExample.batchHex)
        #expect(try Self.vector("change-batch") == hex)
        #expect(try Self.vector("change-batch-annotated") == hex)
        #expect(try ChangeBatch.decode(Hex.decode(ProtocolExample.batchHex) ?? []) == ProtocolExample.changes)
    }

    @Test("the conflict id example hashes the bytes in the document")
    func conflict() throws {
        let heads = [
            Version(clock: Timestamp(milliseconds: 1_795_335_302_123, counter: 0), station: ProtocolExample.b),
            Version(clock: Timestamp(milliseconds: 1_795_335_300_123, counter: 2), station: ProtocolExample.a),
        ]
        var writer = ByteWriter()
        writer.writeString("customers")
        writer.writeStation(ProtocolExample.a)
        writer.writeFixed64(1)
        writer.writeString("name")
        for version in heads.sorted() {
            writer.writeFixed64(version.clock.rawValue)
            writer.writeStation(version.station)
        }
        let id = ConflictID(table: "customers", row: ProtocolExample.rowOfA1, column: "name", heads: heads)
        #expect(Hex.encode(writer.bytes) == ProtocolExample.conflictBytesHex)
        #expect(try Self.vector("conflict-bytes") == ProtocolExample.conflictBytesHex)
        #expect(id.description == ProtocolExample.conflictID)
        #expect(try Self.vector("conflict-id") == ProtocolExample.conflictID)
    }
}
