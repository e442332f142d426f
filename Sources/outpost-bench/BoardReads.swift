import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OutpostBoard
import OutpostCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore

/// The supervisors' board over the observer's replica (the load, the edits and a desk's history
/// from `DeadlineReads`): each page asked for over loopback HTTP, signed in, the first time
/// (nothing computed yet) and again (the board's cached clocks and report reused).
struct BoardReads {
    let observer: StationStore
    let directory: URL
    /// Repeated asks per page after the first; the median is reported.
    static let runs = 5

    struct Page {
        var name: String
        var first: Double
        var again: Double
        var status: UInt
    }

    /// The pages asked for, by name and path: each filter once, Chinese once.
    static func pages(customer: String, caseNumber: String) -> [(String, String)] {
        let name = customer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? customer
        return [
            ("stations", "/board/stations"), ("deadlines", "/board/deadlines"),
            ("deadlines, urgent at GZ02", "/board/deadlines?station=GZ02&severity=urgent"),
            ("conflicts", "/board/conflicts"), ("reports, week", "/board/reports?period=week"),
            ("reports, month, in Chinese", "/board/reports?period=month&lang=zh"),
            ("search, a customer's name", "/board/search?q=\(name)"), ("search, a case number", "/board/search?q=\(caseNumber)"),
        ]
    }

    func run() async throws -> [Page] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "outpost.bench-board")
        logger.logLevel = .critical
        // A relay whose merged replica is the observer's file: its own log is empty, so the
        // replica has nothing to catch up with and the board reads the observer's cases.
        let log = try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
        for code in try observer.stationCodes().values.sorted() where code != OutpostSide.observerCode {
            try await log.enrol(
                code: code, name: "Station \(code)", tokenHash: StationToken.hash(StationToken.generate()), now: StationStore.systemMilliseconds())
        }
        let replica = try MergedReplica(path: observer.path, log: log, logger: logger)
        let board = try Board(relay: Relay(log: log, replica: replica, logger: logger), supervisors: log, logger: logger)
        let token = StationToken.generate()
        try await log.addSupervisor(name: "bench", tokenHash: StationToken.hash(token), now: StationStore.systemMilliseconds())

        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await board.serve(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the board did not start") }
        let base = "http://127.0.0.1:\(port)"
        // The sign-in answer's cookie is read, not followed.
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
        do {
            let pages = try await measurePages(base: base, token: token, http: http)
            try await http.shutdown()
            return pages
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    private func measurePages(base: String, token: String, http: HTTPClient) async throws -> [Page] {
        let signIn = try await http.execute(HTTPClientRequest(url: "\(base)/board/sign-in?token=\(token)"), timeout: .seconds(60))
        guard let cookie = signIn.headers["Set-Cookie"].first?.split(separator: ";").first.map(String.init) else {
            throw BenchError("the board set no session cookie")
        }
        let customer = try observer.records("SELECT name FROM customers ORDER BY id LIMIT 1").first?["name"].text ?? "王"
        let number = try observer.records("SELECT number FROM cases ORDER BY id LIMIT 1").first?["number"].text ?? "SZ01"
        func ask(_ path: String) async throws -> (seconds: Double, status: UInt) {
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: "Cookie", value: cookie)
            let started = ContinuousClock.now
            let response = try await http.execute(request, timeout: .seconds(600))
            _ = try await response.body.collect(upTo: 64 << 20)
            return (seconds(since: started), response.status.code)
        }
        var pages = [Page]()
        for (name, path) in Self.pages(customer: customer, caseNumber: number) {
            let first = try await ask(path)
            var again = [Double]()
            for _ in 0..<Self.runs { again.append(try await ask(path).seconds) }
            pages.append(Page(name: name, first: first.seconds, again: again.sorted()[again.count / 2], status: first.status))
        }
        return pages
    }
}
