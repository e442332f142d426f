import Foundation
import OutpostRelayStore
import OutpostTestSupport
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

    /// `--relay-store postgres`: the relay figures with the logs in PostgreSQL, one new database
    /// per relay on the test server.
    @Test func theQuickBenchmarkRunsItsRelaysOnPostgreSQL() throws {
        guard let server = try TestPostgres.server(for: #function) else { return }
        let bench = try OutpostBinary(executable: "outpost-bench")
        let relays = try bench(
            "--quick", "--stations", "4", "--load-relays", "2", "--relay-store", "postgres", "--postgres", server.description, database: false)
        #expect(relays.status == 0, "\(relays)")
        #expect(relays.standardError.contains("relays keep their logs in PostgreSQL"), "\(relays)")
        for label in [
            "SZ01 pushes the load", "three stations push everything", "4 stations syncing at once over loopback, through 2 relays", "no errors",
        ] {
            #expect(relays.standardOutput.contains(label), "missing '\(label)' in\n\(relays.standardOutput)")
        }
        let refused = try bench("--quick", "--relay-store", "postgres", database: false)
        #expect(refused.status != 0 && refused.standardError.contains("--relay-store postgres needs --postgres"), "\(refused)")
        let alone = try bench("--quick", "--load-relays", "3", database: false)
        #expect(alone.status != 0 && alone.standardError.contains("--load-relays above 1 needs --relay-store postgres"), "\(alone)")
    }
}
