/// Who handles a case (`docs/ARCHITECTURE.md`, "Cases"), stored as the integer 1, 2 or 3.
package enum Tier: String, Term, Comparable, Encodable {
    /// The front line.
    case one = "1"
    /// Complex or technical cases.
    case two = "2"
    /// Experts.
    case three = "3"

    package init?(number: Int64) {
        self.init(rawValue: String(number))
    }

    package var number: Int64 { Int64(rawValue)! }

    package var english: String {
        switch self {
        case .one: "1 (front line)"
        case .two: "2 (technical)"
        case .three: "3 (experts)"
        }
    }

    package var chinese: String {
        switch self {
        case .one: "一线"
        case .two: "二线"
        case .three: "三线（专家）"
        }
    }

    package static let aliases: [String: Tier] = [
        "1": .one, "2": .two, "3": .three, "t1": .one, "t2": .two, "t3": .three,
        "tier-1": .one, "tier-2": .two, "tier-3": .three, "tier1": .one, "tier2": .two, "tier3": .three,
        "front-line": .one, "frontline": .one, "technical": .two, "expert": .three, "experts": .three,
        "一线": .one, "二线": .two, "三线": .three, "专家": .three,
    ]

    package static let fieldName = Phrase("tier", "支持层级")

    package static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.number < rhs.number }

    /// As the tables store it: the number, not its text.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(number)
    }
}
