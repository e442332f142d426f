import Foundation

/// `--json`: pretty, with sorted keys, so scripts and diffs see a stable shape. Field names follow
/// the domain tables' columns (`customer_id`, `order_number`); vocabulary stays in its stored
/// English form whatever `--lang` says.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // `customerID` → `customer_id`: Swift names, the tables' column names in the output.
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
