import Foundation
import GRDB
package import OutpostCore

/// A frozen copy of a replica, from which its state is served part by part
/// (`docs/ARCHITECTURE.md`, "Bootstrap"; `Protocol/README.md` §6, state-chunk).
///
/// The copy is taken in one read transaction, so everything in it (rows, progress, the log
/// position the replica records) belongs to one moment; it never changes afterwards, so a
/// download interrupted anywhere resumes with exactly the parts it would have received.
package struct StateCopy: Sendable {
    package let path: String
    private let reader: DatabaseQueue
    private let schema: Schema

    /// One part read from the copy, and where the next one starts.
    package struct Part: Sendable {
        package var part: StatePart
        /// The resume key of the next part: the last row's handle in the copy.
        package var next: UInt64
        package var isLast: Bool
    }

    /// Opens a copy made by `freeze` read-only.
    package init(path: String, schema: Schema = .outpost) throws {
        var configuration = Configuration()
        configuration.readonly = true
        self.path = path
        self.schema = schema
        reader = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Copies `store`'s database into `path` page by page in one read transaction, through a
    /// file beside it renamed into place, so a copy cut short is never served.
    ///
    /// - Returns: the copy's setting `key`, read from the copy itself before it is closed (the
    ///   relay names the copy's file after the log position it holds).
    @discardableResult
    package static func freeze(_ store: StationStore, into path: String, reading key: String? = nil) throws -> String? {
        let partial = path + ".partial"
        remove(at: partial)
        let target = try DatabaseQueue(path: partial)
        try store.writer.backup(to: target)
        let value = try key.flatMap { key in
            try target.read { db in try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [key]) }
        }
        // The last connection to close removes the copy's write-ahead log and shared memory.
        try target.close()
        remove(at: path)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return value
    }

    /// Deletes a copy with the write-ahead log and shared-memory files a reader may have left.
    package static func remove(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A setting the copied replica holds (the relay keeps its log position there).
    package func setting(_ key: String) throws -> String? {
        try reader.read { db in try String.fetchOne(db, sql: "SELECT value FROM outpost_settings WHERE key = ?", arguments: [key]) }
    }

    /// The rows after resume key `after`, at most `maxRows` and about `maxBytes`; the first part
    /// (`after` 0) carries every station's progress, the last the changes held outside the heads.
    package func part(after: UInt64, maxRows: Int, maxBytes: Int) throws -> Part {
        try reader.read { db in
            let directory = try StationDirectory(db)
            var part = StatePart()
            if after == 0 {
                part.progress = directory.entries.values.filter { $0.appliedSequence > 0 }
                    .map {
                        StateProgress(
                            station: $0.station, sequence: $0.appliedSequence, clock: Timestamp(rawValue: $0.appliedClock), code: $0.code ?? "")
                    }
                    .sorted { $0.station < $1.station }
            }
            var interned = [StationID: Int64]()
            func index(_ station: StationID) -> Int64 {
                if let index = interned[station] { return index }
                interned[station] = Int64(part.stationIDs.count)
                part.stationIDs.append(station)
                return Int64(part.stationIDs.count - 1)
            }
            var selects = [Int: Statement]()
            var bytes = 0
            var next = after
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT handle, state FROM outpost_rows WHERE handle > ? ORDER BY handle", arguments: [Int64(bitPattern: after)])
            var isLast = true
            while let found = try cursor.next() {
                if part.rows.count >= maxRows || bytes >= maxBytes {
                    isLast = false
                    break
                }
                let handle: Int64 = found[0]
                let number = BatchApplier.tableNumber(of: handle)
                guard schema.tables.indices.contains(number), let station = directory[handle >> 44]?.station else {
                    throw StoreError(.malformedChange, "bookkeeping row \(handle) names a table or station this replica does not have")
                }
                let table = schema.tables[number]
                let stored = try directory.unpack(found[1] as Data, columnCount: table.columns.count)
                var values = [Value]()
                if stored.state.isCreated {
                    if selects[number] == nil {
                        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
                        selects[number] = try db.makeStatement(sql: "SELECT \(columns) FROM \(table.name) WHERE rowid = ?")
                    }
                    guard let domain = try selects[number]!.fetchFirstValues(values: [handle.databaseValue]) else {
                        throw StoreError(.malformedChange, "row \(handle) of \(table.name) has bookkeeping but no domain row")
                    }
                    values = domain
                }
                let packed = StoredRow(state: stored.state).pack { index($0) }
                bytes += packed.count + values.reduce(0) { $0 + Self.size(of: $1) }
                let row = RowID(station: station, sequence: UInt64(handle >> 4) & BatchApplier.maximumSequence)
                part.rows.append(StateRow(table: number, row: row, values: values, state: packed))
                next = UInt64(bitPattern: handle)
            }
            if isLast {
                for sql in ["SELECT change FROM outpost_pending", "SELECT change FROM outpost_waiting"] {
                    let held = try Data.fetchCursor(db, sql: sql)
                    while let data = try held.next() { part.held += try ChangeBatch.decode(Array(data)) }
                }
                part.held.sort { $0.id < $1.id }
            }
            return Part(part: part, next: next, isLast: isLast)
        }
    }

    /// About a value's bytes on the wire, for bounding a part.
    private static func size(of value: Value) -> Int {
        switch value {
        case .text(let text): text.utf8.count + 3
        case .blob(let blob): blob.count + 3
        default: 9
        }
    }
}
