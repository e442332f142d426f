import OutpostCore

/// A row's bookkeeping as stored in `outpost_rows.state`: its merge state and the log rows that
/// hold its history. Stations are referred to by local handle, clocks as varints.
///
/// Migration `v3-log-by-station` reads and writes this format: changing it needs a migration of
/// its own that runs after v3, and v3 must keep a reader of today's format.
struct StoredRow {
    var state: RowState
    /// `outpost_log.id`s of the batches that touched this row, ascending.
    var log: [Int64]

    init(state: RowState, log: [Int64] = []) {
        self.state = state
        self.log = log
    }

    /// Packs the row. A created row's single-head scalar values are elided: the domain row
    /// holds them (DESIGN §6).
    func pack(stationHandle: (StationID) throws -> Int64) rethrows -> [UInt8] {
        var out = ByteWriter(capacity: 64)
        // Most versions of a row come from one or two stations: remember the last lookup.
        var last: (station: StationID, handle: Int64)?
        func version(_ version: Version) throws {
            out.writeVarint(version.clock.rawValue)
            if last?.station != version.station { last = (version.station, try stationHandle(version.station)) }
            out.writeVarint(UInt64(last!.handle))
        }
        out.writeByte((state.created == nil ? 0 : 1) | (state.latest == nil ? 0 : 2))
        if let created = state.created { try version(created) }
        if let latest = state.latest { try version(latest) }

        let scalars = state.fields.indices.filter { !state.fields[$0].isEmpty }
        out.writeVarint(UInt64(scalars.count))
        for position in scalars {
            let register = state.fields[position]
            let elide = state.isCreated && register.heads.count == 1
            out.writeVarint(UInt64(position))
            out.writeVarint(UInt64(register.heads.count))
            for head in register.heads {
                try version(head.version)
                if elide { out.writeByte(0) } else { out.writeByte(1); out.write(head.payload) }
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
        if flags & 1 != 0 { state.created = try version() }
        if flags & 2 != 0 { state.latest = try version() }

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
