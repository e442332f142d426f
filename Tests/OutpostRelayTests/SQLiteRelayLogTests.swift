import Foundation
import OutpostCore
import OutpostRelayStore
import OutpostStore
import OutpostTestSupport
import Testing

/// What only the SQLite log has: a file on the relay's disk.
@Suite struct SQLiteRelayLogTests {
    /// GRDB opens WAL databases with `synchronous = NORMAL`, which a power cut can roll back: a
    /// push acknowledged to a station must survive one.
    @Test func aPushWaitsForTheDiskSoAPowerCutKeepsIt() throws {
        let relayLog = try SQLiteRelayLog(path: try temporaryDirectory().appendingPathComponent("relay.db").path)
        #expect(try relayLog.durability() == .powerCut)
    }

    /// An older build would misread a log a newer one wrote, and could write it back.
    @Test func aLogFromANewerOutpostIsRefusedUntouched() throws {
        let relayLog = try temporaryDirectory().appendingPathComponent("relay.db").path
        _ = try SQLiteRelayLog(path: relayLog)
        try RawSQLite.execute(relayLog, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        #expect { try SQLiteRelayLog(path: relayLog) } throws: { ($0 as? StoreError)?.code == .newerDatabase }
    }

    /// Writes that arrive together share one commit (`docs/ARCHITECTURE.md`, "Relay log"), yet
    /// each push is appended exactly once, a push retried while the first is still on its way is
    /// a duplicate, a refused push among them takes nothing of the others with it, and every
    /// acknowledged change is in the log when it is opened again, as after a restart.
    @Test func pushesArrivingTogetherAreEachAcknowledgedOnceAndSurviveAReopen() async throws {
        let path = try temporaryDirectory().appendingPathComponent("relay.db").path
        let now = PushCheckTests.now
        let stations = (1...24).map { StationID(high: UInt64($0), low: 77) }
        func token(_ index: Int) -> [UInt8] { [UInt8](repeating: UInt8(index), count: 32) }
        func changes(_ station: StationID) -> [Change] { (1...3).map { PushCheckTests.change($0, station: station, name: "客户 \($0)") } }
        let acknowledged = try await {
            let log = try SQLiteRelayLog(path: path)
            for (index, station) in stations.enumerated() {
                try await log.enrol(code: "S\(index)", name: nil, tokenHash: token(index), now: now)
                _ = try await log.bind(code: "S\(index)", to: station, now: now)
            }
            // Each station's push twice at once (a retry racing the original), and a push of a
            // change stamped with the next station's id, which must be refused.
            return try await withThrowingTaskGroup(of: (index: Int, outcome: AppendOutcome?).self) { group in
                for (index, station) in stations.enumerated() {
                    for _ in 0..<2 {
                        group.addTask { (index, try await log.append(changes(station), tokenHash: token(index), rules: PushRules(now: now))) }
                    }
                    group.addTask {
                        let foreign = [PushCheckTests.change(1, station: stations[(index + 1) % stations.count])]
                        await #expect { try await log.append(foreign, tokenHash: token(index), rules: PushRules(now: now)) } throws: {
                            ($0 as? RelayLogError)?.code == .foreignStation
                        }
                        return (index, nil)
                    }
                }
                return try await group.reduce(into: [Int: [AppendOutcome]]()) { all, answer in
                    if let outcome = answer.outcome { all[answer.index, default: []].append(outcome) }
                }
            }
        }()
        for index in stations.indices {
            let outcomes = acknowledged[index] ?? []
            #expect(outcomes.count == 2)
            #expect(outcomes.map(\.appended).sorted() == [0, 3], "station \(index) appended once")
            #expect(outcomes.map(\.duplicates).sorted() == [0, 3])
            #expect(outcomes.allSatisfy { $0.pushedSequence == 3 })
        }

        let reopened = try SQLiteRelayLog(path: path)
        #expect(try await reopened.head() == UInt64(stations.count * 3))
        let slice = try await reopened.read(after: 0, excluding: nil, limits: ReadLimits(maxChanges: 1_000), upTo: nil)
        #expect(!slice.more)
        #expect(Set(slice.changes.map(\.id)) == Set(stations.flatMap { changes($0).map(\.id) }))
        #expect(slice.changes.count == stations.count * 3)
        for (index, station) in stations.enumerated() {
            #expect(try await reopened.station(tokenHash: token(index))?.pushedSequence == 3)
            #expect(slice.changes.filter { $0.id.station == station } == changes(station))
        }
    }
}
