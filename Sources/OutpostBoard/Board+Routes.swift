import Foundation
package import Hummingbird
import HummingbirdAuth
import Logging
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

extension Board {
    /// The board's routes under `/board`: sign-in and sign-out for anyone, every page only for a
    /// signed-in supervisor (`SessionAuthenticator` re-reads the supervisor on each request).
    package func addRoutes(to router: Router<BoardContext>) {
        let cookie = SessionCookieParameters(name: Self.sessionCookie, path: "/board", secure: false, sameSite: .strict)
        let board = router.group("board").add(
            middleware: SessionMiddleware(
                storage: sessions,
                configuration: SessionMiddlewareConfiguration(sessionCookieParameters: cookie, defaultSessionExpiration: Self.sessionLifetime))
        )
        board.get("sign-in") { request, context in
            // A link (`/board/sign-in?token=...&next=/board/deadlines`) signs in as the form
            // does, for a headless browser that cannot post a form, then redirects to a URL
            // without the token, so it stays out of history and referrers. The relay never logs
            // request URLs.
            if let token = request.uri.queryParameters.get("token") {
                return await signIn(token: token, then: request.uri.queryParameters.get("next"), request, context)
            }
            return try render("sign-in", title: "signIn", request, context)
        }
        board.post("sign-in") { request, context in
            let body = try? await request.body.collect(upTo: 4096)
            let form = body.map { String(buffer: $0) } ?? ""
            let token = form.split(separator: "&").compactMap { pair -> String? in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] == "token" else { return nil }
                return parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }.first
            return await signIn(token: token, request, context)
        }
        board.post("sign-out") { _, context in
            context.sessions.clearSession()
            return Self.redirect(to: "/board/sign-in")
        }
        let pages = board.group()
            .add(middleware: SessionAuthenticator(context: BoardContext.self) { (session: BoardSession, _) in try await supervisor(for: session) })
            .add(middleware: SignedInGate())
        pages.get { _, _ in Self.redirect(to: "/board/stations") }
        pages.get("stations") { request, context in try await page(request, context) { try await stationsPage($0) } }
        pages.get("deadlines") { request, context in try await page(request, context) { try await deadlinesPage(request, $0) } }
        pages.get("conflicts") { request, context in try await page(request, context) { try await conflictsPage(request, $0) } }
        pages.get("reports") { request, context in try await page(request, context) { try await reportsPage(request, $0) } }
        pages.get("search") { request, context in try await page(request, context) { try searchPage(request, $0) } }
    }

    /// The supervisor a session belongs to, read again now; nil once revoked or unknown.
    func supervisor(for session: BoardSession) async throws -> RelaySupervisor? {
        guard let hash = session.hashBytes, let found = try await supervisors.supervisor(tokenHash: hash), !found.revoked else { return nil }
        return found
    }

    /// Checks a sign-in token against the supervisors' table only: a station's token is not
    /// there, so it never opens the board.
    func signIn(token: String?, then next: String? = nil, _ request: Request, _ context: BoardContext) async -> Response {
        let language = Self.language(request)
        func refused(_ status: Int, _ english: String, _ chinese: String) -> Response {
            (try? render(
                "sign-in", title: "signIn", request, context, status: status, values: ["error": Phrase(english, chinese).text(in: language)]))
                ?? Response(status: HTTPResponse.Status(code: status))
        }
        let token = (token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            return refused(400, "Give your sign-in token.", "请输入登录令牌。")
        }
        let hash = StationToken.hash(token)
        let found: RelaySupervisor?
        do {
            found = try await supervisors.supervisor(tokenHash: hash)
        } catch {
            logger.error("sign-in failed", metadata: ["error": "\(error)"])
            return refused(500, "The relay could not check the token; try again.", "中继无法核对令牌，请重试。")
        }
        guard let supervisor = found else {
            return refused(
                401, "This is not a supervisor's sign-in token. Ask the relay operator for one.", "这不是主管的登录令牌，请向中继管理员索取。")
        }
        guard !supervisor.revoked else {
            return refused(403, "This sign-in token was revoked. Ask the relay operator for a new one.", "此登录令牌已被吊销，请向中继管理员索取新令牌。")
        }
        context.sessions.createSession(BoardSession(tokenHash: hash), expiresIn: Self.sessionLifetime)
        try? await supervisors.recordSupervisorSeen(name: supervisor.name, now: clock())
        logger.info("supervisor signed in", metadata: ["supervisor": "\(supervisor.name)"])
        return Self.redirect(to: Self.landing(next))
    }

    /// Where a sign-in continues: a page of the board, never another site (`//host`, `/\host`).
    static func landing(_ next: String?) -> String {
        guard let next, next.hasPrefix("/board/"), !next.contains("//"), !next.contains("\\"), next.count < 500,
            next.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else { return "/board/stations" }
        return next
    }

    /// A page's values, rendered; a `BoardFailure` or `DomainError` becomes a page saying why.
    func page(_ request: Request, _ context: BoardContext, _ build: (Language) async throws -> BoardView) async throws -> Response {
        let language = Self.language(request)
        do {
            let view = try await build(language)
            return try render(view.template, title: view.title, request, context, values: view.values)
        } catch let failure as BoardFailure {
            return try render(
                "message", title: "board", request, context, status: failure.status,
                values: ["error": failure.phrase.text(in: language), "back": request.uri.path])
        } catch let error as DomainError {
            return try render(
                "message", title: "board", request, context, status: 400,
                values: ["error": error.message(in: language), "back": request.uri.path])
        } catch {
            logger.error("a board page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try render(
                "message", title: "board", request, context, status: 500,
                values: [
                    "error": Phrase("The page could not be prepared; try again.", "页面无法生成，请重试。").text(in: language), "back": "/board/stations",
                ])
        }
    }
}
