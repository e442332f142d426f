/// Chromium exited with an error; the arguments say which page (a sign-in token never shown).
struct ChromiumFailure: Error, CustomStringConvertible {
    var status: Int32
    var arguments: [String]
    var description: String { "chromium exited with status \(status) for \(arguments.joined(separator: " "))" }
}
