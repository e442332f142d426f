import OutpostCore
import OutpostTestSupport
import OutpostWire
import Testing

/// Bytes per change on the wire for a realistic edit batch (the benchmark aims at ≤ 12 B per pure
/// field change, deflated: `docs/ARCHITECTURE.md`, "Benchmark"). Prints; asserts only that the batch round-trips.
@Suite("Wire size")
struct SizeReport {
    /// 1,000 single-field edits of cases by 3 stations over a working day, in relay log order
    /// (each station's edits arrive in pushes of 5–60), each over the field's previous version.
    static func realisticBatch(seed: UInt64 = 2026, kinds: [String] = ["status", "assignee", "severity", "title"]) -> [Change] {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        let stations = [VectorCatalog.a, VectorCatalog.b, VectorCatalog.c]
        let authors = [["li", "zhou", "sun", "he"], ["wang", "zhao", "qian"], ["chen", "lin", "huang", "xu"]]
        let assignees = ["李娜", "张伟", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]
        let titles = [
            "屏幕不亮", "无法开机", "充电器发热", "键盘按键失灵", "退货申请", "物流延误，客户催单", "发票抬头错误", "保修期内维修",
            "更换主板", "客户投诉服务态度", "蓝牙连接断开", "系统升级后卡顿", "配件缺失", "订单重复扣款", "上门安装预约",
        ]
        // 5,000 cases created on the three stations before the day (station-local sequences up to ~60,000).
        let day = VectorCatalog.t0
        var rows = [(RowID, Version)]()
        for _ in 0..<5000 {
            let station = pick(stations)
            let created = Timestamp(milliseconds: day - UInt64.random(in: 3_600_000...30 * 86_400_000, using: &random), counter: 0)
            rows.append((RowID(station: station, sequence: UInt64.random(in: 1...60_000, using: &random)), Version(clock: created, station: station)))
        }
        var last = [String: Version]()  // "row column" → the field's current version
        var sequence = stations.map { _ in UInt64.random(in: 60_000...61_000, using: &random) }
        var pushes = [(Timestamp, [Change])]()
        for (index, station) in stations.enumerated() {
            var wall = day
            var edits = [Change]()
            for _ in 0..<(index == 0 ? 334 : 333) {
                wall += UInt64.random(in: 5_000...170_000, using: &random)
                let (row, created) = pick(rows)
                let column = pick(kinds)
                let value: Value =
                    switch column {
                    case "status": .text(pick(["in-progress", "waiting", "in-progress", "resolved", "closed"]))
                    case "severity": .text(pick(["normal", "urgent", "critical"]))
                    case "assignee": .text(pick(assignees))
                    default: .text(pick(titles) + (Bool.random(using: &random) ? "" : "（\(pick(["复查", "已联系客户", "待配件"]))）"))
                    }
                sequence[index] += 1
                let version = Version(clock: Timestamp(milliseconds: wall, counter: 0), station: station)
                let key = "\(row) \(column)"
                edits.append(
                    Change(
                        id: ChangeID(station: station, sequence: sequence[index]), table: "cases", row: row,
                        operation: .set(column: column, value: value), version: version, pred: [last[key] ?? created],
                        author: pick(authors[index]), schema: 1
                    ))
                last[key] = version
            }
            var start = 0
            while start < edits.count {
                let end = min(edits.count, start + Int.random(in: 5...60, using: &random))
                let pushed = Timestamp(
                    milliseconds: edits[end - 1].version.clock.milliseconds + UInt64.random(in: 0...600_000, using: &random), counter: 0)
                pushes.append((pushed, Array(edits[start..<end])))
                start = end
            }
        }
        return pushes.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }

    static func report(_ label: String, _ changes: [Change]) throws -> (raw: Double, deflated: Double) {
        let raw = ChangeBatch.encode(changes).count
        let message = Message.pullBatch(PullBatch(changes: changes, nextCursor: 1000, more: false))
        let frame = WireCodec.encode(message, compressionLevel: 6)
        #expect(try WireCodec.decode(frame) == message)
        let perRaw = Double(raw) / Double(changes.count)
        let perDeflated = Double(frame.count) / Double(changes.count)
        print(
            "wire size, \(label): \(changes.count) changes, change batch \(raw) B (\(rounded(perRaw)) B/change), pull-batch frame deflated at level 6 \(frame.count) B (\(rounded(perDeflated)) B/change)"
        )
        return (perRaw, perDeflated)
    }

    static func rounded(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    @Test func bytesPerChangeOfARealisticEditBatch() throws {
        _ = try Self.report("1,000 edits of status/assignee/severity/title", Self.realisticBatch())
        _ = try Self.report("1,000 edits of status/assignee/severity only", Self.realisticBatch(kinds: ["status", "assignee", "severity"]))
        _ = try Self.report("1,000 status edits only", Self.realisticBatch(kinds: ["status"]))
    }
}
