extension Change {
    /// The most bytes one value may hold (text as UTF-8, or a blob). A case's description or a
    /// note of 256 KiB is about 87,000 Chinese characters: far beyond anything a clerk types, and
    /// small enough that any change accepted can be carried by a pull (`Protocol/README.md` §7).
    package static let maximumValueBytes = 256 << 10
    /// The most bytes one change may take when encoded on its own (`encodedSizeBound`): a
    /// creation with several large fields, or one with many preds.
    package static let maximumChangeBytes = 1 << 20

    /// An upper bound of this change's size in a change batch: its values, names and preds at
    /// their longest encodings, as if nothing were interned. Cheap (no encoding), so the relay can
    /// bound pushes, pulls and snapshot chunks with it; always at least the bytes the change
    /// takes in any batch.
    package var encodedSizeBound: Int {
        // Station index, sequence and clock deltas, table index, tag, pred count, author, schema,
        // each at its longest; the table and author names as if first used here.
        var size = 10 + 10 + 10 + 10 + 1 + 10 + 10 + 5 + Self.stringBound(table) + Self.stringBound(author)
        switch operation {
        case .create(let fields):
            size += 10
            for field in fields { size += 10 + Self.stringBound(field.column) + Self.valueBound(field.value) }
        case .set(let column, let value), .add(let column, let value), .remove(let column, let value):
            size += 10 + 10 + 10 + Self.stringBound(column) + Self.valueBound(value)
        }
        // Each pred: a station index and a clock delta, and its station id in the station table.
        return size + pred.count * (10 + 10 + 16) + 2 * 16
    }

    /// Why this change is too large to accept, or nil when it is within the limits. Checked on
    /// local writes and by the relay at a push, never on changes already accepted elsewhere.
    package var sizeProblem: String? {
        for value in values where value.byteCount > Self.maximumValueBytes {
            return "a value of \(value.byteCount) bytes is over the limit of \(Self.maximumValueBytes) bytes (256 KiB)"
        }
        let size = encodedSizeBound
        if size > Self.maximumChangeBytes {
            return "the change takes up to \(size) bytes, over the limit of \(Self.maximumChangeBytes) bytes (1 MiB)"
        }
        return nil
    }

    /// The values this change writes.
    private var values: [Value] {
        switch operation {
        case .create(let fields): fields.map(\.value)
        case .set(_, let value), .add(_, let value), .remove(_, let value): [value]
        }
    }

    private static func stringBound(_ text: String) -> Int { 10 + text.utf8.count }

    private static func valueBound(_ value: Value) -> Int { 1 + 10 + value.byteCount }
}

extension Value {
    /// The bytes of a text (UTF-8) or blob value; 8 for numbers, 0 for null.
    package var byteCount: Int {
        switch self {
        case .null: 0
        case .integer, .real: 8
        case .text(let text): text.utf8.count
        case .blob(let bytes): bytes.count
        }
    }
}
