/// The relay's HTTP endpoints (`Protocol/README.md` §10). Every request and response body is one
/// frame with content type `WireCodec.contentType`; the request method is always POST.
package enum WireEndpoint: String, Hashable, Sendable, CaseIterable {
    /// `hello` → `welcome`.
    case hello = "/v1/hello"
    /// `push` → `push-ack`.
    case push = "/v1/push"
    /// `pull` → `pull-batch`.
    case pull = "/v1/pull"
    /// `snapshot-request` → `snapshot-chunk`.
    case snapshot = "/v1/snapshot"
    /// `verify-request` → `verify-reply`.
    case verify = "/v1/verify"
    /// `state-request` → `state-chunk`.
    case state = "/v1/state"

    /// The path, for routers.
    package var path: String { rawValue }

    /// The message kind a request to this endpoint carries.
    package var request: MessageKind {
        switch self {
        case .hello: .hello
        case .push: .push
        case .pull: .pull
        case .snapshot: .snapshotRequest
        case .verify: .verifyRequest
        case .state: .stateRequest
        }
    }

    /// The message kind of a successful (200) response.
    package var response: MessageKind {
        switch self {
        case .hello: .welcome
        case .push: .pushAck
        case .pull: .pullBatch
        case .snapshot: .snapshotChunk
        case .verify: .verifyReply
        case .state: .stateChunk
        }
    }
}
