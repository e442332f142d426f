import OutpostCore

// The payload of each message (`Protocol/README.md` §6): its fields in order, in the primitives
// of §1, with change lists as a length-prefixed change batch (§3), in the layout of the frame's
// protocol version: rows in version 1, columns in version 2 (§3.1). Nothing may follow the last field.

extension Message {
    /// The message's payload in `version`'s encoding, before framing.
    package func payload(version: UInt8 = WireCodec.protocolVersion) -> [UInt8] {
        var out = ByteWriter()
        switch self {
        case .hello(let hello):
            out.writeStation(hello.station)
            out.writeString(hello.code)
            out.writeVarint(UInt64(clamping: hello.schema))
            out.writeString(hello.software)
        case .welcome(let welcome):
            out.writeStation(welcome.relay)
            out.writeVarint(welcome.head)
            out.writeVarint(welcome.stationSequence)
            out.writeVarint(welcome.serverTime)
            out.writeVarint(UInt64(clamping: welcome.schema))
        case .push(let push):
            out.writeStation(push.station)
            out.writeVarint(UInt64(clamping: push.schema))
            out.writeBlob(Self.encode(push.changes, version: version))
        case .pushAck(let ack):
            out.writeVarint(ack.durableSequence)
            out.writeVarint(UInt64(clamping: ack.appended))
            out.writeVarint(UInt64(clamping: ack.duplicates))
            out.writeVarint(ack.head)
        case .pull(let pull):
            out.writeVarint(pull.cursor)
            out.writeVarint(UInt64(clamping: pull.maxChanges))
            out.writeVarint(UInt64(clamping: pull.maxBytes))
        case .pullBatch(let batch):
            out.writeVarint(batch.nextCursor)
            out.writeByte(batch.more ? 1 : 0)
            out.writeBlob(Self.encode(batch.changes, version: version))
        case .snapshotRequest(let request):
            out.writeVarint(request.position)
            out.writeVarint(UInt64(clamping: request.chunk))
        case .snapshotChunk(let chunk):
            out.writeVarint(chunk.position)
            out.writeVarint(UInt64(clamping: chunk.chunk))
            out.writeByte(chunk.isLast ? 1 : 0)
            out.writeVarint(UInt64(chunk.stations.count))
            for progress in chunk.stations {
                out.writeStation(progress.station)
                out.writeVarint(progress.sequence)
                out.writeFixed64(progress.clock.rawValue)
            }
            out.writeBlob(Self.encode(chunk.changes, version: version))
        case .error(let error):
            out.writeString(error.code)
            out.writeString(error.message)
            if let detail = error.detail {
                out.writeByte(1)
                out.writeString(detail)
            } else {
                out.writeByte(0)
            }
        case .stateRequest(let request):
            Self.write(request, &out)
        case .stateChunk(let chunk):
            Self.write(chunk, &out)
        case .verifyRequest(let request):
            out.writeVarint(UInt64(clamping: request.schema))
            Self.writeVector(request.vector, &out)
            if let range = request.range {
                out.writeByte(1)
                out.writeString(range.table)
                Self.writeOptionalRow(range.from, &out)
                Self.writeOptionalRow(range.to, &out)
            } else {
                out.writeByte(0)
            }
        case .verifyReply(let reply):
            out.writeVarint(UInt64(clamping: reply.schema))
            out.writeVarint(reply.position)
            Self.writeVector(reply.vector, &out)
            out.writeVarint(UInt64(reply.tables.count))
            for table in reply.tables {
                out.writeString(table.table)
                out.writeVarint(UInt64(clamping: table.rows))
                out.writeFixed64(table.hash)
            }
            out.writeVarint(UInt64(reply.buckets.count))
            for bucket in reply.buckets {
                out.writeVarint(UInt64(clamping: bucket.table))
                out.writeStation(bucket.first.station)
                out.writeVarint(bucket.first.sequence)
                out.writeVarint(UInt64(clamping: bucket.rows))
                out.writeFixed64(bucket.hash)
            }
            out.writeVarint(UInt64(reply.rows.count))
            for row in reply.rows {
                out.writeStation(row.row.station)
                out.writeVarint(row.row.sequence)
                out.writeFixed64(row.values)
                out.writeFixed64(row.state)
            }
            out.writeByte(reply.more ? 1 : 0)
        }
        return out.bytes
    }

