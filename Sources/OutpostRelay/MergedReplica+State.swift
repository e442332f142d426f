import Foundation
import OutpostCore
package import OutpostStore

extension MergedReplica {
    /// How far behind the replica the latest copy may be and still serve a new station, which
    /// pulls the rest: one pull batch. Further behind, a new copy is frozen, so a station
    /// bootstrapping after a large push gets its rows as state, not as history to replay.
    static let stateCopyLag: UInt64 = 5_000

    /// The copy serving the state at the replica's current position, frozen now unless the
    /// latest copy is at most `stateCopyLag` changes behind (`docs/ARCHITECTURE.md`, "Bootstrap").
    ///
    /// The position is read from the copy itself: it was committed with the batches it covers
    /// and copied in the same read transaction, so the state never claims more than it holds.
    package func freezeState() throws -> (position: UInt64, copy: StateCopy) {
        let current = try position()
        if let latest = stateCopies.last, let position = try Self.position(of: latest), current - min(position, current) <= Self.stateCopyLag {
            Self.touch(latest.path)
            return (position, latest)
        }
        let frozen = store.path + ".state-new"
        let position = try StateCopy.freeze(store, into: frozen, reading: Self.positionKey).flatMap(UInt64.init) ?? 0
        let path = Self.copyPath(store.path, position)
        StateCopy.remove(at: path)
        try FileManager.default.moveItem(atPath: frozen, toPath: path)
        let copy = try StateCopy(path: path, schema: store.schema)
        stateCopies.removeAll { $0.path == path }
        // An older copy goes once no download has asked for it for `stateCopyIdle` seconds, so a
        // download in progress never finds its position gone.
        stateCopies.removeAll { old in
            guard Self.age(of: old.path) >= Self.stateCopyIdle else { return false }
            StateCopy.remove(at: old.path)
            return true
        }
        stateCopies.append(copy)
        return (position, copy)
    }

    /// The copy at `position`, if it is still kept (also one a previous run of the relay left).
    package func stateCopy(at position: UInt64) throws -> StateCopy? {
        let path = Self.copyPath(store.path, position)
        if let kept = stateCopies.first(where: { $0.path == path }) {
            Self.touch(path)
            return kept
        }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        Self.touch(path)
        let copy = try StateCopy(path: path, schema: store.schema)
        stateCopies.insert(copy, at: 0)
        return copy
    }

    /// Seconds an older copy is kept after a download last asked for one of its chunks.
    static let stateCopyIdle: Double = 600

    /// Marks a copy as in use now (its file's modification time), for `stateCopyIdle`.
    static func touch(_ path: String) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    }

    static func age(of path: String) -> Double {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        return modified.map { Date().timeIntervalSince($0) } ?? .infinity
    }

    static func copyPath(_ replica: String, _ position: UInt64) -> String { "\(replica).state-\(position)" }

    static func position(of copy: StateCopy) throws -> UInt64? {
        try copy.setting(positionKey).flatMap(UInt64.init)
    }
}
