import Foundation
import OutpostBoard
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostTestSupport
import Testing

/// The board in a real browser: the relay serves it on 127.0.0.1 (a port picked at run time), and
/// headless Chromium opens every page signed in, its DOM checked for the figures and case numbers
/// the domain computes, and a screenshot of each checked for being a rendered page.
@Suite(.serialized) struct BoardBrowserTests {
    /// The browser, or nil with the reason printed once, so a skipped run says why.
    static let browser: Chromium? = {
        if Chromium.installed == nil { print("BoardBrowserTests skipped: \(Chromium.missingReason)") }
        return Chromium.installed
    }()

    /// Runs a blocking program off Swift's cooperative threads, which the server needs meanwhile.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    @Test(.enabled(if: browser != nil, "needs Debian's chromium (apt-get install -y chromium)"))
    func everyPageRendersSignedInInHeadlessChromium() async throws {
        let chromium = try #require(Self.browser)
        let fixture = try await BoardFixture()
        let replica = await fixture.replica()
        let cases = CaseBook(store: replica, clock: fixture.clock.reading)
        var due = CaseFilter()
        due.dueWithin = TodayQueue.dueSoon
        due.limit = nil
        let listing = try cases.list(due)
        let today = try cases.clocks().calendar.time.date(at: fixture.clock.now())
        let (first, last) = try CaseReport.period("week", from: nil, to: nil, today: today)
        let report = try CaseReport.make(cases, from: first, to: last)
        let head = try await fixture.local.log.head()

        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let board = fixture.board
        let server = Task { try await board.serve(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let base = "http://127.0.0.1:\(port)"
        let directory = fixture.directory
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=?+")
        func signedIn(_ page: String) -> String {
            "\(base)/board/sign-in?token=\(fixture.supervisorToken)&next=\(page.addingPercentEncoding(withAllowedCharacters: allowed) ?? page)"
        }

        let pages: [(name: String, path: String, expected: [String])] = [
            ("stations", "/board/stations", ["<b id=\"head\">\(head)</b>"] + BoardFixture.codes.map { "<td>\($0)</td>" }),
            ("deadlines", "/board/deadlines", ["<span id=\"total\">\(listing.total)</span>"] + listing.cases.prefix(10).map(\.case.number)),
            ("deadlines-zh", "/board/deadlines?severity=critical&lang=zh", ["<h1>时限</h1>", "非常紧迫"]),
            ("conflicts", "/board/conflicts", [fixture.conflictCase, "outpost conflicts settle", "--keep-shown"]),
            (
                "reports", "/board/reports?period=week",
                ["<b id=\"opened\">\(report.opened)</b>", "<b id=\"closed\">\(report.closed)</b>", "<svg", "id=\"chart-surveys\""]
            ),
            ("search", "/board/search?q=%3Cscript%3E", ["&lt;script&gt;alert(1)&lt;/script&gt;", "<span id=\"customer-count\">1</span>"]),
        ]
        let screens = directory.appendingPathComponent("screens")
        try FileManager.default.createDirectory(at: screens, withIntermediateDirectories: true)
        let blank = screens.appendingPathComponent("blank.png")
        try await Self.offThread { try chromium.screenshot("data:text/html,<html><body></body></html>", to: blank, in: directory) }
        let blankSize = try Data(contentsOf: blank).count
        for page in pages {
            let url = signedIn(page.path)
            let dom = try await Self.offThread { try chromium.dumpDOM(url, in: directory) }
            #expect(!dom.contains("name=\"token\""), "\(page.name): signed in, not sent back to the sign-in form")
            for text in page.expected { #expect(dom.contains(text), "\(page.name): \(text)") }
            #expect(!dom.contains("<script"), "\(page.name): no script element")
            #expect(!dom.contains(fixture.supervisorToken), "\(page.name): the token is not on the page")

            let file = screens.appendingPathComponent("\(page.name).png")
            try await Self.offThread { try chromium.screenshot(url, to: file, in: directory) }
            let png = try Data(contentsOf: file)
            let pixels = try PNGPixels(Array(png))
            #expect(pixels.width == 1280 && pixels.height == 800, "\(page.name)")
            #expect(pixels.distinctColors > 16, "\(page.name): a rendered page, not a blank one (\(pixels.distinctColors) colours)")
            #expect(png.count > blankSize * 3, "\(page.name): \(png.count) bytes against a blank page's \(blankSize)")
        }
        // Kept for a person to look at (the README's screenshot is one of these).
        if let keep = ProcessInfo.processInfo.environment["OUTPOST_BOARD_SCREENSHOTS"] {
            for page in pages {
                let target = URL(fileURLWithPath: keep).appendingPathComponent("\(page.name).png")
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: screens.appendingPathComponent("\(page.name).png"), to: target)
            }
        }
    }
}
