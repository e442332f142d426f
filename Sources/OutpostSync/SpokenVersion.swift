import OutpostWire
import Synchronization

/// The protocol version a client speaks to its relay (`Protocol/README.md` §5): its newest at
/// first, one older each time the relay refuses a version as unsupported (a relay of the
/// previous release), and that one from then on. Shared by every copy of the client, so a
/// client asks an old relay once, not once per request.
final class SpokenVersion: Sendable {
    private let version: Mutex<UInt8>

    init(_ newest: UInt8) { version = Mutex(newest) }

    var current: UInt8 { version.withLock { $0 } }

    /// Steps down from `refused`; false when no older version is left to try.
    func fallBack(from refused: UInt8) -> Bool {
        version.withLock { version in
            guard refused > WireCodec.supportedVersions.lowerBound else { return false }
            version = min(version, refused - 1)
            return true
        }
    }
}
