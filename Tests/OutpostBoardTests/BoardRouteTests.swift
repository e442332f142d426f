import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import OutpostBoard
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// The board's routes through Hummingbird's test client over a real relay's log and merged
/// replica (`BoardFixture`): who gets in, what every page shows, and that it shows it as text.
@Suite(.serialized) struct BoardRouteTests {
    /// The session cookie a sign-in answer sets, as a `Cookie` request header value.
    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("outpost_board=") }.map { String($0.prefix { $0 != ";" }) }
    }

    /// Signs in with the one-time link and returns the cookie.
    static func signIn(_ client: some TestClientProtocol, token: String) async throws -> String? {
        try await client.execute(uri: "/board/sign-in?token=\(token)", method: .get) { sessionCookie($0) }
    }

    static func page(_ client: some TestClientProtocol, _ uri: String, cookie: String?, language: String = "en") async throws -> (
        HTTPResponse.Status, String
    ) {
        var headers: HTTPFields = [.acceptLanguage: language]
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    /// The full count a deadlines page reports.
    static func total(_ html: String) -> Int? {
        html.range(of: "<span id=\"total\">").flatMap { Int(html[$0.upperBound...].prefix { $0.isNumber }) }
    }

    static let pages = ["/board/stations", "/board/deadlines", "/board/conflicts", "/board/reports", "/board/search?q=13"]

    @Test func everyPageRedirectsToSignInWithoutASession() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for uri in Self.pages + ["/board"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .seeOther, "\(uri)")
                    #expect(response.headers[.location] == "/board/sign-in", "\(uri)")
                    #expect(response.body.readableBytes == 0, "no data before signing in: \(uri)")
                }
            }
            let (status, html) = try await Self.page(client, "/board/sign-in", cookie: nil)
            #expect(status == .ok && html.contains("name=\"token\""))
        }
    }

    @Test func aStationsTokenOpensNothing() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let stationToken = fixture.stationTokens["SZ01"]!
            try await client.execute(uri: "/board/sign-in?token=\(stationToken)", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.sessionCookie(response) == nil)
                #expect(String(buffer: response.body).contains("not a supervisor"))
            }
            try await client.execute(
                uri: "/board/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(stationToken)")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.sessionCookie(response) == nil)
            }
            // Nor as the relay's own bearer header.
            try await client.execute(uri: "/board/stations", method: .get, headers: [.authorization: "Bearer \(stationToken)"]) { response in
                #expect(response.status == .seeOther)
            }
            // A made-up session cookie is no session.
            let (status, _) = try await Self.page(client, "/board/stations", cookie: "outpost_board=AAAA")
            #expect(status == .seeOther)
        }
    }

    @Test func theSignInFormSetsAStrictHttpOnlySessionCookie() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            try await client.execute(
                uri: "/board/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(fixture.supervisorToken)")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/board/stations")
                let header = response.headers[values: .setCookie].first { $0.hasPrefix("outpost_board=") } ?? ""
                #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/board"))
                #expect(header.contains("Expires="))
            }
            let (status, html) = try await Self.page(
                client, "/board/sign-in", cookie: nil)
            #expect(status == .ok && !html.contains(fixture.supervisorToken))
            try await client.execute(uri: "/board/sign-in", method: .post, body: ByteBuffer(string: "token=nonsense")) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/board/sign-in", method: .post, body: ByteBuffer(string: "")) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func aRevokedTokenIsRefusedAtTheNextRequest() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            #expect(cookie != nil)
            #expect(try await Self.page(client, "/board/stations", cookie: cookie).0 == .ok)
            try await fixture.local.log.revokeSupervisor(name: "李娜")
            try await client.execute(uri: "/board/stations", method: .get, headers: [.cookie: cookie ?? ""]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/board/sign-in")
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("outpost_board=") }, "the ended session's cookie is expired")
            }
            // Signing in again with the revoked token is refused too.
            try await client.execute(uri: "/board/sign-in?token=\(fixture.supervisorToken)", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(Self.sessionCookie(response) == nil)
            }
        }
    }

    @Test func userTextIsEscapedOnEveryPage() async throws {
        let fixture = try await BoardFixture(casesPerStation: 3)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (status, html) = try await Self.page(client, "/board/search?q=%3Cscript%3E", cookie: cookie)
            #expect(status == .ok)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script"), "no script element reaches the page")
            for uri in Self.pages {
                let (_, page) = try await Self.page(client, uri, cookie: cookie)
                #expect(!page.contains("<script") && !page.contains("<b>粗体</b>"), "\(uri)")
            }
            let (_, deadlines) = try await Self.page(client, "/board/deadlines", cookie: cookie)
            #expect(deadlines.contains("&lt;b&gt;粗体&lt;/b&gt;"), "case titles are shown as text")
            // A query echoed back is escaped as well.
            let (_, echoed) = try await Self.page(client, "/board/search?q=%22%3E%3Cimg%20src%3Dx%3E", cookie: cookie)
            #expect(!echoed.contains("<img") && echoed.contains("&quot;&gt;&lt;img src=x&gt;"))
        }
    }

    @Test func deadlinesMatchTheListingAndItsFilters() async throws {
        let fixture = try await BoardFixture()
        let cases = CaseBook(store: await fixture.replica(), clock: fixture.clock.reading)
        var filter = CaseFilter()
        filter.dueWithin = TodayQueue.dueSoon
        filter.limit = nil
        let listing = try cases.list(filter)
        #expect(listing.total > 0, "the fixture has cases overdue or due soon")
        var criticalFilter = filter
        criticalFilter.severities = ["critical"]
        let critical = try cases.list(criticalFilter)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (status, html) = try await Self.page(client, "/board/deadlines", cookie: cookie)
            #expect(status == .ok)
            #expect(Self.total(html) == listing.total)
            for shown in listing.cases.prefix(20) { #expect(html.contains(shown.case.number)) }

            let station = listing.cases.filter { $0.case.id.hasPrefix("GZ02.") }
            let (_, byStation) = try await Self.page(client, "/board/deadlines?station=gz02", cookie: cookie)
            #expect(Self.total(byStation) == station.count)
            #expect(!byStation.contains("SZ01-2026") || station.isEmpty == false)
            for other in listing.cases where !other.case.id.hasPrefix("GZ02.") { #expect(!byStation.contains(other.case.number)) }

            let (_, bySeverity) = try await Self.page(client, "/board/deadlines?severity=critical", cookie: cookie)
            #expect(Self.total(bySeverity) == critical.total)

            let rule = listing.cases.first?.deadlines?.items.first { $0.isOpen }?.rule ?? "first-contact"
            let withRule = listing.cases.filter { item in
                item.deadlines?.items.contains { $0.rule == rule && ($0.state == .breached || ($0.isOpen && $0.due != nil)) } ?? false
            }
            let (_, byRule) = try await Self.page(client, "/board/deadlines?rule=\(rule)", cookie: cookie)
            #expect(Self.total(byRule).map { $0 <= withRule.count && $0 > 0 } == true)

            for bad in ["severity=bogus", "station=XX99", "rule=no-such-rule"] {
                let (badStatus, page) = try await Self.page(client, "/board/deadlines?\(bad)", cookie: cookie)
                #expect(badStatus == .badRequest, "\(bad)")
                #expect(page.contains("id=\"error\""), "\(bad)")
            }
            let (_, chinese) = try await Self.page(client, "/board/deadlines?severity=bogus", cookie: cookie, language: "zh-CN,zh;q=0.9")
            #expect(chinese.contains("无效的紧急程度"))
        }
    }

    @Test func aPushIsShownOnceTheBackgroundRecomputationEnds() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let before = try #require(Self.total(try await Self.page(client, "/board/deadlines", cookie: cookie).1))
            // A station opens a critical case (first contact due within 4 h) and syncs: the log moves.
            let store = try StationStore(path: fixture.directory.appendingPathComponent("SZ01.db").path, wallClock: fixture.clock.reading)
            let customer = try CustomerBook(store: store).add(NewCustomer(name: "新客户", phones: ["13900139000"]), by: "王芳").customer.id
            let opened = try CaseBook(store: store, clock: fixture.clock.reading).open(
                NewCase(customer: customer, kind: "complaint", channel: "phone", severity: "critical", title: "新投诉"), by: "王芳"
            ).number
            _ = try await SyncClient(store: store).sync()
            // Answered at once (from the previous listing, or the new one), then the new case shows.
            var shown = false
            for _ in 0..<100 where !shown {
                let (status, html) = try await Self.page(client, "/board/deadlines", cookie: cookie)
                #expect(status == .ok)
                shown = html.contains(opened)
                if shown { #expect(Self.total(html) == before + 1) } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(shown, "the new case is listed once the board has recomputed")
        }
    }

    @Test func reportFiguresEqualCaseReports() async throws {
        let fixture = try await BoardFixture()
        let cases = CaseBook(store: await fixture.replica(), clock: fixture.clock.reading)
        let today = try cases.clocks().calendar.time.date(at: fixture.clock.now())
        let (first, last) = try CaseReport.period("week", from: nil, to: nil, today: today)
        let report = try CaseReport.make(cases, from: first, to: last)
        let days = try CaseReport.openedByDay(cases, from: first, to: last)
        #expect(days.map(\.count).reduce(0, +) == report.opened, "the days add up to the cases opened")
        #expect(report.opened == BoardFixture.codes.count * 12)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (status, html) = try await Self.page(client, "/board/reports?period=week", cookie: cookie)
            #expect(status == .ok)
            #expect(html.contains("<b id=\"opened\">\(report.opened)</b>"))
            #expect(html.contains("<b id=\"closed\">\(report.closed)</b>"))
            #expect(html.contains("<b id=\"surveys\">\(report.surveys)</b>"))
            #expect(html.contains("<b id=\"open-conflicts\">\(report.openConflicts)</b>"))
            for row in report.deadlines.rows {
                #expect(html.contains("\(row.key)</td><td class=\"n\">\(row.met)</td><td class=\"n\">\(row.breached)</td>"), "\(row.key)")
            }
            #expect(html.contains("<svg") && html.contains("id=\"chart-days\"") && html.contains("id=\"chart-sla\""))
            for (index, count) in report.surveyDistribution.enumerated() where count > 0 {
                #expect(html.contains("<title>\(index + 1)★ · "), "a bar for score \(index + 1)")
            }

            let station = try CaseReport.make(cases, from: first, to: last, station: "BJ03")
            let (_, byStation) = try await Self.page(client, "/board/reports?period=week&station=BJ03", cookie: cookie)
            #expect(byStation.contains("<b id=\"opened\">\(station.opened)</b>"))

            let month = try CaseReport.period("month", from: nil, to: nil, today: today)
            let monthly = try CaseReport.make(cases, from: month.0, to: month.1)
            let (_, monthPage) = try await Self.page(client, "/board/reports?period=month", cookie: cookie)
            #expect(monthPage.contains("<b id=\"opened\">\(monthly.opened)</b>"))

            for bad in ["period=year", "period=week&from=2026-13-40", "period=week&from=2026-11-30&to=2026-11-01"] {
                let (badStatus, page) = try await Self.page(client, "/board/reports?\(bad)", cookie: cookie)
                #expect(badStatus == .badRequest && page.contains("id=\"error\""), "\(bad)")
            }
        }
    }

    @Test func conflictsShowEveryValueWithTheCommandToSettleIt() async throws {
        let fixture = try await BoardFixture(casesPerStation: 3)
        let book = ConflictBook(store: await fixture.replica())
        let entries = try book.list()
        let severity = try #require(entries.first { $0.field == "severity" })
        // The board's listing is the stations' listing, read only as far as it shows.
        #expect(try book.open(limit: 200).entries == entries && book.open(limit: 200).total == entries.count)
        #expect(try book.open(limit: 0).total == entries.count && book.open(limit: 0).entries.isEmpty)
        for code in BoardFixture.codes {
            let atStation = entries.filter { $0.values.contains { $0.station == code } }
            #expect(try book.open(station: code, limit: 200).entries == atStation, "\(code)")
        }
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (status, html) = try await Self.page(client, "/board/conflicts", cookie: cookie)
            #expect(status == .ok)
            #expect(html.contains("<span id=\"conflict-count\">\(entries.count)</span>"))
            #expect(html.contains(fixture.conflictCase))
            for (index, value) in severity.values.enumerated() {
                #expect(html.contains("outpost conflicts settle \(severity.id) --pick \(index + 1)"))
                #expect(html.contains("<td>\(value.station)</td><td>\(value.staff)</td>"))
            }
            #expect(html.contains("outpost conflicts settle \(severity.id) --keep-shown"))
            let (_, chinese) = try await Self.page(client, "/board/conflicts?lang=zh", cookie: cookie)
            #expect(chinese.contains("非常紧迫") && chinese.contains("未解决冲突"))
            let (_, none) = try await Self.page(client, "/board/conflicts?station=BJ03", cookie: cookie)
            #expect(none.contains("<span id=\"conflict-count\">0</span>"))
        }
    }

    @Test func stationsShowTheLogsEndAndEachCursor() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        // A refused request is noted against its station.
        let refused = await fixture.local.relay.respond(to: .push, token: fixture.stationTokens["BJ03"], body: [1, 2, 3])
        #expect(refused.status != 200)
        let stations = try await fixture.local.log.stations()
        let noted = try #require(stations.first { $0.code == "BJ03" }?.lastError)
        let head = try await fixture.local.log.head()
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (status, html) = try await Self.page(client, "/board/stations", cookie: cookie)
            #expect(status == .ok)
            #expect(html.contains("<b id=\"head\">\(head)</b>"))
            for station in stations {
                #expect(station.schema == Schema.outpost.version)
                #expect(
                    html.contains(
                        "<td class=\"n\">\(station.pushedCount)</td>\n<td class=\"n\">\(station.cursor)</td><td class=\"n\">\(head - station.cursor)</td>"
                    ), "\(station.code)")
            }
            #expect(html.contains(noted.replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;")))
            #expect(stations.filter { $0.lastError != nil }.map(\.code) == ["BJ03"])
        }
    }

    @Test func aSignInLinkContinuesOnlyToTheBoard() async throws {
        let fixture = try await BoardFixture(casesPerStation: 1)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for (next, landing) in [
                ("%2Fboard%2Fdeadlines%3Fseverity%3Durgent", "/board/deadlines?severity=urgent"), ("%2F%2Fevil.example%2F", "/board/stations"),
                ("https%3A%2F%2Fevil.example", "/board/stations"), ("%2Fboard%2F%0D%0ASet-Cookie%3A%20x%3D1", "/board/stations"),
                ("%2Fboard%2F..%2F%5Cevil", "/board/stations"),
            ] {
                try await client.execute(uri: "/board/sign-in?token=\(fixture.supervisorToken)&next=\(next)", method: .get) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == landing, "\(next)")
                }
            }
        }
    }

    @Test func theLanguageFollowsTheBrowserAndTheSwitchIsRemembered() async throws {
        let fixture = try await BoardFixture(casesPerStation: 2)
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try #require(try await Self.signIn(client, token: fixture.supervisorToken))
            let (_, english) = try await Self.page(client, "/board/stations", cookie: cookie, language: "en-GB,en;q=0.8")
            #expect(english.contains("<h1>Stations</h1>") && english.contains("lang=zh"))
            let (_, chinese) = try await Self.page(client, "/board/stations", cookie: cookie, language: "zh-CN,zh;q=0.9,en;q=0.5")
            #expect(chinese.contains("<h1>站点</h1>") && chinese.contains("lang=en"))
            var remembered = ""
            try await client.execute(uri: "/board/stations?lang=zh", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en"]) { response in
                #expect(String(buffer: response.body).contains("<h1>站点</h1>"))
                remembered =
                    response.headers[values: .setCookie].first { $0.hasPrefix("outpost_lang=") }.map { String($0.prefix { $0 != ";" }) } ?? ""
            }
            #expect(remembered == "outpost_lang=zh")
            let (_, kept) = try await Self.page(client, "/board/deadlines", cookie: cookie + "; " + remembered, language: "en")
            #expect(kept.contains("<h1>时限</h1>"))
        }
    }

    @Test func searchFindsACaseByNumberAndCustomersByNameOrPhone() async throws {
        let fixture = try await BoardFixture(casesPerStation: 3)
        let number = try #require(fixture.opened["GZ02"]?.first)
        // The search's one query lists each customer's cases as their profile does.
        let customers = CustomerBook(store: await fixture.replica())
        let everyone = try customers.find("1", limit: 50)
        #expect(everyone.count == 6)
        let listed = try customers.cases(of: everyone, limit: 100)
        for customer in everyone {
            #expect(listed[customer.id] ?? [] == (try customers.profile(customer.id).cases), "\(customer.name)")
        }
        try await fixture.board.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let cookie = try await Self.signIn(client, token: fixture.supervisorToken)
            let (_, byNumber) = try await Self.page(client, "/board/search?q=\(number.lowercased())", cookie: cookie)
            #expect(byNumber.contains("<span class=\"case-number\">\(number)</span>"))
            let (_, byName) = try await Self.page(client, "/board/search?q=%E5%BC%A0%E4%BC%9F", cookie: cookie)
            #expect(byName.contains("张伟") && byName.contains("<span id=\"customer-count\">1</span>"))
            let (_, byPhone) = try await Self.page(client, "/board/search?q=13100138000", cookie: cookie)
            #expect(byPhone.contains("张伟"))
            let (_, nothing) = try await Self.page(client, "/board/search?q=nobody-here", cookie: cookie)
            #expect(nothing.contains("<span id=\"customer-count\">0</span>"))
        }
    }
}
