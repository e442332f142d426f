import Hummingbird
import HummingbirdAuth

/// Lets a request through only with a supervisor authenticated by `SessionAuthenticator`;
/// anything else is sent to the sign-in page. A session whose token was revoked is also ended,
/// so its cookie is expired in the same answer.
struct SignedInGate: RouterMiddleware {
    typealias Context = BoardContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else {
            if context.sessions.session != nil { context.sessions.clearSession() }
            return Board.redirect(to: "/board/sign-in")
        }
        return try await next(request, context)
    }
}
