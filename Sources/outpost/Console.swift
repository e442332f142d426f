import Foundation
import OutpostDomain

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command writes for people: standard output in the chosen language, with colour only
/// on a terminal and never when `NO_COLOR` is set (https://no-color.org) or `TERM` is `dumb`.
struct Console {
    let language: Language
    let colour: Bool

    init(language: Language, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.language = language
        DisplayWidth.ambiguousIsWide = language == .chinese
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colour = isatty(STDOUT_FILENO) == 1 && !noColour && environment["TERM"] != "dumb"
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
        case boldRed = "1;31"
    }

    func paint(_ text: String, _ style: Style?) -> String {
        guard colour, let style, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }

    /// A text in the console's language.
    func say(_ phrase: Phrase) -> String {
        phrase.text(in: language)
    }

    func say(_ english: String, _ chinese: String) -> String {
        language == .chinese ? chinese : english
    }

    /// A vocabulary word in the console's language.
    func term<T: Term>(_ term: T) -> String {
        term.label(in: language)
    }

    func line(_ text: String = "") {
        print(text)
    }

    /// A remark on standard error that does not change the outcome.
    func note(_ text: String) {
        printError(say("note: ", "提示：") + text)
    }

    /// The colour for a severity, so critical cases stand out.
    func style(for severity: Severity) -> Style? {
        switch severity {
        case .critical: .boldRed
        case .urgent: .yellow
        case .normal: nil
        }
    }

    func style(for status: CaseStatus) -> Style? {
        switch status {
        case .new: .cyan
        case .inProgress: .blue
        case .waiting: .magenta
        case .resolved: .green
        case .closed: .dim
        }
    }
}
