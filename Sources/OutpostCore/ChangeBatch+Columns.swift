/// The columnar layout of a change batch, carried on the wire by protocol version 2
/// (`Protocol/README.md` §3.1).
///
/// The same changes as the row layout, grouped by field instead of by change: every change's
/// station, then every sequence, every clock, every shape, and so on, and the values last,
/// grouped by column. A run of edits from one station then gives deflate long runs of like bytes,
/// which cost almost nothing, and like texts side by side, where the row layout mixes them.
/// Clocks are split into milliseconds and counter, and a pred that names an earlier change of the
/// same batch is written as the distance back to it. Each edited row is named once, in a sorted
/// row table, with its anchor (the pred of its own station its edits name, usually its creation)
/// written once. The station's log and the relay's keep the row layout (`docs/ARCHITECTURE.md`,
/// "Wire versions"; each step measured in `Protocol/README.md` §3.1).
extension ChangeBatch {
    /// The bytes each change takes at least in the columns (station, sequence, milliseconds,
    /// counter, shape, author and schema), for checking the count.
    private static let minimumColumnBytes = 7

    /// What a change is, apart from its row, values and clocks: its table, operation, column (not
    /// for a creation) and number of preds. A batch names each distinct shape once, so a change
    /// costs one small index for all four; in a push of field edits there are a dozen shapes.
    struct Shape: Hashable {
        var table: Int
        var tag: Tag
        var column: Int?
        var preds: Int
    }

    package static func encodeColumns(_ changes: [Change]) -> [UInt8] {
        var (stations, strings) = tables(changes)
        var shapes = Interner<Shape>()
        var columns = Columns(capacity: changes.count)
        var values = [Int: ByteWriter]()
        var lastSequence = [UInt64](repeating: 0, count: stations.values.count)
        var last = Timestamp.zero
        var latest = [Version: Int]()
        // The row table: each edited row once, sorted by station index then sequence.
        var rowKeys = Set<RowKey>()
        for change in changes where change.operation.isEdit {
            rowKeys.insert(RowKey(station: stations.index(of: change.row.station), sequence: change.row.sequence))
        }
        let rows = rowKeys.sorted()
        var rowIndexes = [RowKey: Int](minimumCapacity: rows.count)
        for (index, row) in rows.enumerated() { rowIndexes[row] = index }
        var anchors = [Int: Timestamp]()
        for (index, change) in changes.enumerated() {
            let station = stations.index(of: change.id.station)
            columns.origins.writeVarint(UInt64(station))
            columns.sequences.writeSignedVarint(Int64(bitPattern: change.id.sequence &- lastSequence[station]))
            lastSequence[station] = change.id.sequence
            let clock = change.version.clock
            columns.milliseconds.writeSignedVarint(Int64(bitPattern: clock.milliseconds &- last.milliseconds))
            columns.counters.writeSignedVarint(Int64(clock.counter) - (clock.milliseconds == last.milliseconds ? Int64(last.counter) : 0))
            last = clock
            let table = strings.index(of: change.table)
            let row =
                change.operation.isEdit ? rowIndexes[RowKey(station: stations.index(of: change.row.station), sequence: change.row.sequence)] : nil
            switch change.operation {
            case .create(let fields):
                columns.shapes.writeVarint(UInt64(shapes.index(of: Shape(table: table, tag: .create, column: nil, preds: change.pred.count))))
                columns.fieldCounts.writeVarint(UInt64(fields.count))
                for field in fields {
                    let column = strings.index(of: field.column)
                    columns.fieldColumns.writeVarint(UInt64(column))
                    values[column, default: ByteWriter()].write(field.value)
                }
            case .set(let name, let value), .add(let name, let value), .remove(let name, let value):
                let column = strings.index(of: name)
                let shape = Shape(table: table, tag: Self.tag(of: change.operation), column: column, preds: change.pred.count)
                columns.shapes.writeVarint(UInt64(shapes.index(of: shape)))
                columns.rowIndexes.writeVarint(UInt64(row ?? 0))
                values[column, default: ByteWriter()].write(value)
            }
            columns.authors.writeVarint(UInt64(strings.index(of: change.author)))
            columns.schemas.writeVarint(UInt64(clamping: change.schema))
            for version in change.pred {
                if let earlier = latest[version] {
                    columns.references.writeVarint(UInt64(index - earlier + 1))
                } else if let row, version.station == change.row.station, anchors[row, default: version.clock] == version.clock {
                    // The row's anchor: the first such pred of the row's own station, usually its creation.
                    anchors[row] = version.clock
                    columns.references.writeVarint(1)
                } else {
                    columns.references.writeVarint(0)
                    columns.predStations.writeVarint(UInt64(stations.index(of: version.station)))
                    columns.predMilliseconds.writeSignedVarint(Int64(bitPattern: clock.milliseconds &- version.clock.milliseconds))
                    columns.predCounters.writeVarint(UInt64(version.clock.counter))
                }
            }
            latest[change.version] = index
        }

        var out = ByteWriter(capacity: columns.byteCount + values.values.reduce(0) { $0 + $1.bytes.count } + stations.values.count * 16 + 256)
        writeTables(stations, strings, into: &out)
        out.writeVarint(UInt64(shapes.values.count))
        for shape in shapes.values {
            out.writeVarint(UInt64(shape.table))
            out.writeByte(shape.tag.rawValue)
            if let column = shape.column { out.writeVarint(UInt64(column)) }
            out.writeVarint(UInt64(shape.preds))
        }
        out.writeVarint(UInt64(changes.count))
        columns.rowCount.writeVarint(UInt64(rows.count))
        var previous: RowKey?
        for row in rows {
            columns.rowStations.writeVarint(UInt64(row.station))
            columns.rowSequences.writeVarint(row.sequence &- (previous?.station == row.station ? previous!.sequence : 0))
            previous = row
        }
        var lastAnchor: UInt64 = 0
        for row in rows.indices {
            guard let anchor = anchors[row] else { continue }
            columns.anchorMilliseconds.writeSignedVarint(Int64(bitPattern: anchor.milliseconds &- lastAnchor))
            columns.anchorCounters.writeVarint(UInt64(anchor.counter))
            lastAnchor = anchor.milliseconds
        }
        for column in columns.inOrder { out.writeBytes(column.bytes) }
        // The values last, grouped by column in string-table order: like values side by side.
        for column in values.keys.sorted() { out.writeBytes(values[column]!.bytes) }
        return out.bytes
    }

