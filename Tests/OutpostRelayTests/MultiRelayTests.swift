import Foundation
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import Synchronization
import Testing

/// Two relays in this process, each with its own client on one PostgreSQL log, as two relay
/// processes would be: what one relay commits the other serves, in an order no cursor can skip.
@Suite struct MultiRelayTests {
    /// Two relays on one fresh database, with their own folders for the merged replicas.
    struct Pair {
        let location: PostgresLocation
        let first: LocalRelay
        let second: LocalRelay
        let firstLog: PostgresRelayLog
        let directory: URL
        let clock = ManualClock()

        init?(_ name: String = #function) async throws {
            guard let location = try await TestPostgres.freshDatabase(for: name) else { return nil }
            self.location = location
            directory = try temporaryDirectory(name)
            firstLog = try await PostgresRelayLog(location)
            let replicas = [directory.appendingPathComponent("a"), directory.appendingPathComponent("b")]
            for folder in replicas { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            first = try await LocalRelay(directory: replicas[0], log: firstLog, wallClock: clock.reading)
            second = try await LocalRelay(directory: replicas[1], log: try await PostgresRelayLog(location), wallClock: clock.reading)
        }

        func station(_ code: String, seed: UInt64, via relay: LocalRelay) async throws -> SyncedStation {
            try await enrolledStation(code, seed: seed, log: relay.log, url: relay.url, in: directory, clock: clock)
        }
    }

    /// Relay A takes positions 1–3 and is held before committing; relay B's push queues behind
    /// it; a station pulling from B in between sees nothing yet and its cursor stays put; once A
    /// commits, B's push takes 4–5 and the puller receives all five, in order.
    @Test func aPushCommittedLateOnOneRelayIsNeverSkippedByAPullOnTheOther() async throws {
        guard let pair = try await Pair() else { return }
        let sz = try await pair.station("SZ01", seed: 1, via: pair.first)
        let gz = try await pair.station("GZ02", seed: 2, via: pair.second)
        let bj = try await pair.station("BJ03", seed: 3, via: pair.second)
        for station in [sz, gz, bj] { try await station.sync() }
        try await bj.sync()
        // Each station's first sync pushed its own stations row.
        let start = try await pair.first.log.head()
        let cursor = try await pair.second.log.stations().first { $0.code == "BJ03" }?.cursor
        #expect(start == 3 && cursor == start)
        try sz.store.write(as: "a") { for name in ["甲", "乙", "丙"] { try $0.create("customers", [Field("name", .text(name))]) } }
        try gz.store.write(as: "b") { for name in ["丁", "戊"] { try $0.create("customers", [Field("name", .text(name))]) } }

        let (held, holding) = AsyncStream.makeStream(of: AppendOutcome.self)
        let (releases, release) = AsyncStream.makeStream(of: Void.self)
        pair.firstLog.beforeCommit { outcome in
            holding.yield(outcome)
            for await _ in releases {}
        }
        let first = Task { try await sz.sync() }
        var heldOutcomes = held.makeAsyncIterator()
        let taken = try #require(await heldOutcomes.next())
        #expect(taken.head == start + 3, "relay A took the next three positions and has not committed")

        let second = Task { try await gz.sync() }
        // B's push waits on the append lock A holds.
        var waited = 0
        while try await TestPostgres.advisoryLockWaiters(pair.location) == 0 {
            waited += 1
            try #require(waited < 200, "relay B's push never queued behind relay A's")
            try await Task.sleep(for: .milliseconds(25))
        }
        let early = try await bj.sync()
        #expect(early.pulled == 0, "nothing is committed yet")
        #expect(try await pair.second.log.read(after: start, excluding: nil, limits: ReadLimits(), upTo: nil).next == start)
        #expect(try await pair.second.log.stations().first { $0.code == "BJ03" }?.cursor == start, "the cursor did not move past A's positions")

        release.finish()
        let pushedFirst = try await first.value
        let pushedSecond = try await second.value
        #expect(pushedFirst.pushed == 3 && pushedSecond.pushed == 2)
        let slice = try await pair.second.log.read(after: start, excluding: nil, limits: ReadLimits(), upTo: nil)
        let (szID, gzID) = (try #require(try sz.store.localStation()).id, try #require(try gz.store.localStation()).id)
        #expect(slice.changes.map(\.id.station) == [szID, szID, szID, gzID, gzID], "A's positions first, then B's")
        let late = try await bj.sync()
        #expect(late.pulled == 5)
        try await sz.sync()
        #expect(try bj.dump() == sz.dump())
        #expect(try dumpTables(await pair.first.replica()) == sz.dump())
        #expect(try dumpTables(await pair.second.replica()) == sz.dump())
    }

    /// Many pushes through both relays at once, with a puller reading from either between them:
    /// every change arrives exactly once and the puller ends with everything.
    @Test func concurrentPushesThroughTwoRelaysAreAllPulledOnce() async throws {
        guard let pair = try await Pair() else { return }
        var pushers = [SyncedStation]()
        for index in 0..<6 {
            pushers.append(try await pair.station("P\(index)", seed: UInt64(index + 1), via: index.isMultiple(of: 2) ? pair.first : pair.second))
        }
        let puller = try await pair.station("PULL", seed: 99, via: pair.first)
        try await puller.sync()
        let rounds = 5
        try await withThrowingTaskGroup(of: Void.self) { group in
            for station in pushers {
                group.addTask {
                    for round in 0..<rounds {
                        try station.store.write(as: "a") { try $0.create("customers", [Field("name", .text("\(station.code)-\(round)"))]) }
                        try await station.sync()
                    }
                }
            }
            group.addTask {
                for round in 0..<20 {
                    try puller.store.setSetting(SyncSettings.relayURL, round.isMultiple(of: 2) ? pair.first.url : pair.second.url)
                    try await puller.sync()
                }
            }
            try await group.waitForAll()
        }
        try await puller.sync()
        for station in pushers { try await station.sync() }
        #expect(try puller.store.rows(of: "customers").count == pushers.count * rounds)
        for station in pushers { #expect(try station.dump() == puller.dump()) }
        // Each station's first sync also pushed its own stations row.
        #expect(try await pair.first.log.head() == UInt64(pushers.count * rounds + pushers.count + 1))
    }

    /// A token revoked through one relay's log is refused by the other at its next request.
    @Test func aRevocationOnOneRelayHoldsOnTheOtherAtOnce() async throws {
        guard let pair = try await Pair() else { return }
        let sz = try await pair.station("SZ01", seed: 1, via: pair.second)
        try await sz.sync()
        try await pair.first.log.revoke(code: "SZ01")
        try sz.store.write(as: "a") { try $0.create("customers", [Field("name", .text("A"))]) }
        await #expect { try await sz.sync() } throws: { ($0 as? SyncError)?.relayCode == "revoked" }
        #expect(try await pair.second.log.stations().first { $0.code == "SZ01" }?.revoked == true)
        #expect(try sz.store.syncState().unsent == 1)
    }

    /// Relays starting at once on an empty database: one creates the tables, all share them.
    @Test func relaysStartingAtOnceShareOneSchema() async throws {
        guard let location = try await TestPostgres.freshDatabase(for: #function) else { return }
        let logs = try await withThrowingTaskGroup(of: PostgresRelayLog.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresRelayLog(location) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let identities = Set(try await logs.asyncMap { try await $0.identity() })
        #expect(identities.count == 1)
        for log in logs { log.close() }
    }
}

extension Array where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results = [T]()
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
