import Foundation

/// The figures of one run: printed as a Markdown table (the README's), written as JSON for tools.
struct Report {
    enum Figure: String, CaseIterable {
        case localBatched = "local_edit_batched_us"
        case localSingle = "local_edit_single_ms"
        case localSingleUnsynced = "local_edit_single_unsynced_ms"
        case applyLoad = "apply_load_per_s"
        case applyEdits = "apply_edits_per_s"
        case applyChangeset = "apply_edits_vs_changeset_per_s"
        case wireEdits = "wire_edits_bytes"
        case wireEditsMerged = "wire_edits_vs_changeset_per_station_bytes"
        case wireEditsVersion1 = "wire_edits_version_1_bytes"
        case wirePureField = "wire_bytes_per_pure_field_change"
        case wireNote = "wire_bytes_per_note"
        case todayCold = "today_cold_ms"
        case today = "today_ms"
        case overdue = "case_list_overdue_ms"
        case todayAfterEdits = "today_after_edits_ms"
        case relayIngest = "relay_ingest_load_per_s"
        case relayIngestEdits = "relay_ingest_per_s"
        case bootstrapLoad = "bootstrap_load_s"
        case peakMemoryLoad = "bootstrap_load_peak_rss_bytes"
        case bootstrap = "bootstrap_s"
        case peakMemory = "bootstrap_peak_rss_bytes"
        case bootstrapLoadLog = "bootstrap_load_log_snapshot_s"
        case peakMemoryLoadLog = "bootstrap_load_log_snapshot_peak_rss_bytes"
    }

    private struct Row {
        var label: String
        var outpost: String
        var baseline: String
        var ratio: String
    }

    let size: Workload.Size
    let seed: UInt64
    private var rows: [Row] = []
    private var figures: [String: Double] = [:]

    init(size: Workload.Size, seed: UInt64) {
        self.size = size
        self.seed = seed
    }