    /// The columns of a batch being written, in their order on the wire before the values.
    private struct Columns {
        var origins, sequences, milliseconds, counters, shapes, authors, schemas: ByteWriter
        var rowCount = ByteWriter()
        var rowStations = ByteWriter()
        var rowSequences = ByteWriter()
        var rowIndexes = ByteWriter()
        var fieldCounts = ByteWriter()
        var fieldColumns = ByteWriter()
        var references = ByteWriter()
        var predStations = ByteWriter()
        var predMilliseconds = ByteWriter()
        var predCounters = ByteWriter()
        var anchorMilliseconds = ByteWriter()
        var anchorCounters = ByteWriter()

        init(capacity: Int) {
            origins = ByteWriter(capacity: capacity)
            sequences = ByteWriter(capacity: capacity)
            milliseconds = ByteWriter(capacity: capacity * 2)
            counters = ByteWriter(capacity: capacity)
            shapes = ByteWriter(capacity: capacity)
            authors = ByteWriter(capacity: capacity)
            schemas = ByteWriter(capacity: capacity)
        }

        var inOrder: [ByteWriter] {
            [
                origins, sequences, milliseconds, counters, shapes, authors, schemas, rowCount, rowStations, rowSequences, rowIndexes,
                fieldCounts, fieldColumns, references, predStations, predMilliseconds, predCounters, anchorMilliseconds, anchorCounters,
            ]
        }

        var byteCount: Int { inOrder.reduce(0) { $0 + $1.bytes.count } }
    }

    /// A row of the row table: its station's index in the station table and its sequence.
    private struct RowKey: Hashable, Comparable {
        var station: Int
        var sequence: UInt64

