/// The columnar layout of a change batch, carried on the wire by protocol version 2
/// (`Protocol/README.md` §3.1).
///
/// The same changes as the row layout, grouped by field instead of by change: every change's
/// station, then every sequence, every clock, and so on. A run of edits from one station then
/// gives deflate long runs of like bytes, which cost almost nothing, where the row layout mixes
/// them with the values. Clocks are split into milliseconds and counter, and a pred that names
/// an earlier change of the same batch is written as the distance back to it, so a field edited
/// twice in one batch costs a byte for its pred. The station's log and the relay's keep the row
/// layout (`docs/ARCHITECTURE.md`, "Wire versions").
extension ChangeBatch {
    /// The bytes each change takes at least in the columns (station, sequence, milliseconds,
    /// counter, table, tag, author, schema and pred count), for checking the count.
    private static let minimumColumnBytes = 9

    package static func encodeColumns(_ changes: [Change]) -> [UInt8] {
        var (stations, strings) = tables(changes)
        var origins = ByteWriter(capacity: changes.count)
        var sequences = ByteWriter(capacity: changes.count)
        var milliseconds = ByteWriter(capacity: changes.count * 2)
        var counters = ByteWriter(capacity: changes.count)
        var tableColumn = ByteWriter(capacity: changes.count)
        var tags = ByteWriter(capacity: changes.count)
        var authors = ByteWriter(capacity: changes.count)
        var schemas = ByteWriter(capacity: changes.count)
        var rowStations = ByteWriter(capacity: changes.count)
        var rowSequences = ByteWriter(capacity: changes.count * 3)
        var columns = ByteWriter(capacity: changes.count)
        var fieldCounts = ByteWriter()
        var fieldColumns = ByteWriter()
        var values = ByteWriter(capacity: changes.count * 8)
        var predCounts = ByteWriter(capacity: changes.count)
        var references = ByteWriter(capacity: changes.count)
        var predStations = ByteWriter()
        var predMilliseconds = ByteWriter()
        var predCounters = ByteWriter()

        var lastSequence = [UInt64](repeating: 0, count: stations.values.count)
        var last = Timestamp(rawValue: 0)
        var latest = [Version: Int]()
        for (index, change) in changes.enumerated() {
            let station = stations.index(of: change.id.station)
            origins.writeVarint(UInt64(station))
            sequences.writeSignedVarint(Int64(bitPattern: change.id.sequence &- lastSequence[station]))
            lastSequence[station] = change.id.sequence
            let clock = change.version.clock
            writeClock(clock, after: last, milliseconds: &milliseconds, counters: &counters)
            last = clock
            tableColumn.writeVarint(UInt64(strings.index(of: change.table)))
            authors.writeVarint(UInt64(strings.index(of: change.author)))
            schemas.writeVarint(UInt64(clamping: change.schema))
            switch change.operation {
            case .create(let fields):
                tags.writeByte(Tag.create.rawValue)
                fieldCounts.writeVarint(UInt64(fields.count))
                for field in fields {
                    fieldColumns.writeVarint(UInt64(strings.index(of: field.column)))
                    values.write(field.value)
                }
            case .set(let column, let value), .add(let column, let value), .remove(let column, let value):
                tags.writeByte(Self.tag(of: change.operation).rawValue)
                rowStations.writeVarint(UInt64(stations.index(of: change.row.station)))
                rowSequences.writeVarint(change.row.sequence)
                columns.writeVarint(UInt64(strings.index(of: column)))
                values.write(value)
            }
            predCounts.writeVarint(UInt64(change.pred.count))
            for version in change.pred {
                if let earlier = latest[version] {
                    references.writeVarint(UInt64(index - earlier))
                } else {
                    references.writeVarint(0)
                    predStations.writeVarint(UInt64(stations.index(of: version.station)))
                    predMilliseconds.writeSignedVarint(Int64(bitPattern: clock.milliseconds &- version.clock.milliseconds))
                    predCounters.writeVarint(UInt64(version.clock.counter))
                }
            }
            latest[change.version] = index
        }

        var out = ByteWriter(capacity: values.bytes.count + rowSequences.bytes.count + changes.count * 12 + stations.values.count * 16 + 64)
        writeTables(stations, strings, into: &out)
        out.writeVarint(UInt64(changes.count))
        for column in [
            origins, sequences, milliseconds, counters, tableColumn, tags, authors, schemas, rowStations, rowSequences, columns,
            fieldCounts, fieldColumns, values, predCounts, references, predStations, predMilliseconds, predCounters,
        ] {
            out.writeBytes(column.bytes)
        }
        return out.bytes
    }

