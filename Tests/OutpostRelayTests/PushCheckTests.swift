import OutpostCore
import OutpostRelayStore
import Testing

/// The push rules on their own, one row per case: what the log knows, the push, the verdict.
@Suite struct PushCheckTests {
    static let now: UInt64 = 1_795_000_000_000
    static let sz = StationID(high: 1, low: 1)
    static let gz = StationID(high: 2, low: 2)

    /// A creation by `station` at `sequence`, stamped `ahead` milliseconds past the relay's clock.
    static func change(_ sequence: UInt64, station: StationID = sz, ahead: Int64 = 0, name: String = "A", counter: UInt16 = 0) -> Change {
        let id = ChangeID(station: station, sequence: sequence)
        let clock = Timestamp(milliseconds: UInt64(Int64(now) + ahead - 10_000 + Int64(sequence)), counter: counter)
        return Change(
            id: id, table: "customers", row: RowID(id), operation: .create([Field("name", .text(name))]),
            version: Version(clock: clock, station: id.station), pred: [], author: "a", schema: 1)
    }

    /// SZ01 as the log holds it after `pushed` changes made by `change`.
    static func station(pushed: UInt64, revoked: Bool = false, bound: Bool = true) -> RelayStation {
        RelayStation(
            code: "SZ01", name: nil, station: bound ? sz : nil, revoked: revoked, lastSeen: nil, pushedSequence: pushed,
            pushedClock: pushed == 0 ? 0 : change(pushed).version.clock.rawValue, pushedCount: pushed, cursor: 0)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var station: RelayStation?
        var changes: [Change]
        /// What the log already holds at the push's old sequences.
        var stored: [Change] = []
        /// The refusal expected, or nil for an acceptance.
        var refusal: RelayLogError.Code?
        /// For an acceptance: fresh changes, duplicates, and the pushed sequence after.
        var accepted: (fresh: Int, duplicates: Int, sequence: UInt64) = (0, 0, 0)

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a first push", station: station(pushed: 0), changes: [change(1), change(2)], accepted: (2, 0, 2)),
        Case(name: "an empty push", station: station(pushed: 3), changes: [], accepted: (0, 0, 3)),
        Case(name: "an unknown token", station: nil, changes: [change(1)], refusal: .badToken),
        Case(name: "a revoked token", station: station(pushed: 0, revoked: true), changes: [change(1)], refusal: .revoked),
        Case(name: "no hello yet", station: station(pushed: 0, bound: false), changes: [change(1)], refusal: .unknownStation),
        Case(name: "another station's change", station: station(pushed: 0), changes: [change(1), change(1, station: gz)], refusal: .foreignStation),
        Case(name: "a gap", station: station(pushed: 2), changes: [change(4)], refusal: .sequenceGap),
        Case(name: "a gap inside the push", station: station(pushed: 0), changes: [change(1), change(3)], refusal: .sequenceGap),
        Case(
            name: "a retried push", station: station(pushed: 2), changes: [change(1), change(2), change(3)], stored: [change(1), change(2)],
            accepted: (1, 2, 3)),
        Case(
            name: "a reused id with other content", station: station(pushed: 2), changes: [change(2, name: "B")], stored: [change(2)],
            refusal: .restoredDatabase),
        Case(name: "a restarted sequence the log lost", station: station(pushed: 2), changes: [change(1)], refusal: .restoredDatabase),
        Case(name: "a clock not after the last", station: station(pushed: 1), changes: [change(2, ahead: -60_000)], refusal: .malformed),
        Case(name: "five minutes ahead is allowed", station: station(pushed: 0), changes: [change(1, ahead: 5 * 60_000)], accepted: (1, 0, 1)),
        Case(name: "past five minutes ahead", station: station(pushed: 0), changes: [change(1, ahead: 6 * 60_000 + 10_000)], refusal: .clockAhead),
        Case(
            name: "a clock-ahead change after good ones refuses all", station: station(pushed: 0),
            changes: [change(1), change(2, ahead: 3_600_000)], refusal: .clockAhead),
        Case(name: "a sequence out of range", station: station(pushed: 0), changes: [change(1 << 41)], refusal: .malformed),
    ]

    @Test(arguments: cases) func verdict(_ row: Case) {
        let check = PushCheck(station: row.station, rules: PushRules(now: Self.now))
        let stored = Dictionary(uniqueKeysWithValues: row.stored.map { ($0.id, $0) })
        switch (check.verdict(row.changes, stored: stored), row.refusal) {
        case (.refuse(let error), let expected?):
            #expect(error.code == expected, "\(error.message)")
            #expect(!error.message.isEmpty)
        case (.accept(let acceptance), nil):
            #expect(acceptance.fresh.count == row.accepted.fresh)
            #expect(acceptance.duplicates == row.accepted.duplicates)
            #expect(acceptance.pushedSequence == row.accepted.sequence)
            #expect(acceptance.fresh.last?.version.clock.rawValue ?? row.station?.pushedClock == acceptance.pushedClock)
        case (let verdict, _):
            Issue.record("\(row.name): expected \(row.refusal.map { "\($0)" } ?? "an acceptance"), got \(verdict)")
        }
    }

    /// The log looks up only the push's sequences at or below what it holds.
    @Test func onlyOldSequencesAreLookedUp() {
        let check = PushCheck(station: Self.station(pushed: 5), rules: PushRules(now: Self.now))
        #expect(check.sequencesToLookUp([Self.change(4), Self.change(5), Self.change(6)]) == 4...5)
        #expect(check.sequencesToLookUp([Self.change(6)]) == nil)
        #expect(PushCheck(station: nil, rules: PushRules(now: Self.now)).sequencesToLookUp([Self.change(1)]) == nil)
    }
}
