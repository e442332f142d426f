import Hummingbird
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore

extension Board {
    /// Every open conflict, as `outpost-relay conflicts` lists them; reused while the log has
    /// not moved (`BoardCache`), since each reads its field's history.
    func openConflicts() async throws -> BoardCache.Entry<[ConflictEntry]> {
        await relay.replica.catchUp()
        let position = try await relay.replica.position()
        let store = relay.replica.store
        return try await cache.value("conflicts", position: position, now: clock()) { try ConflictBook(store: store).list() }
    }

    /// Open conflicts across stations, as `outpost-relay conflicts` lists them (`ConflictBook`),
    /// each competing value with who made it where, and the command a station types to keep it.
    func conflictsPage(_ request: Request, _ language: Language) async throws -> BoardView {
        let codes = try await stationCodes()
        let station = try stationFilter(request.uri.queryParameters.get("station"), codes: codes)
        let time = try zoneTime()
        let entries = try await openConflicts().value.filter { entry in
            station.map { code in entry.values.contains { $0.station == code } } ?? true
        }
        let conflicts: [[String: Any]] = entries.prefix(Self.rowLimit).map { entry in
            func shown(_ value: String) -> String {
                FieldNames.value(value, of: entry.field, in: entry.table, time: time).text(in: language)
            }
            return [
                "id": entry.id, "label": entry.label, "field": FieldNames.label(entry.field).text(in: language),
                "shown": shown(entry.shown), "policy": entry.policy, "keepCommand": "outpost conflicts settle \(entry.id) --keep-shown",
                "values": entry.values.enumerated().map { index, value in
                    [
                        "index": index + 1, "value": shown(value.value), "station": value.station, "staff": value.staff,
                        "edited": StationTime.milliseconds(fromISO: value.edited).map(time.text) ?? value.edited,
                        "command": "outpost conflicts settle \(entry.id) --pick \(index + 1)",
                    ] as [String: Any]
                },
            ]
        }
        return BoardView(
            template: "conflicts", title: "conflicts",
            values: ["conflicts": conflicts, "count": entries.count, "stationOptions": Self.options(codes.map { ($0, $0) }, selected: station)])
    }
}
