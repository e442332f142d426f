import OutpostCore
import Testing

/// The columnar layout of protocol version 2 (`Protocol/README.md` §3.1): the same changes as the
/// row layout, every refusal of it, and no trap on any input.
@Suite("Change batch in columns")
struct ChangeBatchColumnsTests {
    /// A generated batch in which some preds name earlier changes of the batch, as a field edited
    /// twice before a push does, so the columns' references are exercised.
    static func batch(_ generator: inout BatchGenerator) -> [Change] {
        var changes = generator.batch()
        for index in changes.indices.dropFirst() where !changes[index].pred.isEmpty && generator.chance(50) {
            let earlier = changes[Int(generator.below(UInt64(index)))]
            changes[index].pred[0] = earlier.version
        }
        return changes
    }

    /// Encodes in columns, decodes and re-encodes: the same changes, the same bytes.
    static func expectRoundTrip(_ changes: [Change], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = ChangeBatch.encodeColumns(changes)
        do {
            let decoded = try ChangeBatch.decodeColumns(bytes)
            #expect(decoded == changes, "\(context)", sourceLocation: sourceLocation)
            #expect(ChangeBatch.encodeColumns(decoded) == bytes, "\(context)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(context): \(error) decoding \(Hex.encode(bytes))", sourceLocation: sourceLocation)
        }
    }

    @Test("generated batches decode to the same changes as in rows", arguments: 0..<8)
    func roundTrip(shard: UInt64) {
        var generator = BatchGenerator(seed: 0xC01_0000 + shard)
        for trial in 0..<200 {
            Self.expectRoundTrip(trial == 0 ? ProtocolExample.changes : Self.batch(&generator), "shard \(shard) trial \(trial)")
        }
    }

    @Test("an empty batch is five zero bytes: no stations, strings, shapes, changes or rows")
    func empty() throws {
        #expect(ChangeBatch.encodeColumns([]) == [0, 0, 0, 0, 0])
        #expect(try ChangeBatch.decodeColumns([0, 0, 0, 0, 0]).isEmpty)
    }

    @Test("edits naming their row's creation outside the batch carry its clock once, per row")
    func anchors() throws {
        let made = Timestamp(milliseconds: 1_795_335_300_123, counter: 3)
        let other = Version(clock: Timestamp(milliseconds: 1_795_335_300_999, counter: 0), station: stationA)
        var edits = [Change]()
        for sequence: UInt64 in 10..<40 {
            let row = RowID(station: sequence % 3 == 0 ? stationB : stationA, sequence: sequence % 7)
            let creation = Version(clock: Timestamp(milliseconds: made.milliseconds + row.sequence, counter: 3), station: row.station)
            // Every fifth edit names its row's creation and a second version of the row's station.
            let pred = sequence % 5 == 0 && row.station == stationA ? [creation, other] : [creation]
            edits.append(
                change(
                    stationA, sequence, .set(column: "name", value: .text("n\(sequence)")), row: row,
                    clock: Timestamp(milliseconds: 1_795_335_400_000 + sequence, counter: 0), pred: pred))
        }
        let bytes = ChangeBatch.encodeColumns(edits)
        #expect(try ChangeBatch.decodeColumns(bytes) == edits)
        #expect(ChangeBatch.encodeColumns(try ChangeBatch.decodeColumns(bytes)) == bytes)
        // A creation's pred cannot name an anchor: the creation has no row in the table.
        let creation = change(stationA, 1, .create([]), clock: made, pred: [Version(clock: made, station: stationB)])
        let written = ChangeBatch.encodeColumns([creation])
        let reference = written.count - 4  // reference 0, then station B, ms delta 0 and counter 3
        #expect(written[reference] == 0)
        var refused = written
        refused[reference] = 1
        #expect(throws: DecodingError.self) { try ChangeBatch.decodeColumns(refused) }
    }

    @Test("the example of Protocol/README.md §3.1 encodes to the annotated bytes, and decodes back")
    func protocolExample() throws {
        let hex = Hex.encode(ChangeBatch.encodeColumns(ProtocolExample.changes))
        #expect(try ProtocolExampleTests.vector("change-batch-columns-annotated") == hex)
        #expect(try ChangeBatch.decodeColumns(Hex.decode(hex) ?? []) == ProtocolExample.changes)
    }

