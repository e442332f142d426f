import OutpostCore

/// Why the store refused a request. Nothing was written when one is thrown: every request runs in
/// one transaction, rolled back on error.
package struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// A local write gave a value the column does not accept.
        case invalidValue
        case unknownTable
        case unknownColumn
        /// A row id that names no row (or no row of that table).
        case unknownRow
        /// A local write tried to change an append-only row or an immutable column.
        case readOnly
        /// The database has no station identity yet (`outpost init`).
        case notInitialised
        case alreadyInitialised
        /// A change id arrived again with other content: a restored or copied database.
        case changeIDReused
        /// A remote change breaks the protocol's structural rules (`docs/ARCHITECTURE.md`, "Validation and schema versions").
        case malformedChange
        /// Two stations claim the same station code.
        case duplicateStationCode
        /// A settlement named heads that are no longer the field's heads.
        case headsChanged
        /// The system SQLite lacks what the store needs.
        case sqliteTooOld
        /// The database was written by a newer Outpost (it has migrations this build lacks).
        case newerDatabase
        /// The station was bootstrapped from the relay's state and lacks the history a request needs.
        case historyAbsent
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}

extension StoreError {
    static func invalid(_ table: String, _ column: String, _ value: Value, expected: String) -> StoreError {
        StoreError(.invalidValue, "invalid \(column) '\(value)' for \(table): expected \(expected)")
    }
}