    mutating func add(_ figure: Figure, outpost: Double, baseline: Double? = nil, count: Int = 0, extra: Double? = nil) {
        figures[figure.rawValue] = outpost
        if let baseline { figures[figure.rawValue + "_baseline"] = baseline }
        let edits = "\(grouped(size.fieldEdits)) field edits + \(grouped(size.notes)) notes"
        switch figure {
        case .localBatched:
            rows.append(
                Row(
                    label: "local edit through the store, \(grouped(OutpostSide.localBatch)) per transaction (\(edits))",
                    outpost: "\(decimal(outpost)) µs/edit", baseline: "\(decimal(baseline!)) µs (plain UPDATE/INSERT)",
                    ratio: times(outpost / baseline!, "the time")))
        case .localSingle:
            rows.append(
                Row(
                    label: "local edit, one transaction each (a commit waits for the disk, as stations run)", outpost: "\(decimal(outpost)) ms/edit",
                    baseline: "\(decimal(baseline!)) ms (plain UPDATE)", ratio: times(outpost / baseline!, "the time")))
        case .localSingleUnsynced:
            rows.append(
                Row(
                    label: "the same, commits not waiting for the disk (`synchronous = NORMAL`, both sides)", outpost: "\(decimal(outpost)) ms/edit",
                    baseline: "\(decimal(baseline!)) ms (plain UPDATE)", ratio: times(outpost / baseline!, "the time")))
        case .applyLoad:
            rows.append(
                Row(
                    label: "apply remote changes: load (\(grouped(size.customers)) customers + \(grouped(size.cases)) cases)",
                    outpost: "\(grouped(Int(outpost))) changes/s", baseline: "\(grouped(Int(baseline!)))/s (plain INSERT)",
                    ratio: times(outpost / baseline!, "the speed")))
        case .applyEdits:
            rows.append(
                Row(
                    label: "apply remote changes: edits (\(edits)), \(grouped(OutpostSide.pullBatch)) per transaction",
                    outpost: "\(grouped(Int(outpost))) changes/s", baseline: "\(grouped(Int(baseline!)))/s (plain UPDATE/INSERT)",
                    ratio: times(outpost / baseline!, "the speed")))
        case .applyChangeset:
            rows.append(
                Row(
                    label: "apply remote changes: edits, vs SQLite session changesets of the same pushes",
                    outpost: "\(grouped(Int(outpost))) changes/s", baseline: "\(grouped(Int(baseline!))) edits/s (sqlite3changeset_apply)",
                    ratio: times(outpost / baseline!, "the speed")))
            figures.removeValue(forKey: figure.rawValue)
        case .wireEdits:
            figures["wire_edits_bytes_per_change"] = outpost / Double(count)
            rows.append(
                Row(
                    label: "wire size of the edits, zlib level 6, \(grouped(OutpostSide.pushBatch)) per push",
                    outpost: "\(megabytes(outpost)) (\(decimal(outpost / Double(count))) B/change)",
                    baseline: "\(megabytes(baseline!)) (\(decimal(baseline! / Double(count))) B/edit, a session changeset per push, deflated)",
                    ratio: times(outpost / baseline!, "the size")))
        case .wireEditsMerged:
            figures.removeValue(forKey: figure.rawValue)
            rows.append(
                Row(
                    label:
                        "the same, against one changeset per station of all its edits (each syncing once, at the end: a row's repeated updates merged)",
                    outpost: megabytes(outpost),
                    baseline: "\(megabytes(baseline!)) (\(decimal(baseline! / Double(count))) B/edit, deflated)",
                    ratio: times(outpost / baseline!, "the size")))
        case .wireEditsVersion1:
            rows.append(
                Row(
                    label: "the edits in protocol version 1 (change batches in rows), as a station of the previous release sends them",
                    outpost: "\(megabytes(outpost)) (\(decimal(outpost / Double(count))) B/change)", baseline: "—", ratio: "—"))
        case .wirePureField:
            if let extra { figures[figure.rawValue + "_version_1"] = extra }
            rows.append(
                Row(
                    label: "wire size of a pure field change (the edits' single-field updates alone)", outpost: "\(decimal(outpost)) B/change",
                    baseline: extra.map { "\(decimal($0)) B in protocol version 1" } ?? "—",
                    ratio: extra.map { times(outpost / $0, "the size") } ?? "—"))
        case .wireNote:
            rows.append(
                Row(label: "wire size of a note (the edits' appended notes alone)", outpost: "\(decimal(outpost)) B/note", baseline: "—", ratio: "—"))
        case .todayCold, .today, .overdue, .todayAfterEdits:
            figures["deadline_cases_considered"] = Double(count)
            let read = figure == .overdue ? "`outpost case list --overdue`" : "`outpost today`"
            let cache =
                switch figure {
                case .todayCold: "deadline cache empty: every case's clocks computed and stored"
                case .todayAfterEdits: "after \(grouped(DeadlineReads.touched)) cases changed: their clocks computed again"
                default: "deadline cache filled, median of \(DeadlineReads.runs)"
                }
            rows.append(
                Row(
                    label: "\(read) over \(grouped(count)) cases not closed, \(cache)",
                    outpost: "\(decimal(outpost)) ms", baseline: "\(decimal(baseline!)) ms (SELECT count(*) of those cases)",
                    ratio: times(outpost / baseline!, "the time")))
        case .relayIngest:
            rows.append(
                Row(
                    label: "relay: SZ01 pushes the load over loopback (\(grouped(OutpostSide.pushBatch)) per push)",
                    outpost: "\(grouped(Int(outpost))) changes/s", baseline: "—", ratio: "—"))
        case .relayIngestEdits:
            rows.append(
                Row(
                    label: "relay: three stations push everything over loopback (\(grouped(OutpostSide.pushBatch)) per push)",
                    outpost: "\(grouped(Int(outpost))) changes/s", baseline: "—", ratio: "—"))
        case .bootstrapLoad:
            figures["snapshot_load_bytes"] = extra
            rows.append(
                Row(
                    label: "bootstrap a new station over loopback: the load, from the relay's state",
                    outpost: "\(decimal(outpost)) s, state \(megabytes(extra ?? 0))",
                    baseline: "—", ratio: "—"))
        case .peakMemoryLoad:
            rows.append(Row(label: "peak RSS of that station", outpost: megabytes(outpost), baseline: "—", ratio: "—"))
        case .bootstrap:
            figures["snapshot_bytes"] = extra
            rows.append(
                Row(
                    label: "bootstrap a new station over loopback: load + edits, from the relay's state",
                    outpost: "\(decimal(outpost)) s, state \(megabytes(extra ?? 0))",
                    baseline: "—", ratio: "—"))
        case .peakMemory:
            rows.append(Row(label: "peak RSS of that station", outpost: megabytes(outpost), baseline: "—", ratio: "—"))
        case .bootstrapLoadLog:
            figures["snapshot_load_log_bytes"] = extra
            rows.append(
                Row(
                    label: "the same from the log snapshot (every change up to P, as before)",
                    outpost: "\(decimal(outpost)) s, snapshot \(megabytes(extra ?? 0))", baseline: "—", ratio: "—"))
        case .peakMemoryLoadLog:
            rows.append(Row(label: "peak RSS of that station", outpost: megabytes(outpost), baseline: "—", ratio: "—"))
        }
    }

