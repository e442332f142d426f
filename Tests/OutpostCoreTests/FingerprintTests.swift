import OutpostCore
import Testing

/// The state fingerprint of `Protocol/README.md` §12: its bytes, its worked example, and how two
/// sides' digests are compared to name the first differing row.
@Suite("State fingerprints")
struct FingerprintTests {
    static let a = ProtocolExample.a
    static let b = ProtocolExample.b
    static let c = StationID(high: 0xC1C1_C1C1_C1C1_C1C1, low: 0xC2C2_C2C2_C2C2_C2C2)
    static let t0 = ProtocolExample.t0
    static let customers = Schema.outpost.table("customers")!

    /// §12's example: A creates customer A/1; B and C then rename it concurrently.
    static func exampleState() -> RowState {
        let creation = Change(
            id: ChangeID(station: a, sequence: 1), table: "customers", row: ProtocolExample.rowOfA1,
            operation: .create([Field("name", .text("王芳")), Field("phones", .text("+8613800138000")), Field("address", .text("Shenzhen"))]),
            version: Version(clock: t0, station: a), pred: [], author: "li", schema: 1
        )
        func rename(_ station: StationID, _ sequence: UInt64, _ milliseconds: UInt64, _ name: String) -> Change {
            Change(
                id: ChangeID(station: station, sequence: sequence), table: "customers", row: ProtocolExample.rowOfA1,
                operation: .set(column: "name", value: .text(name)),
                version: Version(clock: Timestamp(milliseconds: t0.milliseconds + milliseconds, counter: 0), station: station),
                pred: [creation.version], author: "wang", schema: 1
            )
        }
        var state = RowState(columnCount: customers.columns.count)
        var applied = Set<Version>()
        for change in [creation, rename(b, 7, 2_000, "Wang Fang"), rename(c, 3, 2_500, "王芳芳")] {
            _ = state.apply(change, in: customers, isApplied: { applied.contains($0) }, load: { _ in .null })
            applied.insert(change.version)
        }
        return state
    }

    /// The domain row the store shows for the example: id, the schema's columns, created, updated.
    static func exampleDomain(_ state: RowState) -> [Value] {
        [.text("SZ01.1")] + customers.columns.indices.map { state.shown($0, in: customers) }
            + [.text(state.created!.clock.isoText), .text(state.latest!.clock.isoText)]
    }

