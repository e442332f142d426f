import Foundation
import Testing

/// `outpost-bench --quick`: CI's smoke test. It checks that the benchmark completes and reports
/// every figure; timings are never asserted (they belong to the full run in release mode).
@Suite struct BenchmarkSmokeTests {
    @Test func theQuickBenchmarkPrintsEveryFigure() throws {
        let bench = try OutpostBinary(executable: "outpost-bench")
        let json = bench.directory.appendingPathComponent("figures.json")
        let run = try bench("--quick", "--stations", "4", "--json", json.path, database: false)
        #expect(run.status == 0, "\(run)")
        for label in [
            "local edit through the store", "local edit, one transaction each", "commits not waiting for the disk",
            "apply remote changes: load", "one changeset per station",
            "apply remote changes: edits", "session changeset", "wire size of the edits", "pure field change",
            "three stations push everything", "`outpost today`", "`outpost case list --overdue`", "bootstrap a new station", "peak RSS",
            "4 stations syncing at once",
        ] {
            #expect(run.standardOutput.contains(label), "missing row '\(label)' in\n\(run.standardOutput)")
        }
        #expect(run.standardOutput.contains("no errors"), "\(run)")
        let figures = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Double] ?? [:]
        for key in [
            "apply_edits_per_s", "apply_edits_per_s_baseline", "wire_edits_bytes", "wire_edits_bytes_baseline",
            "wire_edits_vs_changeset_per_station_bytes_baseline", "local_edit_single_unsynced_ms",
            "bootstrap_s", "snapshot_bytes", "today_ms", "case_list_overdue_ms_baseline", "deadline_cases_considered", "relay_load_p99_ms",
            "relay_load_errors",
        ] {
            #expect(figures[key] != nil, "missing \(key) in the JSON figures")
        }
        #expect(figures["relay_load_errors"] == 0)
    }
}