    /// Decodes a payload of the given kind written in `version`'s encoding; any defect is
    /// `malformed`, never a trap.
    package static func decode(_ kind: MessageKind, payload: [UInt8], version: UInt8 = WireCodec.protocolVersion) throws(WireError) -> Message {
        var reader = ByteReader(payload)
        do throws(DecodingError) {
            let message = try read(kind, from: &reader, version: version)
            guard reader.isAtEnd else {
                throw DecodingError(.malformed("\(reader.remaining) bytes follow the last field"), at: reader.offset)
            }
            return message
        } catch {
            throw WireError(
                .malformed,
                "the \(kind) message inside the frame is not well formed: \(error); the sender's encoder is faulty or speaks another protocol version"
            )
        }
    }

    private static func read(_ kind: MessageKind, from reader: inout ByteReader, version: UInt8) throws(DecodingError) -> Message {
        switch kind {
        case .hello:
            return .hello(
                Hello(
                    station: try reader.readStation(),
                    code: try reader.readString(),
                    schema: try readSchema(&reader),
                    software: try reader.readString()
                ))
        case .welcome:
            return .welcome(
                Welcome(
                    relay: try reader.readStation(),
                    head: try reader.readVarint(),
                    stationSequence: try reader.readVarint(),
                    serverTime: try reader.readVarint(),
                    schema: try readSchema(&reader)
                ))
        case .push:
            return .push(
                Push(station: try reader.readStation(), schema: try readSchema(&reader), changes: try readChanges(&reader, version: version)))
        case .pushAck:
            return .pushAck(
                PushAck(
                    durableSequence: try reader.readVarint(),
                    appended: try reader.readCount(limit: Int.max),
                    duplicates: try reader.readCount(limit: Int.max),
                    head: try reader.readVarint()
                ))
        case .pull:
            return .pull(
                Pull(
                    cursor: try reader.readVarint(),
                    maxChanges: try reader.readCount(limit: Int.max),
                    maxBytes: try reader.readCount(limit: Int.max)
                ))
        case .pullBatch:
            let nextCursor = try reader.readVarint()
            let more = try readBool(&reader)
            return .pullBatch(PullBatch(changes: try readChanges(&reader, version: version), nextCursor: nextCursor, more: more))
        case .snapshotRequest:
            return .snapshotRequest(SnapshotRequest(position: try reader.readVarint(), chunk: try reader.readCount(limit: Int.max)))
        case .snapshotChunk:
            let position = try reader.readVarint()
            let chunk = try reader.readCount(limit: Int.max)
            let isLast = try readBool(&reader)
            // Each entry takes at least 16 + 1 + 8 bytes.
            let count = try reader.readCount(limit: reader.remaining / 25)
            var stations = [StationProgress]()
            stations.reserveCapacity(count)
            for _ in 0..<count {
                stations.append(
                    StationProgress(
                        station: try reader.readStation(),
                        sequence: try reader.readVarint(),
                        clock: Timestamp(rawValue: try reader.readFixed64())
                    ))
            }
            return .snapshotChunk(
                SnapshotChunk(
                    position: position, chunk: chunk, isLast: isLast, stations: stations, changes: try readChanges(&reader, version: version)
                ))
        case .stateRequest:
            return .stateRequest(try readStateRequest(&reader))
        case .stateChunk:
            return .stateChunk(try readStateChunk(&reader))
        case .error:
            let code = try reader.readString()
            let message = try reader.readString()
            let detail: String? = try readBool(&reader) ? try reader.readString() : nil
            return .error(ErrorMessage(code: code, message: message, detail: detail))
        case .verifyRequest:
            let schema = try readSchema(&reader)
            let vector = try readVector(&reader)
            var range: RowRange?
            if try readBool(&reader) {
                range = RowRange(table: try reader.readString(), from: try readOptionalRow(&reader), to: try readOptionalRow(&reader))
            }
            return .verifyRequest(VerifyRequest(schema: schema, vector: vector, range: range))
        case .verifyReply:
            let schema = try readSchema(&reader)
            let position = try reader.readVarint()
            let vector = try readVector(&reader)
            // Each table takes at least 1 + 1 + 8 bytes, each bucket 1 + 16 + 1 + 1 + 8, each row 16 + 1 + 16.
            var tables = [TableDigest]()
            for _ in 0..<(try reader.readCount(limit: reader.remaining / 10)) {
                tables.append(TableDigest(table: try reader.readString(), rows: try reader.readCount(limit: Int.max), hash: try reader.readFixed64()))
            }
            var buckets = [BucketDigest]()
            for _ in 0..<(try reader.readCount(limit: reader.remaining / 27)) {
                let offset = reader.offset
                let table = try reader.readCount(limit: Int.max)
                guard table < tables.count else {
                    throw DecodingError(.malformed("bucket names table \(table) of \(tables.count)"), at: offset)
                }
                let first = RowID(station: try reader.readStation(), sequence: try reader.readVarint())
                buckets.append(BucketDigest(table: table, first: first, rows: try reader.readCount(limit: Int.max), hash: try reader.readFixed64()))
            }
            var rows = [RowDigest]()
            for _ in 0..<(try reader.readCount(limit: reader.remaining / 33)) {
                let row = RowID(station: try reader.readStation(), sequence: try reader.readVarint())
                rows.append(RowDigest(row: row, values: try reader.readFixed64(), state: try reader.readFixed64()))
            }
            return .verifyReply(
                VerifyReply(
                    schema: schema, position: position, vector: vector, tables: tables, buckets: buckets, rows: rows, more: try readBool(&reader)
                ))
        }
    }

