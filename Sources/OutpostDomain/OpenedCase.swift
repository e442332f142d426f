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
    @Nullable package var warrantyOf: String? = nil
    /// Who was notified on opening (urgent, critical).
    @Nullable package var notified: NotificationLevel? = nil

    /// Every field but `overrideUnused`, a remark for the console rather than part of the JSON.
    enum CodingKeys: String, CodingKey {
        case number, id
        case overrideRecorded
        case deadlines
        case warrantyOf
        case notified
    }

}
