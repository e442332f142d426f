extension ValueRule {
    /// Whether a value has the shape this rule accepts. References are checked for shape only:
    /// whether the row exists is a local-write check (a remote change may arrive before its row).
    package func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.text, .text(let text)): !text.isEmpty
        case (.optionalText, .text), (.optionalText, .null): true
        case (.integer(let range), .integer(let integer)): range.contains(integer)
        case (.optionalInteger, .null): true
        case (.optionalInteger(let range), .integer(let integer)): range.contains(integer)
        case (.oneOf(let allowed), .text(let text)): allowed.contains(text)
        case (.optionalOneOf, .null): true
        case (.optionalOneOf(let allowed), .text(let text)): allowed.contains(text)
        case (.reference, .text(let text)): RowText.isWellFormed(text)
        case (.optionalReference, .null): true
        case (.optionalReference, .text(let text)): RowText.isWellFormed(text)
        case (.element(let kind), .text(let text)): kind.normalise(text) == text
        default: false
        }
    }

    /// What the rule accepts, in words, for error messages.
    package var expectation: String {
        switch self {
        case .text: "non-empty text"
        case .optionalText: "text"
        case .integer(let range), .optionalInteger(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .oneOf(let allowed), .optionalOneOf(let allowed): "one of " + allowed.joined(separator: ", ")
        case .reference(let table), .optionalReference(let table): "the id of a row in \(table)"
        case .element(.phone): "a phone number such as +86 138 0013 8000"
        case .element(.email): "an email address such as name@example.com"
        case .element(.tag): "a non-empty tag"
        }
    }

    /// Whether a creation must give this column.
    package var isRequired: Bool {
        switch self {
        case .text, .integer, .oneOf, .reference: true
        default: false
        }
    }
}

/// The text form of a row id in the domain tables: the creating station's code, a dot, and the
/// sequence of the creating change (`SZ01.17`). Station codes are unique per incarnation, so the
/// text is as unique as the id.
package enum RowText {
    package static func make(code: String, sequence: UInt64) -> String { "\(code).\(sequence)" }

    /// Splits `SZ01.17` into code and sequence.
    package static func parse(_ text: String) -> (code: String, sequence: UInt64)? {
        guard let dot = text.lastIndex(of: ".") else { return nil }
        let code = String(text[..<dot])
        guard StationCode.isValid(code), let sequence = UInt64(text[text.index(after: dot)...]), sequence > 0 else { return nil }
        return (code, sequence)
    }

    package static func isWellFormed(_ text: String) -> Bool { parse(text) != nil }
}

/// Station codes: 2–8 upper-case letters or digits, starting with a letter (`SZ01`, `SZ01B`).
package enum StationCode {
    package static func isValid(_ code: String) -> Bool {
        let utf8 = Array(code.utf8)
        guard (2...8).contains(utf8.count), let first = utf8.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else { return false }
        return utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
