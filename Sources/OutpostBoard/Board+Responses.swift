import Hummingbird
import HummingbirdAuth
import Mustache
import NIOCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

extension Board {
    /// The pages in the navigation bar, by path and label key.
    static let navigation = [
        ("/board/stations", "stations"), ("/board/deadlines", "deadlines"), ("/board/conflicts", "conflicts"),
        ("/board/reports", "reports"), ("/board/search", "search"),
    ]

    /// The reader's language: `?lang=` (then remembered in a cookie), else the cookie, else the
    /// browser's `Accept-Language`.
    static func language(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(option:)) { return asked }
        if let kept = request.cookies[languageCookie].flatMap({ Language(rawValue: $0.value) }) { return kept }
        return Language(acceptLanguage: request.headers[.acceptLanguage])
    }

    /// A page in the reader's language, with the navigation, the language switch and who is
    /// signed in. Every answer forbids caching and framing, and allows no script at all.
    func render(
        _ template: String, title: String, _ request: Request, _ context: BoardContext, status: Int = 200,
        values: [String: Any] = [:]
    ) throws -> Response {
        let language = Self.language(request)
        let path = request.uri.path
        var page = values
        page["t"] = BoardPhrases.labels(in: language)
        page["title"] = BoardPhrases.text(title, in: language)
        page["nav"] = Self.navigation.map { href, key in
            ["href": href, "label": BoardPhrases.text(key, in: language), "current": href == path] as [String: Any]
        }
        page["switchHref"] = Self.switchLink(request, to: language == .chinese ? .english : .chinese)
        if let supervisor = context.identity { page["supervisor"] = supervisor.name }
        guard let html = library.render(page, withTemplate: template) else {
            throw BoardFailure(500, "The page's template is missing.", "页面模板缺失。")
        }
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
            .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "no-referrer",
        ]
        if let asked = request.uri.queryParameters.get("lang").flatMap(Language.init(option:)) {
            let cookie = Cookie(
                name: Self.languageCookie, value: asked.rawValue, maxAge: 365 * 86_400, path: "/board", httpOnly: true, sameSite: .strict)
            headers[values: .setCookie].append(cookie.description)
        }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The same page in the other language: its query kept, `lang` replaced.
    static func switchLink(_ request: Request, to language: Language) -> String {
        let kept = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") && !$0.hasPrefix("token=") }
        return request.uri.path + "?" + (kept + ["lang=\(language.rawValue)"]).joined(separator: "&")
    }

    /// 303 See Other: after a form's POST the browser asks for the page with GET.
    static func redirect(to location: String) -> Response {
        Response(status: HTTPResponse.Status(code: 303), headers: [.location: location, .cacheControl: "no-store"])
    }
}
