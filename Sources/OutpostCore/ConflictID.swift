/// The id of an open conflict: a hash of (table, row, column, sorted head versions), so every
/// replica names the same conflict the same way (`docs/ARCHITECTURE.md`, "Conflicts").
///
/// The hash is 64-bit FNV-1a over the canonical bytes laid out in `Protocol/README.md`
/// ("Conflict ids"); it is part of the contract between stations and must never change.
package struct ConflictID: Hashable, Sendable, CustomStringConvertible {
    package var rawValue: UInt64

    package init(rawValue: UInt64) { self.rawValue = rawValue }

    package init(table: String, row: RowID, column: String, heads: [Version]) {
        var writer = ByteWriter()
        writer.writeString(table)
        writer.writeStation(row.station)
        writer.writeFixed64(row.sequence)
        writer.writeString(column)
        for version in heads.sorted() {
            writer.writeFixed64(version.clock.rawValue)
            writer.writeStation(version.station)
        }
        rawValue = Fingerprint.hash(writer.bytes)
    }

    /// 16 hex digits.
    package var description: String { Fingerprint.text(rawValue) }

    package init?(_ text: String) {
        // `UInt64(_:radix:)` alone would accept a sign.
        guard text.utf8.count == 16, let bytes = Hex.decode(text) else { return nil }
        rawValue = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
