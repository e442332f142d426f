import Hummingbird
import OutpostCore
import OutpostDomain
import OutpostRelay
import OutpostStore

extension Board {
    /// The open conflicts a page lists, first first as `outpost-relay conflicts` orders them, and
    /// how many there are; reused while current (`BoardCache`), since each reads its row's history.
    func openConflicts(station: String?) async throws -> BoardCache.Entry<(entries: [ConflictEntry], total: Int)> {
        await relay.replica.catchUp(within: Self.replicaWait)
        let position = try await relay.replica.position()
        let store = relay.replica.store
        return try await cache.value("conflicts|\(station ?? "")", position: position, now: clock()) {
            try ConflictBook(store: store).open(station: station, limit: Self.rowLimit)
        }
    }

    /// Open conflicts across stations, as `outpost-relay conflicts` lists them (`ConflictBook`),
    /// each competing value with who made it where, and the command a station types to keep it.
    func conflictsPage(_ request: Request, _ language: Language) async throws -> BoardView {
        let codes = try await stationCodes()
        let station = try stationFilter(request.uri.queryParameters.get("station"), codes: codes)
        let time = try zoneTime()
        let open = try await openConflicts(station: station).value
        let conflicts: [[String: Any]] = open.entries.map { entry in
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
            values: [
                "conflicts": conflicts, "count": open.total, "shown": open.entries.count,
                "stationOptions": Self.options(codes.map { ($0, $0) }, selected: station),
            ])
    }
}
