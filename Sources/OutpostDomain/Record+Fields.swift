import Foundation
import OutpostCore
import OutpostStore

extension Record {
    /// A text column, nil when null or empty.
    func string(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): text.isEmpty ? nil : text
        case .integer(let integer): String(integer)
        default: nil
        }
    }

    func integer(_ column: String) -> Int64? {
        self[column].integer
    }

    /// A set column (phones, emails, tags): the JSON array of strings the store keeps.
    func strings(_ column: String) -> [String] {
        guard let text = self[column].text, text != "[]", let data = text.data(using: .utf8),
            let array = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return array
    }
}

/// JSON text of an array of strings, for `json_each(?)` parameters.
func jsonArray(_ strings: some Sequence<String>) -> Value {
    .text(JSONText.array(strings.map(Value.text)))
}
