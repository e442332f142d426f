import OutpostCore

// state-request and state-chunk (`Protocol/README.md` §6): the heads-only bootstrap.

extension Message {
    static func write(_ request: StateRequest, _ out: inout ByteWriter) {
        out.writeVarint(request.position)
        out.writeVarint(request.after)
    }

    static func readStateRequest(_ reader: inout ByteReader) throws(DecodingError) -> StateRequest {
        StateRequest(position: try reader.readVarint(), after: try reader.readVarint())
    }

    static func write(_ chunk: StateChunk, _ out: inout ByteWriter) {
        out.writeVarint(chunk.position)
        out.writeVarint(UInt64(clamping: chunk.schema))
        out.writeVarint(chunk.after)
        out.writeVarint(chunk.next)
        out.writeByte(chunk.isLast ? 1 : 0)
        let part = chunk.part
        out.writeVarint(UInt64(part.progress.count))
        for progress in part.progress {
            out.writeStation(progress.station)
            out.writeVarint(progress.sequence)
            out.writeVarint(progress.clock.rawValue)
            out.writeString(progress.code)
        }
        out.writeVarint(UInt64(part.stationIDs.count))
        var indices = [StationID: Int]()
        for (index, station) in part.stationIDs.enumerated() {
            out.writeStation(station)
            indices[station] = index
        }
        out.writeVarint(UInt64(part.rows.count))
        for row in part.rows {
            out.writeVarint(UInt64(clamping: row.table))
            // A row's station is one of the chunk's; an encoder given another writes an index
            // past the list, which every decoder refuses.
            out.writeVarint(UInt64(indices[row.row.station] ?? part.stationIDs.count))
            out.writeVarint(row.row.sequence)
            out.writeVarint(UInt64(row.values.count))
            for value in row.values { out.write(value) }
            out.writeBlob(row.state)
        }
        out.writeBlob(ChangeBatch.encode(part.held))
    }

    /// The most tables a schema has (4 bits of a row handle) and columns a table has (a column
    /// set is one word): larger numbers are refused before anything is allocated for them.
    static let stateTableLimit = 15
    static let stateColumnLimit = 56

    static func readStateChunk(_ reader: inout ByteReader) throws(DecodingError) -> StateChunk {
        let position = try reader.readVarint()
        let schema = try readSchema(&reader)
        let after = try reader.readVarint()
        let next = try reader.readVarint()
        let isLast = try readBool(&reader)
        var part = StatePart()
        // Each progress entry takes at least 16 + 1 + 1 + 1 bytes.
        for _ in 0..<(try reader.readCount(limit: reader.remaining / 19)) {
            let offset = reader.offset
            let progress = StateProgress(
                station: try reader.readStation(), sequence: try reader.readVarint(), clock: Timestamp(rawValue: try reader.readVarint()),
                code: try reader.readString())
            guard (1...Change.maximumSequence).contains(progress.sequence), part.progress.last.map({ $0.station < progress.station }) ?? true
            else {
                throw DecodingError(
                    .malformed("progress entries must ascend by station with sequences from 1 to \(Change.maximumSequence)"), at: offset)
            }
            part.progress.append(progress)
        }
        var seen = Set<StationID>()
        for _ in 0..<(try reader.readCount(limit: reader.remaining / 16)) {
            let offset = reader.offset
            let station = try reader.readStation()
            guard seen.insert(station).inserted else { throw DecodingError(.malformed("station \(station) is listed twice"), at: offset) }
            part.stationIDs.append(station)
        }
        // Each row takes at least 5 bytes: table, station, sequence, value count, state length.
        for _ in 0..<(try reader.readCount(limit: reader.remaining / 5)) {
            let offset = reader.offset
            let table = try reader.readCount(limit: stateTableLimit)
            let station = try reader.readCount(limit: max(0, part.stationIDs.count - 1))
            guard station < part.stationIDs.count else {
                throw DecodingError(.malformed("row names station \(station) of \(part.stationIDs.count)"), at: offset)
            }
            let sequence = try reader.readVarint()
            guard (1...Change.maximumSequence).contains(sequence) else {
                throw DecodingError(.malformed("row sequence \(sequence) is outside 1...\(Change.maximumSequence)"), at: offset)
            }
            // A value takes at least one byte.
            let count = try reader.readCount(limit: min(stateColumnLimit, reader.remaining))
            var values = [Value]()
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try reader.readValue()) }
            let state = try reader.readBlob()
            part.rows.append(StateRow(table: table, row: RowID(station: part.stationIDs[station], sequence: sequence), values: values, state: state))
        }
        part.held = try readChanges(&reader, version: 1)
        return StateChunk(position: position, schema: schema, after: after, next: next, isLast: isLast, part: part)
    }
}
