import OutpostCore

/// A row's bookkeeping as stored in `outpost_rows.state`: its merge state and the log rows that
/// hold its history. Stations are referred to by local handle, clocks as varints.
///
/// Migration `v3-log-by-station` reads and writes this format. A change to it must keep reading
/// every earlier form, as the creation column set (flags 4 and 8) does: rows written before it
/// are read as they are and take the new form when next written. It also needs a migration, even
/// an empty one (`v4-creation-column-set`), so older builds, which would misread it, refuse the file.
struct StoredRow {
    var state: RowState
    /// `outpost_log.id`s of the batches that touched this row, ascending.
    var log: [Int64]

    init(state: RowState, log: [Int64] = []) {
        self.state = state
        self.log = log
    }

    /// Header flags: which versions follow, and in what form.
    private enum Flag {
        static let created: UInt8 = 1
        static let latest: UInt8 = 2
        /// A column set follows the versions: the fields whose only head is the creation.
        static let fromCreation: UInt8 = 4
        /// `latest` is `created` and is not written again (a row never edited since).
        static let latestIsCreated: UInt8 = 8
        static let all: UInt8 = 15
    }

    /// Packs the row. A created row's single-head scalar values are elided: the domain row
    /// holds them (`docs/ARCHITECTURE.md`, "Bookkeeping rows"). A field still holding only its creation's value (most fields of
    /// most rows) is one bit of a column set rather than a version of its own.
    func pack(stationHandle: (StationID) throws -> Int64) rethrows -> [UInt8] {
        var out = ByteWriter(capacity: 64)
        // Most versions of a row come from one or two stations: remember the last lookup.
        var last: (station: StationID, handle: Int64)?
        func version(_ version: Version) throws {
            out.writeVarint(version.clock.rawValue)
            if last?.station != version.station { last = (version.station, try stationHandle(version.station)) }
            out.writeVarint(UInt64(last!.handle))
        }
        let fromCreation = state.fieldsFromCreation
        let latestIsCreated = state.created != nil && state.latest == state.created
        var flags: UInt8 = state.created == nil ? 0 : Flag.created
        if state.latest != nil { flags |= Flag.latest }
        if latestIsCreated { flags |= Flag.latestIsCreated }
        if !fromCreation.isEmpty { flags |= Flag.fromCreation }
        out.writeByte(flags)
        if let created = state.created { try version(created) }
        if let latest = state.latest, !latestIsCreated { try version(latest) }
        if !fromCreation.isEmpty { out.writeVarint(fromCreation.bits) }

        let scalars = state.occupiedFields.subtracting(fromCreation)
        out.writeVarint(UInt64(scalars.count))
        for position in scalars {
            let register = state.fields[position]
            let elide = state.isCreated && register.heads.count == 1
            out.writeVarint(UInt64(position))
            out.writeVarint(UInt64(register.heads.count))
            for head in register.heads {
                try version(head.version)
                if elide {
                    out.writeByte(0)
                } else {
                    out.writeByte(1)
                    out.write(head.payload)
                }
            }
            out.writeVarint(UInt64(register.tombstones.count))
            for tombstone in register.tombstones { try version(tombstone) }
        }

        let sets = state.elements.indices.filter { !state.elements[$0].isEmpty }
        out.writeVarint(UInt64(sets.count))
        for position in sets {
            let elements = state.elements[position].sorted { Value.byteOrder($0.key, $1.key) }
            out.writeVarint(UInt64(position))
            out.writeVarint(UInt64(elements.count))
            for (element, register) in elements {
                out.write(element)
                out.writeVarint(UInt64(register.heads.count))
                for head in register.heads {
                    try version(head.version)
                    out.writeByte(head.payload ? 1 : 0)
                }
                out.writeVarint(UInt64(register.tombstones.count))
                for tombstone in register.tombstones { try version(tombstone) }
            }
        }

        out.writeVarint(UInt64(log.count))
        var previous: Int64 = 0
        for id in log {
            out.writeVarint(UInt64(id - previous))
            previous = id
        }
        return out.bytes
    }

    init(unpacking bytes: [UInt8], columnCount: Int, station: (Int64) throws -> StationID) throws {
        var reader = ByteReader(bytes)
        var last: (handle: Int64, station: StationID)?
        func version() throws -> Version {
            let clock = try reader.readVarint()
            let handle = Int64(bitPattern: try reader.readVarint())
            if last?.handle != handle { last = (handle, try station(handle)) }
            return Version(clock: Timestamp(rawValue: clock), station: last!.station)
        }
        func position() throws -> Int { try reader.readCount(limit: columnCount - 1) }
        var state = RowState(columnCount: columnCount)
        let flags = try reader.readByte()
        guard flags & ~Flag.all == 0, flags & Flag.latestIsCreated == 0 || flags & (Flag.created | Flag.latest) == Flag.created | Flag.latest else {
            throw DecodingError(.malformed("bookkeeping flags \(flags)"), at: 0)
        }
        if flags & Flag.created != 0 { state.created = try version() }
        if flags & Flag.latest != 0 { state.latest = flags & Flag.latestIsCreated != 0 ? state.created : try version() }
        if flags & Flag.fromCreation != 0 {
            let bits = try reader.readVarint()
            guard state.created != nil, columnCount <= ColumnSet.capacity, bits >> columnCount == 0 else {
                throw DecodingError(
                    .malformed("fields from a creation that is not there, or past the row's \(columnCount) columns"), at: reader.offset)
            }
            state.restoreFromCreation(ColumnSet(bits: bits))
        }

        for _ in 0..<(try reader.readCount(limit: columnCount)) {
            let column = try position()
            var heads = [Register<Value>.Head]()
            for _ in 0..<(try reader.readCount(limit: reader.remaining)) {
                let headVersion = try version()
                if try reader.readByte() == 1 {
                    heads.append(Register.Head(version: headVersion, payload: try reader.readValue()))
                } else {
                    heads.append(Register.Head(version: headVersion, payload: .null))
                    state.elided.insert(column)
                }
            }
            var tombstones = [Version]()
            for _ in 0..<(try reader.readCount(limit: reader.remaining)) { tombstones.append(try version()) }
            state.fields[column] = Register(ascending: heads, tombstones: tombstones)
        }

        for _ in 0..<(try reader.readCount(limit: columnCount)) {
            let column = try position()
            for _ in 0..<(try reader.readCount(limit: reader.remaining)) {
                let element = try reader.readValue()
                var heads = [Register<Bool>.Head]()
                for _ in 0..<(try reader.readCount(limit: reader.remaining)) {
                    let headVersion = try version()
                    heads.append(Register.Head(version: headVersion, payload: try reader.readByte() == 1))
                }
                var tombstones = [Version]()
                for _ in 0..<(try reader.readCount(limit: reader.remaining)) { tombstones.append(try version()) }
                state.elements[column][element] = Register(ascending: heads, tombstones: tombstones)
            }
        }

        var log = [Int64]()
        var previous: Int64 = 0
        for _ in 0..<(try reader.readCount(limit: reader.remaining)) {
            previous += Int64(bitPattern: try reader.readVarint())
            log.append(previous)
        }
        self.init(state: state, log: log)
    }
}
