import OutpostBoard
import OutpostDomain
import Testing

/// The board's language comes from the browser's `Accept-Language` when the reader has not chosen
/// one, and every label exists in both languages.
@Suite struct BoardLanguageTests {
    @Test(arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", Language.chinese), ("en-US,en;q=0.9,zh;q=0.8", .english), ("fr-FR,fr;q=0.9,zh-TW;q=0.5", .chinese),
        ("en;q=0.3, zh-Hans;q=0.7", .chinese), ("zh;q=0, en", .english), ("*", .english), ("", .english), ("de, fr", .english),
    ])
    func theHighestWeightedSupportedLanguageWins(header: String, expected: Language) {
        #expect(Language(acceptLanguage: header) == expected)
    }

    @Test func noHeaderIsEnglish() {
        #expect(Language(acceptLanguage: nil) == .english)
    }

    @Test func everyLabelIsInBothLanguages() {
        for (key, phrase) in BoardPhrases.all {
            #expect(!phrase.english.isEmpty && !phrase.chinese.isEmpty, "\(key)")
            #expect(BoardPhrases.labels(in: .chinese)[key] == phrase.chinese)
        }
    }
}
