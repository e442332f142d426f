extension ElementKind {
    /// The normalised form two stations agree on, or nil when the text is not a valid element.
    ///
    /// Phones become E.164 (`+8613800138000`): separators are dropped, `00` becomes `+`, and a
    /// number without a country code is taken as Chinese (+86), the company's home country.
    package func normalise(_ text: String) -> String? {
        switch self {
        case .phone:
            var digits = ""
            var sawPlus = false
            for character in text {
                if character.isASCII, character.isNumber {
                    digits.append(character)
                } else if character == "+", digits.isEmpty, !sawPlus {
                    sawPlus = true
                } else if " -().".contains(character) {
                    continue
                } else {
                    return nil
                }
            }
            if !sawPlus, digits.hasPrefix("00") {
                digits.removeFirst(2)
                sawPlus = true
            }
            if !sawPlus { digits = "86" + (digits.hasPrefix("0") ? String(digits.dropFirst()) : digits) }
            guard (8...15).contains(digits.count) else { return nil }
            return "+" + digits
        case .email:
            let trimmed = text.trimmingSpaces().lowercased()
            let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
                !trimmed.contains(where: { $0.isWhitespace })
            else { return nil }
            return trimmed
        case .tag:
            let trimmed = text.trimmingSpaces().lowercased()
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}

extension String {
    /// The text without leading and trailing whitespace (Foundation-free).
    package func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
