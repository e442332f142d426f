/// What `case open` made: the number to give the customer and the case's deadlines.
package struct OpenedCase: Hashable, Sendable, Encodable {
    package var number: String
    package var id: String
    /// True when a handbook rule was set aside with `override` and recorded as an event.
    package var overrideRecorded: Bool
    /// True when an override was given but no rule needed setting aside (nothing recorded).
    package var overrideUnused: Bool
    package var deadlines: Deadlines

    enum CodingKeys: String, CodingKey {
        case number, id
        case overrideRecorded
        case deadlines
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(id, forKey: .id)
        try container.encode(overrideRecorded, forKey: .overrideRecorded)
        try container.encode(deadlines, forKey: .deadlines)
    }
}
