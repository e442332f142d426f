/// What the server keeps for a signed-in browser (the cookie holds only a random session id): the
/// hash of the token the supervisor signed in with, looked up again on every request, so a token
/// revoked a moment ago opens nothing more.
package struct BoardSession: Codable, Sendable, Hashable {
    /// The SHA-256 of the sign-in token, in hex, as the relay's table keys it.
    package var tokenHash: String

    package init(tokenHash: [UInt8]) {
        self.tokenHash = tokenHash.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The hash as bytes, or nil for a malformed session.
    var hashBytes: [UInt8]? {
        guard tokenHash.count == 64 else { return nil }
        var bytes = [UInt8]()
        var index = tokenHash.startIndex
        while index < tokenHash.endIndex {
            let next = tokenHash.index(index, offsetBy: 2)
            guard let byte = UInt8(tokenHash[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