    /// Milliseconds as a delta from the previous change's; the counter as a delta from the
    /// previous change's when the milliseconds are equal (a run of edits within one millisecond
    /// counts up by one), else as it is (a new millisecond starts the counter at 0).
    private static func writeClock(_ clock: Timestamp, after last: Timestamp, milliseconds: inout ByteWriter, counters: inout ByteWriter) {
        milliseconds.writeSignedVarint(Int64(bitPattern: clock.milliseconds &- last.milliseconds))
        let base = clock.milliseconds == last.milliseconds ? Int64(last.counter) : 0
        counters.writeSignedVarint(Int64(clock.counter) - base)
    }

    private static func tag(of operation: Change.Operation) -> Tag {
        switch operation {
        case .create: .create
        case .set: .set
        case .add: .add
        case .remove: .remove
        }
    }

    /// Decodes a columnar batch; throws on any malformed or truncated input, never traps. Every
    /// count is checked against the bytes left before anything is allocated for it.
    package static func decodeColumns(_ bytes: [UInt8]) throws(DecodingError) -> [Change] {
        var reader = ByteReader(bytes)
        let (stations, strings) = try readTables(&reader)
        let count = try reader.readCount(limit: reader.remaining / minimumColumnBytes)

        func station(_ reader: inout ByteReader) throws(DecodingError) -> StationID { try entry(of: stations, "station", &reader) }
        func string(_ reader: inout ByteReader) throws(DecodingError) -> String { try entry(of: strings, "string", &reader) }

        var origins = [StationID]()
        origins.reserveCapacity(count)
        for _ in 0..<count { origins.append(try station(&reader)) }
        var ids = [ChangeID]()
        ids.reserveCapacity(count)
        var lastSequence = [StationID: UInt64]()
        for origin in origins {
            let sequence = (lastSequence[origin] ?? 0) &+ UInt64(bitPattern: try reader.readSignedVarint())
            lastSequence[origin] = sequence
            ids.append(ChangeID(station: origin, sequence: sequence))
        }
        let clocks = try readClocks(count, &reader)
        var tableNames = [String]()
        tableNames.reserveCapacity(count)
        for _ in 0..<count { tableNames.append(try string(&reader)) }
        var tags = [Tag]()
        tags.reserveCapacity(count)
        for _ in 0..<count {
            let offset = reader.offset
            guard let tag = Tag(rawValue: try reader.readByte()) else { throw DecodingError(.malformed("unknown operation tag"), at: offset) }
            tags.append(tag)
        }
        var authors = [String]()
        authors.reserveCapacity(count)
        for _ in 0..<count { authors.append(try string(&reader)) }
        var schemas = [Int]()
        schemas.reserveCapacity(count)
        for _ in 0..<count { schemas.append(try reader.readCount(limit: Int(Int32.max))) }

        let edits = tags.count { $0 != .create }
        var rowStations = [StationID]()
        rowStations.reserveCapacity(edits)
        for _ in 0..<edits { rowStations.append(try station(&reader)) }
        var rowSequences = [UInt64]()
        rowSequences.reserveCapacity(edits)
        for _ in 0..<edits { rowSequences.append(try reader.readVarint()) }
        var columns = [String]()
        columns.reserveCapacity(edits)
        for _ in 0..<edits { columns.append(try string(&reader)) }
        // Each field takes at least two bytes: its column and its value's tag.
        var fieldCounts = [Int]()
        fieldCounts.reserveCapacity(count - edits)
        var fields = 0
        for _ in 0..<(count - edits) {
            let fieldCount = try reader.readCount(limit: max(0, reader.remaining / 2 - fields))
            fields += fieldCount
            fieldCounts.append(fieldCount)
        }
        var fieldColumns = [String]()
        fieldColumns.reserveCapacity(fields)
        for _ in 0..<fields { fieldColumns.append(try string(&reader)) }
        var values = [Value]()
        values.reserveCapacity(fields + edits)
        for _ in 0..<(fields + edits) { values.append(try reader.readValue()) }

        // Each pred takes at least one byte: its reference.
        var predCounts = [Int]()
        predCounts.reserveCapacity(count)
        var preds = 0
        for _ in 0..<count {
            let predCount = try reader.readCount(limit: max(0, reader.remaining - preds))
            preds += predCount
            predCounts.append(predCount)
        }
        var references = [Int]()
        references.reserveCapacity(preds)
        var explicit = 0
        var change = 0
        var ofChange = 0
        for _ in 0..<preds {
            while ofChange == predCounts[change] {
                change += 1
                ofChange = 0
            }
            // A reference names a change before this one: at most `change` back.
            let reference = try reader.readCount(limit: change)
            if reference == 0 { explicit += 1 }
            references.append(reference)
            ofChange += 1
        }
        var predStations = [StationID]()
        predStations.reserveCapacity(explicit)
        for _ in 0..<explicit { predStations.append(try station(&reader)) }
        var predDeltas = [UInt64]()
        predDeltas.reserveCapacity(explicit)
        for _ in 0..<explicit { predDeltas.append(UInt64(bitPattern: try reader.readSignedVarint())) }
        var predCounters = [UInt16]()
        predCounters.reserveCapacity(explicit)
        for _ in 0..<explicit { predCounters.append(UInt16(try reader.readCount(limit: Int(UInt16.max)))) }
        guard reader.isAtEnd else {
            throw DecodingError(.malformed("\(reader.remaining) bytes after the last column"), at: reader.offset)
        }

        var changes = [Change]()
        changes.reserveCapacity(count)
        var edit = 0
        var field = 0
        var value = 0
        var creation = 0
        var pred = 0
        var explicitPred = 0
        for index in 0..<count {
            let id = ids[index]
            let row: RowID
            let operation: Change.Operation
            switch tags[index] {
            case .create:
                var made = [Field]()
                made.reserveCapacity(fieldCounts[creation])
                for _ in 0..<fieldCounts[creation] {
                    made.append(Field(fieldColumns[field], values[value]))
                    field += 1
                    value += 1
                }
                creation += 1
                row = RowID(id)
                operation = .create(made)
            case let tag:
                row = RowID(station: rowStations[edit], sequence: rowSequences[edit])
                let column = columns[edit]
                operation =
                    switch tag {
                    case .set: .set(column: column, value: values[value])
                    case .add: .add(column: column, element: values[value])
                    default: .remove(column: column, element: values[value])
                    }
                edit += 1
                value += 1
            }
            var versions = [Version]()
            versions.reserveCapacity(predCounts[index])
            for _ in 0..<predCounts[index] {
                let reference = references[pred]
                pred += 1
                if reference > 0 {
                    versions.append(changes[index - reference].version)
                    continue
                }
                let milliseconds = clocks[index].milliseconds &- predDeltas[explicitPred]
                guard milliseconds <= Timestamp.millisecondMask else {
                    throw DecodingError(.malformed("pred milliseconds \(milliseconds) beyond 48 bits"), at: reader.offset)
                }
                versions.append(
                    Version(clock: Timestamp(milliseconds: milliseconds, counter: predCounters[explicitPred]), station: predStations[explicitPred]))
                explicitPred += 1
            }
            changes.append(
                Change(
                    id: id, table: tableNames[index], row: row, operation: operation, version: Version(clock: clocks[index], station: id.station),
                    pred: versions, author: authors[index], schema: schemas[index]))
        }
        return changes
    }