    @Test("a pred naming an earlier change of the batch costs one byte: its distance back")
    func references() throws {
        let clock = Timestamp(milliseconds: 1_795_335_300_123, counter: 0)
        let creation = change(stationA, 1, .create([Field("name", .text("王芳"))]), clock: clock)
        let first = change(
            stationA, 2, .set(column: "name", value: .text("Wang")), row: rowA1, clock: Timestamp(rawValue: clock.rawValue + 1),
            pred: [creation.version])
        let second = change(
            stationA, 3, .set(column: "name", value: .text("Wang Fang")), row: rowA1, clock: Timestamp(rawValue: clock.rawValue + 2),
            pred: [first.version])
        let inside = ChangeBatch.encodeColumns([creation, first, second])
        #expect(try ChangeBatch.decodeColumns(inside) == [creation, first, second])
        // The same pred's clock from another station: written out as reference 0, the station's
        // index, 0 ms back and counter 1, and that station in the table (16 bytes).
        var elsewhere = second
        elsewhere.pred = [Version(clock: first.version.clock, station: stationB)]
        let outside = ChangeBatch.encodeColumns([creation, first, elsewhere])
        #expect(try ChangeBatch.decodeColumns(outside) == [creation, first, elsewhere])
        #expect(outside.count - inside.count == 16 + 3)
    }

    @Test("a clock's milliseconds beyond 48 bits or a counter beyond 16 are refused")
    func clockRanges() {
        let one = change(stationA, 1, .set(column: "v", value: .null), row: rowA1, clock: Timestamp(milliseconds: 5, counter: 0))
        var bytes = ChangeBatch.encodeColumns([one])
        // The station table (count and 16 bytes), the string table (count, then "customers", "li"
        // and "v": 15 bytes), the shape table (count, then table 0, tag 1, column 2, no pred),
        // the change count, the station column and the sequence column.
        let milliseconds = 1 + 16 + 1 + 15 + 1 + 4 + 1 + 1 + 1
        #expect(bytes[milliseconds] == 10)  // zig-zag 5
        bytes[milliseconds] = 0x03  // -2: below zero, so beyond 48 bits
        #expect(throws: DecodingError.self) { try ChangeBatch.decodeColumns(bytes) }
        bytes[milliseconds] = 10
        bytes[milliseconds + 1] = 0x01  // counter -1
        #expect(throws: DecodingError.self) { try ChangeBatch.decodeColumns(bytes) }
    }

    @Test("a batch in rows is not read as columns, nor the other way", arguments: 0..<4)
    func layoutsDoNotMix(shard: UInt64) {
        var generator = BatchGenerator(seed: 0x1A70_0000 + shard)
        var refused = 0
        for _ in 0..<100 {
            let changes = Self.batch(&generator)
            guard changes.count > 1 else { continue }
            if (try? ChangeBatch.decodeColumns(ChangeBatch.encode(changes))) != changes { refused += 1 }
        }
        #expect(refused > 0)
    }

    @Test("every truncation of a valid batch is refused", arguments: 0..<12)
    func truncations(seed: UInt64) {
        var generator = BatchGenerator(seed: 0x7C0C_0000 + seed)
        let bytes = ChangeBatch.encodeColumns(seed == 0 ? ProtocolExample.changes : Self.batch(&generator))
        for length in 0..<bytes.count {
            if let decoded = try? ChangeBatch.decodeColumns(Array(bytes[..<length])) {
                Issue.record("seed \(seed): a prefix of \(length) of \(bytes.count) bytes decoded to \(decoded.count) changes")
                return
            }
        }
    }

    @Test("random corruption never traps: it is refused, or decodes to changes that round-trip", arguments: 0..<4)
    func corruption(shard: UInt64) {
        let seed = 0xC0C0_0000 + shard
        var random = SplitMix64(seed: seed)
        var generator = BatchGenerator(seed: seed ^ 0xFFFF)
        var accepted = 0
        for trial in 0..<500 {
            var bytes = ChangeBatch.encodeColumns(trial % 50 == 0 ? ProtocolExample.changes : Self.batch(&generator))
            for _ in 0...(random.next() % 3) where !bytes.isEmpty {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                case 1: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                default: bytes.remove(at: index)
                }
            }
            guard let decoded = try? ChangeBatch.decodeColumns(bytes) else { continue }
            accepted += 1
            let again = ChangeBatch.encodeColumns(decoded)
            guard let redecoded = try? ChangeBatch.decodeColumns(again) else {
                Issue.record("seed \(seed) trial \(trial): accepted \(Hex.encode(bytes)) but its re-encoding is refused")
                return
            }
            #expect(redecoded == decoded, "seed \(seed) trial \(trial)")
            #expect(ChangeBatch.encodeColumns(redecoded) == again, "seed \(seed) trial \(trial)")
        }
        #expect(accepted > 0, "seed \(seed): no corrupted batch decoded")
    }

    @Test("random bytes never trap", arguments: 0..<2)
    func garbage(shard: UInt64) {
        var random = SplitMix64(seed: 0x6A4C_0000 + shard)
        for _ in 0..<2_000 {
            let count = Int(random.next() % 96)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if count > 3, random.next() % 2 == 0 {
                bytes[0] = 0
                bytes[1] = UInt8(random.next() % 3)
            }
            _ = try? ChangeBatch.decodeColumns(bytes)
        }
    }
}
