/// What `case open` made: the number to give the customer and the case's deadlines.
package struct OpenedCase: Hashable, Sendable, Encodable {
    package var number: String
    package var id: String
    /// True when a handbook rule was set aside with `override` and recorded as an event.
    package var overrideRecorded: Bool
    /// True when an override was given but no rule needed setting aside (nothing recorded).
    package var overrideUnused: Bool
    package var deadlines: Deadlines
    /// The earlier repair of the same serial number whose 3-month warranty covers this one.
    package var warrantyOf: String?
    /// Who was notified on opening (urgent, critical).
    package var notified: NotificationLevel?

    enum CodingKeys: String, CodingKey {
        case number, id
        case overrideRecorded
        case deadlines
        case warrantyOf
        case notified
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(id, forKey: .id)
        try container.encode(overrideRecorded, forKey: .overrideRecorded)
        try container.encode(deadlines, forKey: .deadlines)
        try container.encode(warrantyOf, forKey: .warrantyOf)
        try container.encode(notified?.rawValue, forKey: .notified)
    }
}
