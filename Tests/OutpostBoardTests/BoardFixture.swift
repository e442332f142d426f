import Foundation
import Logging
import OutpostBoard
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostSync
import OutpostTestSupport

/// A real relay on 127.0.0.1 with three stations on SQLite files that opened cases, closed some,
/// took surveys, changed one case's severity while apart (an open conflict), and synced; a
/// supervisor added to the relay; and the board over the relay's log and merged replica, on the
/// same hand-driven clock, so every deadline is the same on every run.
final class BoardFixture: Sendable {
    let directory: URL
    let clock: ManualClock
    let local: LocalRelay
    let board: Board
    let supervisorToken: String
    /// Station code → its token, for the test that a station's token opens nothing.
    let stationTokens: [String: String]
    /// The case two stations changed while apart.
    let conflictCase: String
    /// Case numbers opened, by station.
    let opened: [String: [String]]

    /// 2026-11-23 10:00 in Shanghai (02:00 UTC), a Monday.
    static let morning: UInt64 = 1_795_399_200_000
    static let hour: UInt64 = 3_600_000
    static let codes = ["SZ01", "GZ02", "BJ03"]
    static let scriptName = "<script>alert(1)</script>"

    init(_ name: String = #function, casesPerStation: Int = 12) async throws {
        directory = try temporaryDirectory(name)
        let clock = ManualClock(Self.morning - 4 * 24 * Self.hour)
        self.clock = clock
        local = try await LocalRelay(directory: directory, wallClock: clock.reading)
        var stores = [String: StationStore]()
        var tokens = [String: String]()
        for (index, code) in Self.codes.enumerated() {
            let token = try await local.enrol(code: code, name: "Station \(code)")
            let store = try stationOnFile(code, in: directory, seed: UInt64(index + 1), clock: clock)
            try store.setSetting(SyncSettings.relayURL, local.url)
            try store.setSetting(SyncSettings.token, token)
            stores[code] = store
            tokens[code] = token
        }
        stationTokens = tokens
        func sync(_ code: String) async throws { _ = try await SyncClient(store: stores[code]!).sync() }

        var random = SplitMix64(seed: 42)
        var opened = [String: [String]]()
        let names = ["SZ01": [Self.scriptName, "王小明"], "GZ02": ["张伟", "陈静"], "BJ03": ["李雷", "Hanna Meyer"]]
        for (index, code) in Self.codes.enumerated() {
            let desk = CaseBook(store: stores[code]!, clock: clock.reading)
            let customers = try names[code]!.enumerated().map { offset, name in
                try CustomerBook(store: stores[code]!).add(
                    NewCustomer(name: name, phones: ["13\(index)0013800\(offset)"]), by: "王芳"
                ).customer.id
            }
            for number in 0..<casesPerStation {
                clock.advance(by: UInt64.random(in: 10...100, using: &random) * 60_000)
                let kind = ["consultation", "complaint", "feedback"].randomElement(using: &random)!
                let new = NewCase(
                    customer: customers.randomElement(using: &random)!, kind: kind,
                    channel: ["phone", "web", "walk-in"].randomElement(using: &random)!,
                    severity: ["normal", "urgent", "critical"].randomElement(using: &random)!, title: "\(code) 第\(number)件 <b>粗体</b>",
                    category: kind == "complaint" ? "物流" : nil)
                let caseNumber = try desk.open(new, by: "王芳").number
                opened[code, default: []].append(caseNumber)
                if number % 3 == 0 {
                    try desk.contact(caseNumber, channel: "phone", outcome: "reached", by: "王芳")
                    try desk.solution(caseNumber, "方案", accepted: "yes", by: "王芳")
                    try desk.resolve(caseNumber, by: "王芳")
                    try desk.close(caseNumber, by: "王芳")
                    try desk.survey(caseNumber, score: Int.random(in: 3...5, using: &random), by: "王芳")
                }
            }
        }
        self.opened = opened
        for code in Self.codes { try await sync(code) }
        for code in Self.codes { try await sync(code) }

        // Two stations raise and lower the same case's severity while apart.
        let shared = opened["SZ01"]!.last!
        let current = try CaseBook(store: stores["SZ01"]!, clock: clock.reading).locate(shared).severity
        let others = ["normal", "urgent", "critical"].filter { $0 != current }
        var atShenzhen = CaseChanges()
        atShenzhen.severity = others[0]
        try CaseBook(store: stores["SZ01"]!, clock: clock.reading).edit(shared, atShenzhen, by: "王芳")
        clock.advance(by: 60_000)
        var atGuangzhou = CaseChanges()
        atGuangzhou.severity = others[1]
        try CaseBook(store: stores["GZ02"]!, clock: clock.reading).edit(shared, atGuangzhou, by: "陈静")
        try await sync("SZ01")
        try await sync("GZ02")
        conflictCase = shared
        // The morning after: first contacts not made are overdue, others are due within hours.
        clock.set(max(clock.now() + Self.hour, Self.morning))

        let token = StationToken.generate()
        try await local.log.addSupervisor(name: "李娜", tokenHash: StationToken.hash(token), now: clock.now())
        supervisorToken = token
        var logger = Logger(label: "outpost.board-tests")
        logger.logLevel = .critical
        board = try Board(relay: local.relay, supervisors: local.log, logger: logger, clock: clock.reading)
    }

    /// The merged replica, caught up with the log.
    func replica() async -> StationStore { await local.replica() }

    deinit { local.stop() }
}
