import Foundation
import GRDB
import OutpostCore

/// The stations this replica has heard of, by local integer handle, and how far each station's
/// changes have been applied. Loaded once per transaction; new stations are inserted as met.
///
/// A station's progress is its last log row (log ids pack station and first sequence), so no
/// transaction writes a counter besides the log row it adds.
struct StationDirectory {
    struct Entry {
        var handle: Int64
        var station: StationID
        var code: String?
        /// Every change 1...appliedSequence of this station has been received (applied or pending).
        var appliedSequence: UInt64
        /// The clock of change `appliedSequence`; a station's clocks increase with its sequence,
        /// so a version of this station is applied exactly when its clock is at most this.
        var appliedClock: UInt64
    }

    private(set) var entries: [Int64: Entry] = [:]
    private var handles: [StationID: Int64] = [:]
    private var codes: [String: Int64] = [:]
    /// Stations whose code this transaction learned, to be written.
    private var learnedCodes: [Int64] = []
    /// The highest clock of any applied change: the replica's clock (see `LocalWrite`).
    private(set) var highestAppliedClock: UInt64 = 0

    /// Every station with its progress: its last log row's (one index seek per station), else
    /// what a heads-only bootstrap recorded as applied without log rows here
    /// (`outpost_state_floor`; `docs/ARCHITECTURE.md`, "Bootstrap").
    init(_ db: Database) throws {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT handle, station, code,
                        max(
                            coalesce(
                                (SELECT last_sequence FROM outpost_log WHERE id BETWEEN handle << 40 AND (handle << 40) + \(BatchApplier.maximumSequence)
                                 ORDER BY id DESC LIMIT 1), 0),
                            coalesce((SELECT sequence FROM outpost_state_floor WHERE station = handle), 0)),
                        max(
                            coalesce(
                                (SELECT last_clock FROM outpost_log WHERE id BETWEEN handle << 40 AND (handle << 40) + \(BatchApplier.maximumSequence)
                                 ORDER BY id DESC LIMIT 1), 0),
                            coalesce((SELECT clock FROM outpost_state_floor WHERE station = handle), 0))
                    FROM outpost_stations
                    """))
        for row in rows {
            guard let station = StationID(bytes: Array(row[1] as Data)) else { continue }
            insert(
                Entry(
                    handle: row[0], station: station, code: row[2],
                    appliedSequence: UInt64(bitPattern: row[3] ?? 0), appliedClock: UInt64(bitPattern: row[4] ?? 0)
                ))
        }
    }

    private mutating func insert(_ entry: Entry) {
        entries[entry.handle] = entry
        handles[entry.station] = entry.handle
        if let code = entry.code { codes[code] = entry.handle }
        highestAppliedClock = max(highestAppliedClock, entry.appliedClock)
    }

    /// The handle of a station, registering it if this replica has not met it before.
    mutating func handle(for station: StationID, _ db: Database) throws -> Int64 {
        if let handle = handles[station] { return handle }
        try db.execute(sql: "INSERT INTO outpost_stations (station) VALUES (?)", arguments: [Data(station.bytes)])
        let entry = Entry(handle: db.lastInsertedRowID, station: station, code: nil, appliedSequence: 0, appliedClock: 0)
        insert(entry)
        return entry.handle
    }

    func existingHandle(for station: StationID) -> Int64? { handles[station] }

    func handle(forCode code: String) -> Int64? { codes[code] }

    subscript(handle: Int64) -> Entry? { entries[handle] }

    /// Unpacks a row's bookkeeping, whose versions name stations by handle.
    func unpack(_ data: Data, columnCount: Int) throws -> StoredRow {
        try unpack(Array(data), columnCount: columnCount)
    }

    func unpack(_ bytes: [UInt8], columnCount: Int) throws -> StoredRow {
        try StoredRow(unpacking: bytes, columnCount: columnCount) { handle in
            guard let entry = entries[handle] else {
                throw StoreError(.malformedChange, "bookkeeping names unknown station handle \(handle)")
            }
            return entry.station
        }
    }

    func isApplied(_ version: Version) -> Bool {
        guard let handle = handles[version.station], let entry = entries[handle] else { return false }
        return version.clock.rawValue <= entry.appliedClock
    }

    /// Whether a heads-only bootstrap counted this change of the station as applied.
    func isBelowStateFloor(_ handle: Int64, _ sequence: UInt64, _ db: Database) throws -> Bool {
        let floor = try Int64.fetchOne(db.cachedStatement(sql: "SELECT sequence FROM outpost_state_floor WHERE station = ?"), arguments: [handle])
        return floor.map { sequence <= UInt64(bitPattern: $0) } ?? false
    }

    mutating func markApplied(_ handle: Int64, sequence: UInt64, clock: UInt64) {
        entries[handle]?.appliedSequence = sequence
        entries[handle]?.appliedClock = clock
        highestAppliedClock = max(highestAppliedClock, clock)
    }

    /// Records the code a station announced in its `stations` row; codes are unique.
    mutating func setCode(_ code: String, for handle: Int64) throws {
        if let other = codes[code], other != handle {
            throw StoreError(
                .duplicateStationCode,
                "station code \(code) already belongs to another station database; this database must be enrolled again under a new code")
        }
        entries[handle]?.code = code
        codes[code] = handle
        learnedCodes.append(handle)
    }

    /// Writes the codes learned since the directory was loaded or last written.
    mutating func writeCodes(_ db: Database) throws {
        for handle in learnedCodes {
            try db.cachedStatement(sql: "UPDATE outpost_stations SET code = ? WHERE handle = ?").execute(arguments: [entries[handle]?.code, handle])
        }
        learnedCodes = []
    }
}