        static func < (left: RowKey, right: RowKey) -> Bool { (left.station, left.sequence) < (right.station, right.sequence) }
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
        func station(_ reader: inout ByteReader) throws(DecodingError) -> StationID { try entry(of: stations, "station", &reader) }
        func string(_ reader: inout ByteReader) throws(DecodingError) -> Int {
            let offset = reader.offset
            let index = try reader.readCount(limit: Int.max)
            guard index < strings.count else { throw DecodingError(.malformed("string index \(index) out of range"), at: offset) }
            return index
        }
        let shapes = try readShapes(&reader, string: string)
        let count = try reader.readCount(limit: reader.remaining / minimumColumnBytes)

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
        var changeShapes = [Shape]()
        changeShapes.reserveCapacity(count)
        for _ in 0..<count { changeShapes.append(try entry(of: shapes, "shape", &reader)) }
        var authors = [Int]()
        authors.reserveCapacity(count)
        for _ in 0..<count { authors.append(try string(&reader)) }
        var schemas = [Int]()
        schemas.reserveCapacity(count)
        for _ in 0..<count { schemas.append(try reader.readCount(limit: Int(Int32.max))) }

        let edits = changeShapes.count { $0.tag != .create }
        // The row table: each row at least two bytes (station, sequence), and no more rows than edits.
        let rowCount = try reader.readCount(limit: min(edits, reader.remaining / 2))
        var rowStations = [Int]()
        rowStations.reserveCapacity(rowCount)
        for _ in 0..<rowCount {
            let offset = reader.offset
            let index = try reader.readCount(limit: Int.max)
            guard index < stations.count else { throw DecodingError(.malformed("station index \(index) out of range"), at: offset) }
            rowStations.append(index)
        }
        var rows = [RowID]()
        rows.reserveCapacity(rowCount)
        for index in 0..<rowCount {
            let base = index > 0 && rowStations[index - 1] == rowStations[index] ? rows[index - 1].sequence : 0
            rows.append(RowID(station: stations[rowStations[index]], sequence: base &+ (try reader.readVarint())))
        }
        guard edits == 0 || rowCount > 0 else { throw DecodingError(.malformed("\(edits) edits and no rows"), at: reader.offset) }
        var editRows = [Int]()
        editRows.reserveCapacity(edits)
        for _ in 0..<edits { editRows.append(try reader.readCount(limit: rowCount - 1)) }
        // Each field takes at least two bytes: its column and its value's tag.
        var fieldCounts = [Int]()
        fieldCounts.reserveCapacity(count - edits)
        var fields = 0
        for _ in 0..<(count - edits) {
            let fieldCount = try reader.readCount(limit: max(0, reader.remaining / 2 - fields))
            fields += fieldCount
            fieldCounts.append(fieldCount)
        }
        var fieldColumns = [Int]()
        fieldColumns.reserveCapacity(fields)
        for _ in 0..<fields { fieldColumns.append(try string(&reader)) }

