import OutpostCore

/// How `outpost customer find` turns what a clerk typed into a query.
///
/// Three characters or more use the FTS5 trigram index (`outpost_customer_search`), which
/// matches any substring, CJK included; shorter text cannot form a trigram, so it falls back to
/// `LIKE`.
///
/// Phones are stored in E.164 (`+8675588881234`) but typed as clerks read them (`0755-8888 1234`,
/// `138 0013 8000`, the last four digits), so text made of digits and phone punctuation is
/// turned into the forms it can take in E.164 at query time, and the index keeps holding only
/// what the replica stores (`docs/ARCHITECTURE.md`, "Derived values"):
///
/// - its digits, found anywhere: a mobile, a local number without its area code, the middle or
///   the last digits (`8000`);
/// - typed with the trunk `0` (an area code at least: three digits or more), a national number:
///   `0755` is the Shenzhen area code, `+86755` where an element starts; with six digits or more
///   also the digits after the `0` anywhere, for a foreign number typed in its own country's
///   national form (`020 7946 0958` for `+442079460958`);
/// - typed with `+`, or with `00` and seven digits or more, an international number: `+` and the
///   digits, where an element starts. Shorter text after `00` is more likely the middle of a
///   number (`0013` in `138 0013 8000`), so it is searched as digits only.
///
/// Those E.164 forms are looked for in the phones column only, so `+86755` finds Shenzhen
/// landlines and nothing else.
struct CustomerSearch: Hashable, Sendable {
    /// A substring to look for.
    struct Needle: Hashable, Sendable {
        var text: String
        /// Looked for in `phones` only, not in name, contact or emails.
        var phonesOnly = false
    }

    /// The substrings to look for; a record matching any of them matches.
    let needles: [Needle]

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let phoneCharacters: Set<Character> = [" ", "-", "(", ")", ".", "+"]
        if trimmed.contains(where: \.isNumber), trimmed.allSatisfy({ ($0.isASCII && $0.isNumber) || phoneCharacters.contains($0) }) {
            needles = Self.phoneNeedles(trimmed)
        } else {
            needles = [Needle(text: trimmed)]
        }
    }

    /// The fragments of E.164 a phone typed in any common form can be (see the type's comment).
    static func phoneNeedles(_ typed: String) -> [Needle] {
        let digits = String(typed.filter { $0.isASCII && $0.isNumber })
        if typed.first(where: { $0 == "+" || $0.isNumber }) == "+" { return [Needle(text: "+" + digits, phonesOnly: true)] }
        var needles = [Needle(text: digits)]
        if digits.hasPrefix("00") {
            if digits.count >= 7 { needles.append(Needle(text: "+" + digits.dropFirst(2), phonesOnly: true)) }
        } else if digits.hasPrefix("0"), digits.count >= 3 {
            needles.append(Needle(text: "+86" + digits.dropFirst(), phonesOnly: true))
            if digits.count >= 6 { needles.append(Needle(text: String(digits.dropFirst()), phonesOnly: true)) }
        }
        return needles
    }

    /// Whether every needle is long enough for the trigram index.
    var usesIndex: Bool { needles.allSatisfy { $0.text.count >= 3 } }

    /// An FTS5 query: each needle as a quoted phrase (quotes doubled), limited to the `phones`
    /// column where it says so, joined by OR.
    var matchExpression: String {
        needles.map { needle in
            (needle.phonesOnly ? "phones : " : "") + "\"" + needle.text.replacingAll("\"", with: "\"\"") + "\""
        }.joined(separator: " OR ")
    }

    /// A `LIKE` condition per needle, for text too short for the index, with its arguments.
    var likeConditions: [(sql: String, arguments: [String])] {
        needles.map { needle in
            let pattern = Self.likePattern(needle.text)
            if needle.phonesOnly { return (#"phones LIKE ? ESCAPE '\'"#, [pattern]) }
            return (
                #"(name LIKE ? ESCAPE '\' OR contact LIKE ? ESCAPE '\' OR phones LIKE ? ESCAPE '\' OR emails LIKE ? ESCAPE '\')"#,
                Array(repeating: pattern, count: 4)
            )
        }
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
