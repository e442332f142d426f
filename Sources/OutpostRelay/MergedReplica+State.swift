import Foundation
import OutpostCore
package import OutpostStore

extension MergedReplica {
    /// How many frozen copies are kept: a download may finish on the previous one while a new
    /// station starts on the latest.
    static let keptStateCopies = 2

    /// The copy serving the state at the replica's current position, frozen now unless the
    /// latest copy is already at it (`docs/ARCHITECTURE.md`, "Bootstrap").
    ///
    /// The position is read from the copy itself: it was committed with the batches it covers
    /// and copied in the same read transaction, so the state never claims more than it holds.
    package func freezeState() throws -> (position: UInt64, copy: StateCopy) {
        let current = try position()
        // A copy younger than `stateCopyReuse` serves new stations too, even when the replica
        // has moved on (they pull the rest): copies are made at most that often, so each one is
        // kept, and its downloads resumable, for at least that long.
        if let latest = stateCopies.last, let position = try Self.position(of: latest),
            position == current || Self.age(of: latest.path) < Self.stateCopyReuse
        {
            return (position, latest)
        }
        let frozen = store.path + ".state-new"
        try StateCopy.freeze(store, into: frozen)
        let opened = try StateCopy(path: frozen, schema: store.schema)
        let position = try Self.position(of: opened) ?? 0
        let path = Self.copyPath(store.path, position)
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: frozen, toPath: path)
        let copy = try StateCopy(path: path, schema: store.schema)
        stateCopies.removeAll { $0.path == path }
        stateCopies.append(copy)
        while stateCopies.count > Self.keptStateCopies {
            let old = stateCopies.removeFirst()
            try? FileManager.default.removeItem(atPath: old.path)
        }
        return (position, copy)
    }

    /// The copy at `position`, if it is still kept (also one a previous run of the relay left).
    package func stateCopy(at position: UInt64) throws -> StateCopy? {
        let path = Self.copyPath(store.path, position)
        if let kept = stateCopies.first(where: { $0.path == path }) { return kept }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let copy = try StateCopy(path: path, schema: store.schema)
        stateCopies.insert(copy, at: 0)
        return copy
    }

    /// Seconds a copy serves new downloads before a newer one is frozen.
    static let stateCopyReuse: Double = 600

    static func age(of path: String) -> Double {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        return modified.map { Date().timeIntervalSince($0) } ?? .infinity
    }

    static func copyPath(_ replica: String, _ position: UInt64) -> String { "\(replica).state-\(position)" }

    static func position(of copy: StateCopy) throws -> UInt64? {
        try copy.setting(positionKey).flatMap(UInt64.init)
    }
}
