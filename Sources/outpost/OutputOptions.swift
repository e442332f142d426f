import ArgumentParser
import Foundation
import OutpostDomain

/// How a command speaks: English by default, Chinese with `--lang zh` or a Chinese `LANG`.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Language of labels and messages: en or zh (default: from LANG, else en).")
    var lang: String?

    /// An unknown language is a usage error (exit 2), found before the command runs.
    func validate() throws {
        if let lang, Language(option: lang) == nil { throw ValidationError("unknown language '\(lang)': expected en or zh") }
    }

    func language() throws -> Language {
        guard let lang else { return Language.preferred(by: ProcessInfo.processInfo.environment) }
        guard let language = Language(option: lang) else {
            throw CommandFailure(.usage, "unknown language '\(lang)': expected en or zh")
        }
        return language
    }

    /// The language a command line asks for before it is parsed, for a usage error: `--lang`
    /// (`--lang zh`, `--lang=zh`), else the environment's.
    static func language(in arguments: [String], environment: [String: String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            let value =
                argument.hasPrefix("--lang=")
                ? String(argument.dropFirst("--lang=".count)) : argument == "--lang" && index + 1 < arguments.count ? arguments[index + 1] : nil
            if let language = value.flatMap(Language.init(option:)) { return language }
        }
        return Language.preferred(by: environment)
    }

    /// The language, or English when `--lang` names none we speak (its error is then reported
    /// in English, by `reporting`).
    var languageOrEnglish: Language { (try? language()) ?? .english }
}
