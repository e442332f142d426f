/// How badly the customer is affected (`docs/ARCHITECTURE.md`, "Cases"). Declared lowest first, the
/// order the `highestRank` merge policy ranks them in.
package enum Severity: String, Term, Comparable {
    /// The customer can still work.
    case normal
    /// Secondary functions are broken and work is badly slowed.
    case urgent
    /// The system is down.
    case critical

    package var chinese: String {
        switch self {
        case .normal: "一般"
        case .urgent: "紧迫"
        case .critical: "非常紧迫"
        }
    }

    package static let aliases: [String: Severity] = ["low": .normal, "high": .urgent, "紧急": .urgent, "严重": .critical]

    package static let fieldName = Phrase("severity", "紧急程度")

    package static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
