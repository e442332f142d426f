import Foundation
import OutpostCore
import OutpostStore
import OutpostTestSupport
import Testing

/// A station bootstrapped from another replica's state (`docs/ARCHITECTURE.md`, "Bootstrap")
/// holds exactly what a station that replayed the whole log holds: the same domain tables,
/// open conflicts and `outpost verify` fingerprints, on the convergence test's schedules; and
/// after further edits everywhere, both still converge with everyone.
///
/// `OUTPOST_SCHEDULES`, `OUTPOST_SEED_FROM` and `OUTPOST_SEED` choose the seeds as for
/// `ConvergenceTests` (default here: the first 100).
@Suite struct StateBootstrapTests {
    @Test func stateBootstrapEqualsReplayOnRandomSchedules() throws {
        let seeds = ConvergenceTests.seeds(defaultCount: 100)
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for seed in seeds {
            let directory = root.appendingPathComponent("\(seed)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                let failures = try Self.bootstrapAndCompare(seed: seed, directory: directory)
                for failure in failures { Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(failure)") }
                if !failures.isEmpty { return }
            } catch {
                Issue.record("seed \(seed) (replay with OUTPOST_SEED=\(seed)): \(error)")
                return
            }
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Runs a schedule, bootstraps one new station from station 0's state in small resumed
    /// parts and another by replaying station 0's log, compares them; then everyone edits more,
    /// everything is exchanged, and everyone is compared again.
    static func bootstrapAndCompare(seed: UInt64, directory: URL) throws -> [String] {
        var schedule = try Schedule(seed: seed, directory: directory)
        try schedule.run()
        let source = schedule.stations[0]
        let clock = ManualClock(source.clock.now())
        let fromState = try TestStation("NEWS", in: directory, seed: seed &+ 1, clock: clock)
        let replayed = try TestStation("NEWR", in: directory, seed: seed &+ 2, clock: clock)

        var random = SplitMix64(seed: seed ^ 0x5EED)
        let parts = try bootstrap(fromState, from: source, directory: directory, &random)
        try replayed.store.apply(try source.store.loggedChanges())
        #expect(parts >= 1)
        #expect(try fromState.store.lacksHistory())
        // The two newcomers hear of each other; the state's station gets the whole log again,
        // every change below its state's progress a duplicate.
        try replayed.store.apply(try fromState.store.loggedChanges())
        try fromState.store.apply(try replayed.store.loggedChanges())
        var failures = try compare(fromState, replayed)

        // Further edits from everyone, the newcomers included, then everything everywhere.
        schedule.stations += [fromState, replayed]
        for _ in 0..<Int.random(in: 5...25, using: &random) {
            let station = schedule.stations[Int.random(in: 0..<schedule.stations.count, using: &random)]
            station.clock.advance(by: UInt64.random(in: 0...3, using: &random))
            try schedule.edit(station)
        }
        let everything = try schedule.stations.flatMap { try $0.store.loggedChanges() }
        for station in schedule.stations { try station.store.apply(everything.shuffled(using: &random)) }
        for station in schedule.stations.dropLast() where failures.isEmpty { failures += try compare(station, replayed) }
        return failures
    }

    /// Copies `source` and applies its state to `station` part by part, each part as small as a
    /// few rows, each resumed from the progress committed with the one before. Returns the parts.
    static func bootstrap(_ station: TestStation, from source: TestStation, directory: URL, _ random: inout SplitMix64) throws -> Int {
        let path = directory.appendingPathComponent("frozen-\(station.code).db").path
        try StateCopy.freeze(source.store, into: path)
        let copy = try StateCopy(path: path)
        var parts = 0
        while true {
            let after = try station.store.setting("test.state.after").flatMap(UInt64.init) ?? 0
            let read = try copy.part(
                after: after, maxRows: Int.random(in: 1...9, using: &random), maxBytes: Int.random(in: 64...8192, using: &random))
            try station.store.applyState(read.part, settings: ["test.state.after": String(read.next)])
            parts += 1
            if read.isLast { return parts }
        }
    }

    /// What a user would compare: every domain table, the open conflicts, and the fingerprints
    /// `outpost verify` compares.
    static func compare(_ station: TestStation, _ other: TestStation) throws -> [String] {
        var failures = [String]()
        if try station.dump() != other.dump() {
            failures.append("\(station.code) and \(other.code) differ:\n\(try station.dump())\n---\n\(try other.dump())")
        }
        if try station.store.openConflicts() != other.store.openConflicts() {
            failures.append("\(station.code) and \(other.code) show other open conflicts")
        }
        let mine = try station.store.stateDigest()
        let theirs = try other.store.stateDigest()
        if mine.vector != theirs.vector { failures.append("\(station.code) and \(other.code) hold other changes: \(mine.vector) / \(theirs.vector)") }
        if mine.fingerprint != theirs.fingerprint {
            let place =
                zip(mine.tables, theirs.tables).lazy.compactMap { a, b in
                    RowComparison.first(a.rows, b.rows).map { "\(a.table) \($0.row): \($0.difference)" }
                }.first ?? "no row"
            failures.append("\(station.code)'s state fingerprint differs from \(other.code)'s, first at \(place)")
        }
        return failures
    }

    /// A part that does not fit changes nothing, and the download resumes where it was.
    @Test func aRefusedPartChangesNothingAndTheDownloadResumes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var schedule = try Schedule(seed: 7, directory: directory)
        try schedule.run()
        let source = schedule.stations[0]
        let station = try TestStation("NEWS", in: directory, seed: 71, clock: ManualClock(source.clock.now()))
        let replayed = try TestStation("NEWR", in: directory, seed: 72, clock: ManualClock(source.clock.now()))
        let path = directory.appendingPathComponent("frozen.db").path
        try StateCopy.freeze(source.store, into: path)
        let copy = try StateCopy(path: path)

        let first = try copy.part(after: 0, maxRows: 3, maxBytes: 1 << 20)
        try station.store.applyState(first.part, settings: ["test.state.after": String(first.next)])
        let second = try copy.part(after: first.next, maxRows: 40, maxBytes: 1 << 20)
        let before = try station.dump()
        var hostile = [StatePart]()
        // A shown value its heads do not give: a set column's JSON (a single head's value is the
        // row's own, so there is nothing to check it against).
        var tampered = second.part
        let setColumn = { (row: StateRow) in Schema.outpost.tables[row.table].columns.firstIndex(where: \.isSet) }
        if let index = tampered.rows.firstIndex(where: { !$0.values.isEmpty && setColumn($0) != nil }) {
            tampered.rows[index].values[setColumn(tampered.rows[index])!] = .text("[\"not what the heads say\"]")
            hostile.append(tampered)
        }
        // A table this schema lacks, a station index past the list, values for the wrong columns,
        // a row already here, a truncated merge state, history references.
        for damage in 0..<6 {
            var part = second.part
            guard !part.rows.isEmpty else { break }
            switch damage {
            case 0: part.rows[0].table = 15
            case 1: part.rows[0].state = [1, 0, 200]
            case 2: part.rows[0].values.append(.integer(1))
            case 3: part.rows.append(first.part.rows[0])
            case 4: part.rows[0].state.removeLast()
            default: part.stationIDs = []
            }
            hostile.append(part)
        }
        #expect(hostile.count == 7)
        for part in hostile {
            #expect(throws: StoreError.self) { try station.store.applyState(part, settings: ["test.state.after": "999"]) }
            #expect(try station.dump() == before)
            #expect(try station.store.setting("test.state.after") == String(first.next))
        }
        // Resumed where it stopped, it ends as the replayed station.
        var after = first.next
        while true {
            let read = try copy.part(after: after, maxRows: 5, maxBytes: 1 << 20)
            try station.store.applyState(read.part, settings: ["test.state.after": String(read.next)])
            if read.isLast { break }
            after = read.next
        }
        try replayed.store.apply(try source.store.loggedChanges())
        try replayed.store.apply(try station.store.loggedChanges())
        try station.store.apply(try replayed.store.loggedChanges())
        #expect(try Self.compare(station, replayed) == [])
    }
}
