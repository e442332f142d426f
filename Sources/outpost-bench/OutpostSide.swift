import Foundation
import OutpostCore
import OutpostStore
import OutpostWire
import Synchronization

/// Outpost's side of the benchmark: station A loads the workload, A, B and C make their edits
/// offline, and an observer station applies everything as its pulls would deliver it.
struct OutpostSide {
    static let codes = ["SZ01", "GZ02", "BJ03"]
    static let observerCode = "HZ09"
    /// Local edits per transaction; a pull applies up to this many changes per transaction.
    static let localBatch = 1_000
    static let pullBatch = 5_000
    static let pushBatch = 2_000

    let workload: Workload
    private(set) var stations: [StationStore] = []
    private(set) var observer: StationStore
    /// Station A's load: its own station row, then customers, then cases.
    private(set) var load: [Change] = []
    /// Each editing station's changes after the load, in its local order.
    private(set) var edits: [[Change]] = []
    private(set) var customerRows: [RowID] = []
    private(set) var caseRows: [RowID] = []
    private(set) var caseTexts: [String] = []

    init(directory: URL, workload: Workload) throws {
        self.workload = workload
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 7)
        for code in Self.codes {
            let store = try StationStore(path: directory.appendingPathComponent("\(code).db").path)
            try store.initialise(code: code, name: "Station \(code)", timeZone: "Asia/Shanghai", author: "bench", using: &random)
            stations.append(store)
        }
        observer = try StationStore(path: directory.appendingPathComponent("\(Self.observerCode).db").path)
        try observer.initialise(code: Self.observerCode, name: "Observer", timeZone: "Asia/Shanghai", author: "bench", using: &random)
    }

    // MARK: - Load

    /// Creates the load at station A, `localBatch` creations per transaction; returns the seconds taken.
    mutating func createLoad() throws -> Double {
        let a = stations[0]
        let workload = self.workload
        var customerRows = [RowID]()
        var caseRows = [RowID]()
        let text = { (row: RowID) in RowText.make(code: Self.codes[0], sequence: row.sequence) }
        let seconds = try measure {
            for chunk in workload.customers.chunked(Self.localBatch) {
                customerRows += try a.write(as: "load") { write in try chunk.map { try write.create("customers", $0) } }
            }
            for chunk in workload.cases.chunked(Self.localBatch) {
                caseRows += try a.write(as: "load") { write in
                    try chunk.map { item in
                        try write.create("cases", item.fields + [Field("customer_id", .text(text(customerRows[item.customer])))])
                    }
                }
            }
        }
        self.customerRows = customerRows
        self.caseRows = caseRows
        caseTexts = caseRows.map(text)
        load = try a.unsentChanges()
        return seconds
    }

    /// Stations B and C receive the load as their first pulls would bring it; the observer's
    /// apply is the one timed.
    func applyLoadEverywhere() throws -> Double {
        // Two stations, two cores: they take the load side by side (not timed).
        let others = Array(stations.dropFirst())
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: others.count) { index in
            do {
                for batch in load.chunked(Self.pullBatch) { try others[index].apply(Array(batch)) }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
        return try measure {
            for batch in load.chunked(Self.pullBatch) { try observer.apply(Array(batch)) }
        }
    }

    // MARK: - Edits

    /// Every station makes its edits, `localBatch` per transaction; returns the seconds taken in all.
    mutating func makeEdits() throws -> Double {
        var seconds = 0.0
        edits = []
        for (index, store) in stations.enumerated() {
            let before = try store.syncState().localSequence
            let caseRows = self.caseRows
            let caseTexts = self.caseTexts
            let customerRows = self.customerRows
            seconds += try measure {
                for chunk in workload.edits[index].chunked(Self.localBatch) {
                    try store.write(as: "staff-\(Self.codes[index])") { write in
                        for edit in chunk {
                            switch edit {
                            case .caseField(let row, let column, let value): try write.set("cases", caseRows[row], column, value)
                            case .addPhone(let row, let phone): try write.add("customers", customerRows[row], "phones", phone)
                            case .note(let row, let body):
                                try write.create(
                                    "case_events",
                                    [Field("case_id", .text(caseTexts[row])), Field("kind", .text("note")), Field("body", .text(body))])
                            }
                        }
                    }
                }
            }
            // B and C's own station rows (their change #1) go with their edits: the relay sends them first.
            edits.append(try store.unsentChanges().filter { index != 0 || $0.id.sequence > before })
        }
        return seconds
    }

    /// The edits in the order a relay's log holds them: each station pushes `pushBatch` changes at
    /// a time, in turn.
    var relayOrder: [Change] {
        Array(inTurn(edits, batch: Self.pushBatch).joined())
    }

    /// The observer applies every edit, `pullBatch` per transaction, in the relay's order.
    func applyEdits(_ order: [Change]) throws -> Double {
        try measure {
            for batch in order.chunked(Self.pullBatch) { try observer.apply(Array(batch)) }
        }
    }

    /// The cases the one-edit transactions update, chosen once for Outpost and its baseline.
    func singleEditRows(_ count: Int) -> [RowID] {
        var random = SplitMix64(seed: 99)
        return (0..<count).map { _ in caseRows[Int.random(in: 0..<caseRows.count, using: &random)] }
    }

    /// One edit of each of `rows` at station A, each in its own transaction.
    static func singleEdits(_ edits: ArraySlice<(row: RowID, assignee: String)>, at a: StationStore) throws -> Double {
        try measure {
            for edit in edits {
                try a.write(as: "staff-SZ01") { try $0.set("cases", edit.row, "assignee", .text(edit.assignee)) }
            }
        }
    }

    // MARK: - Wire

    /// What pushing `changes` costs on the wire in protocol `version`: deflated frames of
    /// `pushBatch` changes per station.
    static func wireBytes(_ perStation: [[Change]], version: UInt8) -> Int {
        perStation.reduce(0) { total, changes in
            guard let station = changes.first?.id.station else { return total }
            return total
                + changes.chunked(pushBatch).reduce(0) { sum, batch in
                    sum
                        + WireCodec.encode(.push(Push(station: station, schema: Schema.outpost.version, changes: Array(batch))), version: version)
                        .count
                }
        }
    }
}

