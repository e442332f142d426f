import OutpostCore

/// The language labels and messages are shown in. English is the default; the handbook's Chinese
/// names are first-class in labels, messages and input, so a clerk can work entirely in Chinese.
package enum Language: String, Hashable, Sendable, CaseIterable {
    case english = "en"
    case chinese = "zh"

    /// Reads a `--lang` value: `en`, `zh`, `zh_CN`, `zh-Hans`, `english`, `中文`, ...
    package init?(option: String) {
        let text = option.trimmingSpaces().lowercased()
        if text == "中文" || text == "chinese" || text.hasPrefix("zh") {
            self = .chinese
        } else if text == "english" || text == "英文" || text.hasPrefix("en") || text == "c" || text == "posix" {
            self = .english
        } else {
            return nil
        }
    }

    /// The language the environment asks for, by POSIX precedence: `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG`. Only a Chinese locale changes anything: English stays the default.
    package static func preferred(by environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .chinese : .english
            }
        }
        return .english
    }
}
