/// A text in both languages the desk speaks.
///
/// The domain builds every message in both and the front chooses one when it prints, so the
/// rules never need to know who is reading.
package struct Phrase: Hashable, Sendable, CustomStringConvertible {
    package var english: String
    package var chinese: String

    package init(_ english: String, _ chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    /// The same text in both languages (numbers, case numbers, names).
    package init(verbatim text: String) {
        self.init(text, text)
    }

    package func text(in language: Language) -> String {
        switch language {
        case .english: english
        case .chinese: chinese
        }
    }

    package var description: String { english }
}