    @Test("the worked example hashes the bytes in the document")
    func workedExample() throws {
        let state = Self.exampleState()
        let domain = Self.exampleDomain(state)
        let values = Fingerprint.valueBytes(table: "customers", row: ProtocolExample.rowOfA1, domain: domain)
        let stateBytes = Fingerprint.stateBytes(table: Self.customers, row: ProtocolExample.rowOfA1, state: state)
        let digest = RowDigest(row: ProtocolExample.rowOfA1, values: Fingerprint.hash(values), state: Fingerprint.hash(stateBytes))
        #expect(try ProtocolExampleTests.vector("fingerprint-values") == Hex.encode(values), "values bytes: \(Hex.encode(values))")
        #expect(try ProtocolExampleTests.vector("fingerprint-state") == Hex.encode(stateBytes), "state bytes: \(Hex.encode(stateBytes))")
        let hashes = [digest.values, digest.state, digest.hash].map(Fingerprint.text).joined(separator: " ")
        #expect(try ProtocolExampleTests.vector("fingerprint-row") == hashes.filter { !$0.isWhitespace }, "hashes: \(hashes)")
        let table = Fingerprint.table("customers", rows: [digest])
        #expect(
            try ProtocolExampleTests.vector("fingerprint-table") == Fingerprint.text(table.hash) + Fingerprint.text(Fingerprint.total([table])),
            "table \(Fingerprint.text(table.hash)), total \(Fingerprint.text(Fingerprint.total([table])))")
    }

    @Test("a single head's value on a created row is not hashed twice, whether or not it is in memory")
    func elidedValue() {
        var state = Self.exampleState()
        let address = Self.customers.columnIndex["address"]!
        let before = Fingerprint.stateBytes(table: Self.customers, row: ProtocolExample.rowOfA1, state: state)
        state.fields[address].setPayload(.null, at: 0)
        state.elided.insert(address)
        #expect(Fingerprint.stateBytes(table: Self.customers, row: ProtocolExample.rowOfA1, state: state) == before)
        // Two heads: both values count.
        let name = Self.customers.columnIndex["name"]!
        state.fields[name].setPayload(.text("other"), at: 0)
        #expect(Fingerprint.stateBytes(table: Self.customers, row: ProtocolExample.rowOfA1, state: state) != before)
    }

    @Test("absent rows and absent state hash apart from present ones")
    func absence() {
        let row = ProtocolExample.rowOfA1
        #expect(Fingerprint.valueBytes(table: "customers", row: row, domain: nil) != Fingerprint.valueBytes(table: "customers", row: row, domain: []))
        #expect(
            Fingerprint.stateBytes(table: Self.customers, row: row, state: nil)
                != Fingerprint.stateBytes(table: Self.customers, row: row, state: RowState(columnCount: Self.customers.columns.count)))
        #expect(Fingerprint.valueBytes(table: "cases", row: row, domain: nil) != Fingerprint.valueBytes(table: "customers", row: row, domain: nil))
    }

    // MARK: Comparing

    static func digest(_ station: StationID, _ sequence: UInt64, _ values: UInt64 = 1, _ state: UInt64 = 2) -> RowDigest {
        RowDigest(row: RowID(station: station, sequence: sequence), values: values, state: state)
    }

    @Test("the first differing row, and how it differs")
    func firstRow() {
        let rows = [Self.digest(Self.a, 1), Self.digest(Self.a, 5), Self.digest(Self.b, 2)]
        #expect(RowComparison.first(rows, rows) == nil)
        #expect(RowComparison.first([RowDigest](), [RowDigest]()) == nil)
        var changed = rows
        changed[1].values = 9
        #expect(RowComparison.first(rows, changed)! == (rows[1].row, .values))
        changed[1].state = 9
        #expect(RowComparison.first(rows, changed)! == (rows[1].row, .valuesAndState))
        changed = rows
        changed[2].state = 9
        #expect(RowComparison.first(rows, changed)! == (rows[2].row, .state))
        #expect(RowComparison.first(rows, Array(rows.dropLast()))! == (rows[2].row, .missingThere))
        #expect(RowComparison.first(Array(rows.dropLast()), rows)! == (rows[2].row, .missingHere))
        #expect(RowComparison.first([rows[0], rows[2]], rows)! == (rows[1].row, .missingHere))
        #expect(RowComparison.first(rows, [rows[0], rows[2]])! == (rows[1].row, .missingThere))
    }

    @Test("the first differing bucket, including rows outside the other side's first and last")
    func firstBucket() {
        let rows = (1...10).map { Self.digest(Self.a, UInt64($0) * 10) }
        let buckets = Fingerprint.buckets(rows, table: 0, size: 4)
        #expect(buckets.map(\.rows) == [4, 4, 2])
        #expect(RowComparison.firstBucket(rows, buckets, table: "cases") == nil)

        var changed = rows
        changed[5].values = 7
        #expect(RowComparison.firstBucket(changed, buckets, table: "cases") == RowRange(table: "cases", from: rows[4].row, to: rows[8].row))
        // A row here below the other side's first row falls in the first bucket, one above its last in the last.
        #expect(
            RowComparison.firstBucket([Self.digest(Self.a, 1)] + rows, buckets, table: "cases")
                == RowRange(table: "cases", from: nil, to: rows[4].row))
        #expect(
            RowComparison.firstBucket(rows + [Self.digest(Self.b, 1)], buckets, table: "cases")
                == RowRange(table: "cases", from: rows[8].row, to: nil))
        // A row missing here.
        #expect(
            RowComparison.firstBucket(rows.filter { $0.row.sequence != 20 }, buckets, table: "cases")
                == RowRange(table: "cases", from: nil, to: rows[4].row))
        // The other side has no rows at all.
        #expect(RowComparison.firstBucket(rows, [], table: "cases") == RowRange(table: "cases"))
        #expect(RowComparison.firstBucket([], [], table: "cases") == nil)

        let range = RowRange(table: "cases", from: rows[4].row, to: rows[8].row)
        #expect(rows.filter { range.contains($0.row) }.count == 4 && !range.contains(rows[8].row) && range.contains(rows[4].row))
    }

    @Test("applied vectors count the changes one side holds and the other does not")
    func vectors() {
        let mine = AppliedVector([Self.a: 5, Self.b: 3, Self.c: 0])
        let theirs = AppliedVector([Self.a: 7, Self.b: 1])
        #expect(mine.entries.map(\.station) == [Self.a, Self.b])
        #expect(mine.changes == 8)
        #expect(theirs.changes(notIn: mine) == 2)
        #expect(mine.changes(notIn: theirs) == 2)
        #expect(mine.changes(notIn: mine) == 0)
        #expect(AppliedVector(entries: mine.entries) == mine)
    }

    @Test("hashes print as 16 hex digits")
    func text() {
        #expect(Fingerprint.text(0) == "0000000000000000")
        #expect(Fingerprint.text(0xABC) == "0000000000000abc")
        #expect(Fingerprint.hash([UInt8]()) == 0xcbf2_9ce4_8422_2325)
    }
}
