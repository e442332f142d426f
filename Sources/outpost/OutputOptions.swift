import ArgumentParser
import Foundation
import OutpostDomain

/// How a command speaks: English by default, Chinese with `--lang zh` or a Chinese `LANG`.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Language of labels and messages: en or zh (default: from LANG, else en).")
    var lang: String?

    func language() throws -> Language {
        guard let lang else { return Language.preferred(by: ProcessInfo.processInfo.environment) }
        guard let language = Language(option: lang) else {
            throw CommandFailure(.usage, "unknown language '\(lang)': expected en or zh")
        }
        return language
    }
}
