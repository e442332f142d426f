package import GRDB

/// How long a commit waits for the disk (SQLite's `synchronous`, in WAL mode).
package enum Durability: Sendable {
    /// A commit returns once it would survive a power cut (`FULL`: the log is synced at every
    /// commit). A clerk is told an edit is saved, and a relay acknowledges a push, only when the
    /// commit returns, so this is what stations and relays use.
    case powerCut
    /// A commit survives the program crashing but may be lost to a power cut (`NORMAL`, GRDB's
    /// WAL default). For measurements only: the benchmark shows what waiting for the disk costs.
    case programCrash
}

extension DatabasePool {
    /// A replica's page cache, in KiB (`docs/ARCHITECTURE.md`, "Measured hot paths").
    package static let replicaCacheKiB = 65_536

    /// Opens an Outpost database (WAL) with the settings its hot paths were measured with.
    ///
    /// - Parameter pageCache: a 64 MiB page cache (`docs/ARCHITECTURE.md`, "Measured hot paths"), for replicas.
    package static func outpost(path: String, durability: Durability, pageCache: Bool) throws -> DatabasePool {
        var configuration = Configuration()
        // Another process (a clerk's command beside `sync --watch`, `outpost-relay station revoke`
        // beside `serve`) may hold the write lock briefly.
        configuration.busyMode = .timeout(30)
        if pageCache {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = \(-replicaCacheKiB)") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        // Only the writer connection commits. GRDB sets NORMAL when it enables WAL, after
        // `prepareDatabase` has run, so this is set once the pool is open.
        if durability == .powerCut {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        return pool
    }
}

extension DatabaseMigrator {
    /// Brings the database up to date, but refuses one written by a newer Outpost (it has
    /// migrations this build lacks): its rows may be in a form this build would misread, and then
    /// write back.
    package func migrate(_ writer: any DatabaseWriter, refusingNewerAt path: String) throws {
        if try writer.read({ try hasBeenSuperseded($0) }) {
            throw StoreError(.newerDatabase, "\(path) was written by a newer Outpost: open it with that version or a newer one, never an older one")
        }
        try migrate(writer)
    }
}

extension DatabaseWriter {
    /// How this database's commits wait for the disk, as its writer connection reports it.
    package func durability() throws -> Durability {
        try writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous")! >= 2 ? .powerCut : .programCrash }
    }
}
