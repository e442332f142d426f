import Foundation
package import OutpostDomain

extension Language {
    /// The language a browser asks for in `Accept-Language` (RFC 9110 §12.5.4): the supported
    /// range with the highest weight, the first listed on a tie; English when neither is asked for.
    package init(acceptLanguage header: String?) {
        var best: (language: Language, weight: Double)?
        for item in (header ?? "").split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first, let language = Language(option: range) else { continue }
            let weight =
                parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard weight > 0 else { continue }
            if best.map({ weight > $0.weight }) ?? true { best = (language, weight) }
        }
        self = best?.language ?? .english
    }
}
