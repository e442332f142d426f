/// Why the desk refused a request, in words a clerk can act on. Nothing was written when one is
/// thrown: checks run before the store's transaction or inside it, and a failed transaction
/// rolls back whole.
package struct DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// A value the handbook does not accept, or a missing one (exit code 1 in the CLI).
        case invalid
        /// A reference that matches more than one record, such as a phone shared by two
        /// customers not yet merged (exit code 1).
        case ambiguous
        /// No customer or case matches (exit code 3).
        case notFound
        /// The workflow or a handbook rule refuses the step (exit code 4).
        case refused
    }

    package var code: Code
    package var phrase: Phrase

    package init(_ code: Code, _ phrase: Phrase) {
        self.code = code
        self.phrase = phrase
    }

    package init(_ code: Code, _ english: String, _ chinese: String) {
        self.init(code, Phrase(english, chinese))
    }

    package func message(in language: Language) -> String { phrase.text(in: language) }

    package var description: String { phrase.english }
}
