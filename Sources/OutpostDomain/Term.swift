import OutpostCore

/// A word of the service handbook's vocabulary (`docs/ARCHITECTURE.md`, "The domain"): stored in its canonical English form
/// (the schema's `CaseVocabulary`), accepted on input in English or Chinese, shown in either.
package protocol Term: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String, AllCases == [Self] {
    /// The handbook's Chinese name.
    var chinese: String { get }
    /// How the English label reads when it differs from the stored form.
    var english: String { get }
    /// Other spellings accepted on input, already in `Term.folded` form.
    static var aliases: [String: Self] { get }
    /// What the field is called, for messages.
    static var fieldName: Phrase { get }
}

extension Term {
    package var english: String { rawValue }

    package static var aliases: [String: Self] { [:] }

    package func label(in language: Language) -> String {
        language == .chinese ? chinese : english
    }

    /// The term a clerk typed, in English, Chinese or a listed alias; nil when it is none of them.
    package static func matching(_ text: String) -> Self? {
        let folded = Self.folded(text)
        guard !folded.isEmpty else { return nil }
        return allCases.first { $0.rawValue == folded || $0.chinese == folded || Self.folded($0.english) == folded }
            ?? aliases[folded]
    }

    /// Like `matching`, but a value the handbook does not know is refused with the allowed ones.
    package static func parse(_ text: String) throws -> Self {
        guard let term = matching(text) else {
            throw DomainError(
                .invalid,
                Phrase(
                    "unknown \(fieldName.english) '\(text)': expected \(allowed.english)",
                    "无效的\(fieldName.chinese)「\(text)」：可选 \(allowed.chinese)"
                ))
        }
        return term
    }

    /// Every allowed value in both languages: `consultation (咨询), complaint (投诉), ...`.
    package static var allowed: Phrase {
        Phrase(
            allCases.map { "\($0.english) (\($0.chinese))" }.joined(separator: ", "),
            allCases.map { "\($0.chinese)（\($0.english)）" }.joined(separator: "、")
        )
    }

    /// Lower-cased and trimmed, with spaces and underscores read as hyphens: "In Progress",
    /// "in_progress" and "in-progress" are the same word.
    static func folded(_ text: String) -> String {
        String(text.trimmingSpaces().lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 })
    }
}
