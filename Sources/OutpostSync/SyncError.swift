/// Why a sync stopped, in words a clerk can act on. Nothing unsent is lost: the outbox keeps every
/// change the relay has not acknowledged.
package struct SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: Hashable, Sendable {
        /// The relay could not be reached (network down, wrong address, relay stopped).
        case unreachable
        /// The relay refused the request; `relayCode` says why (`bad-token`, `clock-ahead`, ...).
        case refused
        /// The relay answered something this station cannot read.
        case protocolError
        /// The station is not set up for sync (no relay address or token).
        case notConfigured
        /// The relay holds more of this station's changes than this database has issued: the
        /// database was restored from a backup or copied.
        case restoredDatabase
        /// The relay answering is not the one this station synced with before.
        case otherRelay
    }

    package var code: Code
    package var message: String
    /// The relay's error code, when it refused.
    package var relayCode: String?

    package init(_ code: Code, _ message: String, relayCode: String? = nil) {
        self.code = code
        self.message = message
        self.relayCode = relayCode
    }

    package var description: String { message }
}
