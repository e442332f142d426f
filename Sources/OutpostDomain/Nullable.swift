/// An optional field written to JSON as `null` when empty. Synthesised `Encodable` leaves an empty
/// optional's key out; `--json` promises every key is always present, so scripts reading it see
/// nulls rather than gaps, and each record type still declares its fields only once.
@propertyWrapper
package struct Nullable<Wrapped: Hashable & Sendable & Encodable>: Hashable, Sendable, Encodable {
    package var wrappedValue: Wrapped?

    package init(wrappedValue: Wrapped?) {
        self.wrappedValue = wrappedValue
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// An optional instant kept in milliseconds, as the tables store it, and written to JSON as the
/// store's ISO 8601 UTC text (the form of `created` and `updated`), or `null`.
@propertyWrapper
package struct NullableInstant: Hashable, Sendable, Encodable {
    package var wrappedValue: Int64?

    package init(wrappedValue: Int64?) {
        self.wrappedValue = wrappedValue
    }

    package func encode(to encoder: any Encoder) throws {
        try Nullable(wrappedValue: wrappedValue.map { StationTime.isoText(UInt64(max(0, $0))) }).encode(to: encoder)
    }
}
