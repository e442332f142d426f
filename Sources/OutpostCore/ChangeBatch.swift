/// The compact binary form of a list of changes, shared by the station's log and the wire
/// (`Protocol/README.md`, "Change batch").
///
/// Station ids and strings (table, column and author names) are interned per batch, so a change
/// refers to them by small indexes; sequences and clocks are delta-encoded against the previous
/// change, so a run of edits from one station costs a byte or two for its id and version.
package enum ChangeBatch {
    /// Operation tags on the wire.
    enum Tag: UInt8 {
        case create = 0
        case set = 1
        case add = 2
        case remove = 3
    }

    package static func encode(_ changes: [Change]) -> [UInt8] {
        var (stations, strings) = tables(changes)
        var body = ByteWriter(capacity: changes.count * 16)
        var lastSequence = [UInt64](repeating: 0, count: stations.values.count)
        var lastClock: UInt64 = 0
        for change in changes {
            let station = stations.index(of: change.id.station)
            body.writeVarint(UInt64(station))
            body.writeSignedVarint(Int64(bitPattern: change.id.sequence &- lastSequence[station]))
            lastSequence[station] = change.id.sequence
            body.writeSignedVarint(Int64(bitPattern: change.version.clock.rawValue &- lastClock))
            lastClock = change.version.clock.rawValue
            body.writeVarint(UInt64(strings.index(of: change.table)))
            switch change.operation {
            case .create(let fields):
                body.writeByte(Tag.create.rawValue)
                body.writeVarint(UInt64(fields.count))
                for field in fields {
                    body.writeVarint(UInt64(strings.index(of: field.column)))
                    body.write(field.value)
                }
            case .set(let column, let value):
                writeEdit(.set, column: column, value: value, of: change, into: &body, stations: &stations, strings: &strings)
            case .add(let column, let element):
                writeEdit(.add, column: column, value: element, of: change, into: &body, stations: &stations, strings: &strings)
            case .remove(let column, let element):
                writeEdit(.remove, column: column, value: element, of: change, into: &body, stations: &stations, strings: &strings)
            }
            body.writeVarint(UInt64(change.pred.count))
            for version in change.pred {
                body.writeVarint(UInt64(stations.index(of: version.station)))
                body.writeSignedVarint(Int64(bitPattern: change.version.clock.rawValue &- version.clock.rawValue))
            }
            body.writeVarint(UInt64(strings.index(of: change.author)))
            body.writeVarint(UInt64(clamping: change.schema))
        }

        var out = ByteWriter(capacity: body.bytes.count + stations.values.count * 16 + 64)
        writeTables(stations, strings, into: &out)
        out.writeVarint(UInt64(changes.count))
        out.writeBytes(body.bytes)
        return out.bytes
    }

    /// The station and string tables of a batch, in the order of first use that makes the
    /// encoding canonical (`Protocol/README.md` §3): both layouts share them.
    static func tables(_ changes: [Change]) -> (stations: Interner<StationID>, strings: Interner<ExactText>) {
        var stations = Interner<StationID>()
        var strings = Interner<ExactText>()
        for change in changes {
            stations.index(of: change.id.station)
            stations.index(of: change.row.station)
            for version in change.pred { stations.index(of: version.station) }
            strings.index(of: change.table)
            strings.index(of: change.author)
            switch change.operation {
            case .create(let fields): for field in fields { strings.index(of: field.column) }
            case .set(let column, _), .add(let column, _), .remove(let column, _): strings.index(of: column)
            }
        }
        return (stations, strings)
    }

    static func writeTables(_ stations: Interner<StationID>, _ strings: Interner<ExactText>, into out: inout ByteWriter) {
        out.writeVarint(UInt64(stations.values.count))
        for station in stations.values { out.writeStation(station) }
        out.writeVarint(UInt64(strings.values.count))
        for string in strings.values { out.writeString(string.text) }
    }

    /// The entry of a station or string table that the next varint names; an index past the
    /// table's end is refused.
    static func entry<Entry>(of table: [Entry], _ what: String, _ reader: inout ByteReader) throws(DecodingError) -> Entry {
        let index = try reader.readCount(limit: Int.max)
        guard index < table.count else { throw DecodingError(.malformed("\(what) index \(index) out of range"), at: reader.offset) }
        return table[index]
    }

    /// Reads the two tables; each count is checked against the bytes left before anything is allocated.
    static func readTables(_ reader: inout ByteReader) throws(DecodingError) -> (stations: [StationID], strings: [String]) {
        let stationCount = try reader.readCount(limit: reader.remaining / 16)
        var stations = [StationID]()
        stations.reserveCapacity(min(stationCount, 1024))
        for _ in 0..<stationCount { stations.append(try reader.readStation()) }
        let stringCount = try reader.readCount(limit: reader.remaining)
        var strings = [String]()
        strings.reserveCapacity(min(stringCount, 1024))
        for _ in 0..<stringCount { strings.append(try reader.readString()) }
        return (stations, strings)
    }

    private static func writeEdit(
        _ tag: Tag, column: String, value: Value, of change: Change, into body: inout ByteWriter,
        stations: inout Interner<StationID>, strings: inout Interner<ExactText>
    ) {
        body.writeByte(tag.rawValue)
        body.writeVarint(UInt64(stations.index(of: change.row.station)))
        body.writeVarint(change.row.sequence)
        body.writeVarint(UInt64(strings.index(of: column)))
        body.write(value)
    }

    /// Decodes a batch; throws on any malformed or truncated input, never traps.
    package static func decode(_ bytes: [UInt8]) throws(DecodingError) -> [Change] {
        var reader = ByteReader(bytes)
        let (stations, strings) = try readTables(&reader)
        let changeCount = try reader.readCount(limit: reader.remaining)

        func station(_ reader: inout ByteReader) throws(DecodingError) -> StationID { try entry(of: stations, "station", &reader) }
        func string(_ reader: inout ByteReader) throws(DecodingError) -> String { try entry(of: strings, "string", &reader) }

        var changes = [Change]()
        changes.reserveCapacity(min(changeCount, 1024))
        var lastSequence = [StationID: UInt64]()
        var lastClock: UInt64 = 0
        for _ in 0..<changeCount {
            let origin = try station(&reader)
            let sequence = (lastSequence[origin] ?? 0) &+ UInt64(bitPattern: try reader.readSignedVarint())
            lastSequence[origin] = sequence
            let clock = lastClock &+ UInt64(bitPattern: try reader.readSignedVarint())
            lastClock = clock
            let table = try string(&reader)
            let id = ChangeID(station: origin, sequence: sequence)
            let row: RowID
            let operation: Change.Operation
            let tagOffset = reader.offset
            switch Tag(rawValue: try reader.readByte()) {
            case .create:
                let count = try reader.readCount(limit: reader.remaining)
                var fields = [Field]()
                fields.reserveCapacity(min(count, 1024))
                for _ in 0..<count { fields.append(Field(try string(&reader), try reader.readValue())) }
                row = RowID(id)
                operation = .create(fields)
            case let tag?:
                row = RowID(station: try station(&reader), sequence: try reader.readVarint())
                let column = try string(&reader)
                let value = try reader.readValue()
                operation =
                    switch tag {
                    case .set: .set(column: column, value: value)
                    case .add: .add(column: column, element: value)
                    default: .remove(column: column, element: value)
                    }
            case nil:
                throw DecodingError(.malformed("unknown operation tag"), at: tagOffset)
            }
            let predCount = try reader.readCount(limit: reader.remaining)
            var pred = [Version]()
            pred.reserveCapacity(min(predCount, 1024))
            for _ in 0..<predCount {
                let predStation = try station(&reader)
                let delta = UInt64(bitPattern: try reader.readSignedVarint())
                pred.append(Version(clock: Timestamp(rawValue: clock &- delta), station: predStation))
            }
            let author = try string(&reader)
            let schema = try reader.readCount(limit: Int(Int32.max))
            changes.append(
                Change(
                    id: id, table: table, row: row, operation: operation,
                    version: Version(clock: Timestamp(rawValue: clock), station: origin),
                    pred: pred, author: author, schema: schema
                ))
        }
        guard reader.isAtEnd else {
            throw DecodingError(.malformed("\(reader.remaining) bytes after the last change"), at: reader.offset)
        }
        return changes
    }
}

/// Assigns each distinct value a small index, in order of first appearance.
package struct Interner<Element: Hashable> {
    package private(set) var values: [Element] = []
    private var indexes: [Element: Int] = [:]

    package init() {}

    @discardableResult
    package mutating func index(of value: Element) -> Int {
        if let index = indexes[value] { return index }
        indexes[value] = values.count
        values.append(value)
        return values.count - 1
    }
}

/// A text compared and hashed by its UTF-8 bytes, for the string table.
///
/// `String`'s `==` and hashing follow Unicode canonical equivalence: "\u{212B}" (ANGSTROM SIGN)
/// equals "\u{00C5}" and "A\u{030A}", "e\u{0301}" equals "\u{00E9}". Interned as `String`s, two
/// authors or names that differ only so would share one entry, and the batch would carry the
/// first one's bytes for both, where the protocol keeps a text's bytes as they are.
struct ExactText: Hashable {
    var text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.hasSameBytes(as: rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

extension Interner where Element == ExactText {
    /// The index of `text`'s bytes.
    @discardableResult
    mutating func index(of text: String) -> Int { index(of: ExactText(text)) }
}