    private static func writeVector(_ vector: AppliedVector, _ out: inout ByteWriter) {
        out.writeVarint(UInt64(vector.entries.count))
        for entry in vector.entries {
            out.writeStation(entry.station)
            out.writeVarint(entry.sequence)
        }
    }

    /// An applied vector: ascending by station, each station once, sequences at least 1, so that
    /// each set of changes has exactly one encoding.
    private static func readVector(_ reader: inout ByteReader) throws(DecodingError) -> AppliedVector {
        // Each entry takes at least 16 + 1 bytes.
        let count = try reader.readCount(limit: reader.remaining / 17)
        var entries = [StationSequence]()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let offset = reader.offset
            let entry = StationSequence(station: try reader.readStation(), sequence: try reader.readVarint())
            guard entry.sequence > 0, entries.last.map({ $0.station < entry.station }) ?? true else {
                throw DecodingError(.malformed("applied vector entries must ascend by station with sequences of at least 1"), at: offset)
            }
            entries.append(entry)
        }
        return AppliedVector(entries: entries)
    }

    private static func writeOptionalRow(_ row: RowID?, _ out: inout ByteWriter) {
        guard let row else { return out.writeByte(0) }
        out.writeByte(1)
        out.writeStation(row.station)
        out.writeVarint(row.sequence)
    }

    private static func readOptionalRow(_ reader: inout ByteReader) throws(DecodingError) -> RowID? {
        guard try readBool(&reader) else { return nil }
        return RowID(station: try reader.readStation(), sequence: try reader.readVarint())
    }

    static func readSchema(_ reader: inout ByteReader) throws(DecodingError) -> Int {
        try reader.readCount(limit: Int(Int32.max))
    }

    static func readBool(_ reader: inout ByteReader) throws(DecodingError) -> Bool {
        let offset = reader.offset
        switch try reader.readByte() {
        case 0: return false
        case 1: return true
        case let byte: throw DecodingError(.malformed("flag byte \(byte) is neither 0 nor 1"), at: offset)
        }
    }

    /// A change batch in the layout of `version`: rows in version 1, columns from version 2.
    private static func encode(_ changes: [Change], version: UInt8) -> [UInt8] {
        version >= 2 ? ChangeBatch.encodeColumns(changes) : ChangeBatch.encode(changes)
    }

    static func readChanges(_ reader: inout ByteReader, version: UInt8) throws(DecodingError) -> [Change] {
        let start = reader.offset
        let blob = try reader.readBlob()
        do {
            return try version >= 2 ? ChangeBatch.decodeColumns(blob) : ChangeBatch.decode(blob)
        } catch {
            throw DecodingError(.malformed("change batch starting at byte \(start): \(error)"), at: reader.offset)
        }
    }
}
