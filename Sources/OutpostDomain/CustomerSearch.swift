import OutpostCore

/// How `outpost customer find` turns what a clerk typed into a query.
///
/// Three characters or more use the FTS5 trigram index (`outpost_customer_search`), which
/// matches any substring, CJK included; shorter text cannot form a trigram, so it falls back to
/// `LIKE`. Phones are stored in E.164 (`+8613800138000`), so a phone fragment typed with spaces
/// or dashes is searched as its digits, and one typed with the trunk `0` also without it.
struct CustomerSearch: Hashable, Sendable {
    /// The substrings to look for; a record matching any of them matches.
    let needles: [String]

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        var needles = [trimmed]
        let phoneCharacters: Set<Character> = [" ", "-", "(", ")", ".", "+"]
        if trimmed.contains(where: \.isNumber), trimmed.allSatisfy({ ($0.isASCII && $0.isNumber) || phoneCharacters.contains($0) }) {
            let digits = String(trimmed.filter { $0.isASCII && $0.isNumber })
            needles = [digits]
            if digits.hasPrefix("00"), digits.count >= 7 {
                needles.append(String(digits.dropFirst(2)))
            } else if digits.hasPrefix("0"), digits.count >= 6 {
                needles.append(String(digits.dropFirst()))
            }
        }
        self.needles = needles
    }

    /// Whether every needle is long enough for the trigram index.
    var usesIndex: Bool { needles.allSatisfy { $0.count >= 3 } }

    /// An FTS5 query: each needle as a quoted phrase (quotes doubled), joined by OR.
    var matchExpression: String {
        needles.map { "\"" + $0.replacingAll("\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// `LIKE` patterns for the short needles, with `\` escaping `%` and `_`.
    var likePatterns: [String] {
        needles.map(Self.likePattern)
    }

    /// `%text%`, with `\` escaping the text's own `%` and `_` (use with `ESCAPE '\'`).
    static func likePattern(_ text: String) -> String {
        "%" + text.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%").replacingAll("_", with: "\\_") + "%"
    }
}

extension String {
    /// Every occurrence replaced (Foundation-free).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
