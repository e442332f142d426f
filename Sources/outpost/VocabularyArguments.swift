import ArgumentParser
import OutpostCore
import OutpostDomain

// Vocabulary options parse through `Term.matching`, so English, Chinese and the listed aliases are
// all accepted, while `--help` lists the stored English values (argument-parser's own default
// for a `RawRepresentable` would accept only those). An unknown value is a usage error (exit 2);
// `VocabularyArguments.refusals` says it in Chinese as well.

extension CaseKind: ExpressibleByArgument {
    init?(argument: String) { self.init(typed: argument) }
    static var allValueStrings: [String] { storedValues }
}

extension CaseChannel: ExpressibleByArgument {
    init?(argument: String) { self.init(typed: argument) }
    static var allValueStrings: [String] { storedValues }
}

extension Severity: ExpressibleByArgument {
    init?(argument: String) { self.init(typed: argument) }
    static var allValueStrings: [String] { storedValues }
}

extension AfterSalesService: ExpressibleByArgument {
    init?(argument: String) { self.init(typed: argument) }
    static var allValueStrings: [String] { storedValues }
}

extension Role: ExpressibleByArgument {
    init?(argument: String) { self.init(typed: argument) }
    static var allValueStrings: [String] { storedValues }
}

extension Term {
    /// A value as a clerk may type it: English, Chinese or an alias.
    init?(typed text: String) {
        guard let term = Self.matching(text) else { return nil }
        self = term
    }

    /// The stored English values, as `--help` lists them.
    static var storedValues: [String] { allCases.map(\.rawValue) }
}

/// `case edit --service`: a service, or nothing (`--service ""`) to clear it.
struct ServiceOrNone: ExpressibleByArgument {
    var service: AfterSalesService?

    init?(argument: String) {
        if argument.trimmingSpaces().isEmpty {
            service = nil
        } else if let service = AfterSalesService.matching(argument) {
            self.service = service
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { AfterSalesService.storedValues }
}

/// The vocabulary options and their terms, to say in Chinese why a typed value was refused.
enum VocabularyArguments {
    private static let options: [String: @Sendable (String) -> Phrase?] = [
        "--kind": refusal(CaseKind.self), "--channel": refusal(CaseChannel.self), "--severity": refusal(Severity.self),
        "--service": refusal(AfterSalesService.self), "--role": refusal(Role.self),
    ]

    private static func refusal<T: Term>(_: T.Type) -> @Sendable (String) -> Phrase? {
        { text in
            guard !text.trimmingSpaces().isEmpty else { return nil }
            do {
                _ = try T.parse(text)
                return nil
            } catch {
                return (error as? DomainError)?.phrase
            }
        }
    }

    /// Why each vocabulary value on a command line is refused (`--kind bogus`, `--severity=超级`).
    static func refusals(in arguments: [String]) -> [Phrase] {
        var out = [Phrase]()
        for (index, argument) in arguments.enumerated() {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard let check = options[parts[0]] else { continue }
            let value = parts.count == 2 ? parts[1] : index + 1 < arguments.count ? arguments[index + 1] : nil
            if let value, let phrase = check(value) { out.append(phrase) }
        }
        return out
    }
}