        // Each pred takes at least one byte: its reference.
        var preds = 0
        for shape in changeShapes {
            preds += shape.preds
            guard preds <= reader.remaining else { throw DecodingError(.malformed("\(preds) preds in \(reader.remaining) bytes"), at: reader.offset) }
        }
        var references = [Int]()
        references.reserveCapacity(preds)
        var explicit = 0
        var anchored = [Bool](repeating: false, count: rowCount)
        var edit = 0
        for (index, shape) in changeShapes.enumerated() {
            for _ in 0..<shape.preds {
                // 0 is a pred written out, 1 the row's anchor, and r > 1 the change r - 1 back: at most `index` back.
                let offset = reader.offset
                let reference = try reader.readCount(limit: index + 1)
                if reference == 0 { explicit += 1 }
                if reference == 1 {
                    guard shape.tag != .create else { throw DecodingError(.malformed("a creation's pred names a row anchor"), at: offset) }
                    anchored[editRows[edit]] = true
                }
                references.append(reference)
            }
            if shape.tag != .create { edit += 1 }
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
        let anchors = try readAnchors(anchored, rows, &reader)
        let values = try readValues(columns: valueColumns(changeShapes, fieldCounts: fieldCounts, fieldColumns: fieldColumns), &reader)
        guard reader.isAtEnd else {
            throw DecodingError(.malformed("\(reader.remaining) bytes after the last value"), at: reader.offset)
        }

        var changes = [Change]()
        changes.reserveCapacity(count)
        edit = 0
        var field = 0
        var value = 0
        var creation = 0
        var pred = 0
        var explicitPred = 0
        for index in 0..<count {
            let id = ids[index]
            let shape = changeShapes[index]
            let row: RowID
            let operation: Change.Operation
            switch shape.tag {
            case .create:
                var made = [Field]()
                made.reserveCapacity(fieldCounts[creation])
                for _ in 0..<fieldCounts[creation] {
                    made.append(Field(strings[fieldColumns[field]], values[value]))
                    field += 1
                    value += 1
                }
                creation += 1
                row = RowID(id)
                operation = .create(made)
            case let tag:
                row = rows[editRows[edit]]
                let column = strings[shape.column ?? 0]
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
            versions.reserveCapacity(shape.preds)
            for _ in 0..<shape.preds {
                let reference = references[pred]
                pred += 1
                if reference > 1 {
                    versions.append(changes[index - reference + 1].version)
                    continue
                }
                if reference == 1 {
                    versions.append(anchors[editRows[edit - 1]]!)
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
                    id: id, table: strings[shape.table], row: row, operation: operation, version: Version(clock: clocks[index], station: id.station),
                    pred: versions, author: strings[authors[index]], schema: schemas[index]))
        }
        return changes
    }

    /// The anchors of the rows some pred names by reference 1, in row order: milliseconds as the
    /// difference from the previous anchor's, within 48 bits, and counters within 16.
    private static func readAnchors(_ anchored: [Bool], _ rows: [RowID], _ reader: inout ByteReader) throws(DecodingError) -> [Int: Version] {
        let count = anchored.count { $0 }
        guard count <= reader.remaining / 2 else {
            throw DecodingError(.malformed("\(count) anchors in \(reader.remaining) bytes"), at: reader.offset)
        }
        var milliseconds = [UInt64]()
        milliseconds.reserveCapacity(count)
        var last: UInt64 = 0
        for _ in 0..<count {
            let offset = reader.offset
            last = last &+ UInt64(bitPattern: try reader.readSignedVarint())
            guard last <= Timestamp.millisecondMask else {
                throw DecodingError(.malformed("anchor milliseconds \(last) beyond 48 bits"), at: offset)
            }
            milliseconds.append(last)
        }
        var anchors = [Int: Version](minimumCapacity: count)
        var next = 0
        for (row, isAnchored) in anchored.enumerated() where isAnchored {
            let counter = UInt16(try reader.readCount(limit: Int(UInt16.max)))
            anchors[row] = Version(clock: Timestamp(milliseconds: milliseconds[next], counter: counter), station: rows[row].station)
            next += 1
        }
        return anchors
    }

    /// The shape table: each shape at least three bytes (table, tag, pred count).
    private static func readShapes(
        _ reader: inout ByteReader, string: (inout ByteReader) throws(DecodingError) -> Int
    ) throws(DecodingError) -> [Shape] {
        let count = try reader.readCount(limit: reader.remaining / 3)
        var shapes = [Shape]()
        shapes.reserveCapacity(count)
        for _ in 0..<count {
            let table = try string(&reader)
            let offset = reader.offset
            guard let tag = Tag(rawValue: try reader.readByte()) else { throw DecodingError(.malformed("unknown operation tag"), at: offset) }
            let column = tag == .create ? nil : try string(&reader)
            shapes.append(Shape(table: table, tag: tag, column: column, preds: try reader.readCount(limit: reader.remaining)))
        }
        return shapes
    }

    /// The column of each value, in change order: a creation's fields, or an edit's column.
    private static func valueColumns(_ shapes: [Shape], fieldCounts: [Int], fieldColumns: [Int]) -> [Int] {
        var columns = [Int]()
        columns.reserveCapacity(fieldColumns.count + shapes.count)
        var creation = 0
        var field = 0
        for shape in shapes {
            if let column = shape.column {
                columns.append(column)
            } else {
                columns += fieldColumns[field..<field + fieldCounts[creation]]
                field += fieldCounts[creation]
                creation += 1
            }
        }
        return columns
    }

    /// The values, written grouped by column in string-table order, put back in change order.
    private static func readValues(columns: [Int], _ reader: inout ByteReader) throws(DecodingError) -> [Value] {
        var values = [Value](repeating: .null, count: columns.count)
        let order = columns.indices.sorted { (columns[$0], $0) < (columns[$1], $1) }
        for slot in order { values[slot] = try reader.readValue() }
        return values
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

extension Change.Operation {
    /// An edit of an existing row (set, add, remove), which names its row in the row table.
    fileprivate var isEdit: Bool {
        if case .create = self { return false }
        return true
    }
}