/// What pushing the edits costs on the wire in a protocol version: all of them, and the field
/// updates and the notes alone (`OutpostSide.wireBytes`).
struct WireSizes: Sendable {
    let edits: Int
    let bytesPerPureField: Double
    let bytesPerNote: Double

    init(_ perStation: [[Change]], version: UInt8 = WireCodec.protocolVersion) {
        func perChange(_ kept: (Change) -> Bool) -> Double {
            let subset = perStation.map { $0.filter(kept) }
            return Double(OutpostSide.wireBytes(subset, version: version)) / Double(subset.map(\.count).reduce(0, +))
        }
        edits = OutpostSide.wireBytes(perStation, version: version)
        bytesPerPureField = perChange { if case .set = $0.operation { true } else { false } }
        bytesPerNote = perChange { $0.table == "case_events" }
    }
}

/// Each station's changes in batches of `batch`, the stations taking turns: the order in which a
/// relay's log holds them when every station pushes a batch at a time.
func inTurn(_ perStation: [[Change]], batch: Int) -> [ArraySlice<Change>] {
    let chunks = perStation.map { $0.chunked(batch) }
    var order = [ArraySlice<Change>]()
    for round in 0..<(chunks.map(\.count).max() ?? 0) {
        for station in chunks where round < station.count { order.append(station[round]) }
    }
    return order
}

extension Collection {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [SubSequence] {
        var chunks = [SubSequence]()
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            chunks.append(self[start..<end])
            start = end
        }
        return chunks
    }
}
