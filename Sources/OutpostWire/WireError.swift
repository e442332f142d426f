/// A frame that could not be read: which check failed, and what to do about it.
///
/// Thrown by `WireCodec.decode` and `FrameDecoder.feed`; nothing is decoded from a refused frame.
/// `Protocol/README.md` §5 gives the order in which the checks run.
package struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Code: String, Hashable, Sendable, CaseIterable {
        /// The first bytes are not the Outpost magic: not an Outpost frame at all.
        case badMagic
        /// The frame's protocol version is not one this side speaks.
        case unsupportedVersion
        /// The CRC-32 of the payload does not match the header.
        case badChecksum
        /// The input ends inside the frame.
        case truncated
        /// The frame's payload, on the wire or inflated, is over the configured limit.
        case oversize
        /// The payload inflates (or declares it inflates) far beyond what was sent.
        case decompressionBomb
        /// The header, the deflate stream or the message inside is not well formed.
        case malformed
        /// The message type byte names no known message.
        case unknownMessage
    }

    package var code: Code
    /// What was wrong, and what to do about it, in words.
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code.rawValue): \(message)" }

    /// The error a relay answers with when a request frame is refused for this reason.
    package var errorCode: ErrorCode {
        switch code {
        case .oversize: .tooLarge
        case .unsupportedVersion: .unsupportedVersion
        case .badMagic, .badChecksum, .truncated, .decompressionBomb, .malformed, .unknownMessage: .malformed
        }
    }
}

/// The stable codes carried by `error` messages (`Protocol/README.md` §8), with the HTTP status
/// each is answered with. Receivers must accept codes not listed here (a newer peer may send
/// them) and treat them by the HTTP status of the response.
package enum ErrorCode: String, Hashable, Sendable, CaseIterable {
    /// The token is missing, unknown or does not match.
    case badToken = "bad-token"
    /// The token was revoked.
    case revoked = "revoked"
    /// The token is valid but names no station the relay knows, or the hello's station differs.
    case unknownStation = "unknown-station"
    /// A pushed change is stamped with another station's id.
    case foreignStation = "foreign-station"
    /// A push restarts the station's sequence, or reuses a change id with other content.
    case restoredDatabase = "restored-database"
    /// A push skips sequences the log does not hold: its first new change is not the next one.
    case sequenceGap = "sequence-gap"
    /// A pushed change is stamped beyond the relay's future bound.
    case clockAhead = "clock-ahead"
    /// The frame is over the receiver's limits.
    case tooLarge = "too-large"
    /// The body is not a well-formed frame or message, or the message is not valid here.
    case malformed = "malformed"
    /// The frame's protocol version is not supported.
    case unsupportedVersion = "unsupported-version"
    /// The snapshot at the requested position can no longer be served; start again at position 0.
    case snapshotExpired = "snapshot-expired"
    /// The relay failed; the request may be retried.
    case internalError = "internal"
    /// The relay has more requests than it takes at once; nothing was read. Retry after the
    /// seconds of the `Retry-After` header, repeated in the error's detail.
    case busy = "busy"

    /// The HTTP status an `error` frame with this code is sent with.
    package var httpStatus: Int {
        switch self {
        case .badToken, .revoked, .unknownStation: 401
        case .foreignStation: 403
        case .restoredDatabase, .sequenceGap, .clockAhead: 409
        case .tooLarge: 413
        case .malformed: 400
        case .unsupportedVersion: 426
        case .snapshotExpired: 410
        case .internalError: 500
        case .busy: 503
        }
    }
}
