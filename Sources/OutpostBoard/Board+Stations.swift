import Foundation
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostRelayStore
import OutpostStore

extension Board {
    /// Each station as the relay knows it: last request, changes pushed, pull cursor against the
    /// log's end, the last refusal, and the schema its software announced.
    func stationsPage(_ language: Language) async throws -> BoardView {
        let stations = try await relay.log.stations()
        let head = try await relay.log.head()
        let time = try zoneTime()
        let rows: [[String: Any]] = stations.map { station in
            var row: [String: Any] = [
                "code": station.code, "name": station.name ?? "",
                "state": BoardPhrases.text(station.revoked ? "revoked" : "active", in: language),
                "lastSeen": station.lastSeen.map(time.text) ?? BoardPhrases.text("never", in: language),
                "pushed": station.pushedCount, "cursor": station.cursor, "behind": head - min(head, station.cursor),
                "schema": [station.schema.map { "\($0)" }, station.software].compactMap { $0 }.joined(separator: " · "),
                "lastErrorAt": station.lastErrorAt.map(time.text) ?? "",
            ]
            if let lastError = station.lastError { row["lastError"] = lastError }
            return row
        }
        return BoardView(
            template: "stations", title: "stations",
            values: [
                "stations": rows, "head": head, "replicaPosition": try await relay.replica.position(), "zone": time.zone.identifier,
            ])
    }

    /// Times are shown in the calendar's replicated zone, the one the reports count days in.
    func zoneTime() throws -> StationTime {
        try CaseBook(store: relay.replica.store, clock: clock).clocks().calendar.time
    }

    /// The enrolled stations' codes, for the filters' lists and to refuse a code nobody enrolled.
    func stationCodes() async throws -> [String] {
        try await relay.log.stations().map(\.code)
    }

    /// A `station` filter: empty for all, else an enrolled code (any letter case).
    func stationFilter(_ text: String?, codes: [String]) throws -> String? {
        guard let text = text?.trimmingSpaces(), !text.isEmpty else { return nil }
        guard let code = codes.first(where: { $0 == text.uppercased() }) else {
            throw BoardFailure(
                400, "No station \(text) is enrolled here: choose one from the list.", "此中继没有站点「\(text)」：请从列表中选择。")
        }
        return code
    }

    /// Options of a `<select>`, the chosen one marked.
    static func options(_ values: [(value: String, label: String)], selected: String?) -> [[String: Any]] {
        values.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }
    }
}