    mutating func addLoad(_ load: RelayLoad.Result) {
        figures["relay_load_stations"] = Double(load.stations)
        figures["relay_load_relays"] = Double(load.relays)
        figures["relay_load_changes_per_s"] = Double(load.changesMoved) / load.seconds
        figures["relay_load_p50_ms"] = load.p50Milliseconds
        figures["relay_load_p99_ms"] = load.p99Milliseconds
        figures["relay_load_max_ms"] = load.maxMilliseconds
        figures["relay_load_errors"] = Double(load.errors)
        let errors = load.errors == 0 ? "no errors" : "\(load.errors) errors (first: \(load.firstError ?? "?"))"
        rows.append(
            Row(
                label:
                    "relay: \(load.stations) stations syncing at once over loopback\(load.relays > 1 ? ", through \(load.relays) relays on one log" : "") (\(grouped(load.syncs)) push+pull syncs)",
                outpost:
                    "\(grouped(Int(Double(load.changesMoved) / load.seconds))) changes/s; p50 \(decimal(load.p50Milliseconds)) ms, p99 \(decimal(load.p99Milliseconds)) ms, max \(decimal(load.maxMilliseconds)) ms; \(errors)",
                baseline: "—", ratio: "—"
            ))
        figures["relay_load_relay_p50_ms"] = load.relayP50Milliseconds
        figures["relay_load_relay_p99_ms"] = load.relayP99Milliseconds
        figures["relay_load_relay_max_ms"] = load.relayMaxMilliseconds
        figures["relay_load_queued_p99_ms"] = load.queuedP99Milliseconds
        rows.append(
            Row(
                label:
                    "of each sync, the relay's own time: its requests' arrival to answer, summed (the stations' own apply, on the same cores, is the rest)",
                outpost:
                    "p50 \(decimal(load.relayP50Milliseconds)) ms, p99 \(decimal(load.relayP99Milliseconds)) ms, max \(decimal(load.relayMaxMilliseconds)) ms; waiting for a turn p99 \(decimal(load.queuedP99Milliseconds)) ms",
                baseline: "—", ratio: "—"
            ))
    }

    mutating func addBoard(_ pages: [BoardReads.Page]) {
        for page in pages {
            let key = "board_" + page.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
            figures[key + "_first_ms"] = page.first * 1e3
            figures[key + "_ms"] = page.again * 1e3
            rows.append(
                Row(
                    label: "board page over HTTP: \(page.name) (HTTP \(page.status)); first ask, then the median of \(BoardReads.runs) more",
                    outpost: "\(decimal(page.first * 1e3)) ms, then \(decimal(page.again * 1e3)) ms", baseline: "—", ratio: "—"))
        }
    }

    var markdown: String {
        var lines = ["| figure | Outpost | baseline, same run | Outpost vs baseline |", "| --- | --- | --- | --- |"]
        lines += rows.map { "| \($0.label) | \($0.outpost) | \($0.baseline) | \($0.ratio) |" }
        return lines.joined(separator: "\n")
    }

    var json: Data {
        var object: [String: Double] = figures
        object["seed"] = Double(seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(object)) ?? Data()
    }
}

private func decimal(_ value: Double) -> String {
    String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value)
}

private func grouped(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}

private func megabytes(_ bytes: Double) -> String { String(format: "%.2f MB", bytes / 1_000_000) }

private func times(_ ratio: Double, _ what: String) -> String { String(format: "%.2f×", ratio) + " " + what }
