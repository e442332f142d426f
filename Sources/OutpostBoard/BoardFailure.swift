import OutpostDomain

/// Why a board request cannot be answered as asked (a filter value the board does not know, a
/// period that does not parse): shown as a page in the reader's language with the status, never
/// as a stack trace.
struct BoardFailure: Error {
    /// The HTTP status code.
    var status: Int
    var phrase: Phrase

    init(_ status: Int, _ english: String, _ chinese: String) {
        self.status = status
        self.phrase = Phrase(english, chinese)
    }

    init(_ status: Int, _ phrase: Phrase) {
        self.status = status
        self.phrase = phrase
    }
}