    /// The clock column pair: milliseconds within 48 bits, counters within 16.
    private static func readClocks(_ count: Int, _ reader: inout ByteReader) throws(DecodingError) -> [Timestamp] {
        var milliseconds = [UInt64]()
        milliseconds.reserveCapacity(count)
        var last: UInt64 = 0
        for _ in 0..<count {
            let offset = reader.offset
            let next = last &+ UInt64(bitPattern: try reader.readSignedVarint())
            guard next <= Timestamp.millisecondMask else {
                throw DecodingError(.malformed("clock milliseconds \(next) beyond 48 bits"), at: offset)
            }
            milliseconds.append(next)
            last = next
        }
        var clocks = [Timestamp]()
        clocks.reserveCapacity(count)
        var previous = Timestamp.zero
        for index in 0..<count {
            let offset = reader.offset
            let base = milliseconds[index] == previous.milliseconds ? Int64(previous.counter) : 0
            let counter = base &+ (try reader.readSignedVarint())
            guard (0...Int64(UInt16.max)).contains(counter) else {
                throw DecodingError(.malformed("clock counter \(counter) outside 0…65535"), at: offset)
            }
            previous = Timestamp(milliseconds: milliseconds[index], counter: UInt16(counter))
            clocks.append(previous)
        }
        return clocks
    }
}
