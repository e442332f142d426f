import OutpostCore

/// The benchmark's canonical workload (`docs/ARCHITECTURE.md`, "Benchmark"), generated from a seed so every run measures the same data:
/// load A (customers and cases created at one station), then edits B (single-field updates and
/// appended notes) made at three stations that do not hear from each other meanwhile, so hot rows
/// get concurrent edits of the same fields.
struct Workload {
    struct Size: Sendable {
        var customers: Int
        var cases: Int
        var fieldEdits: Int
        var notes: Int

        static let full = Size(customers: 10_000, cases: 50_000, fieldEdits: 200_000, notes: 100_000)
        static let quick = Size(customers: 400, cases: 2_000, fieldEdits: 6_000, notes: 3_000)

        func scaled(by factor: Double) -> Size {
            func part(_ count: Int) -> Int { max(1, Int((Double(count) * factor).rounded())) }
            return Size(customers: part(customers), cases: part(cases), fieldEdits: part(fieldEdits), notes: part(notes))
        }
    }

    /// One edit a clerk makes, naming rows by their index in the load.
    enum Edit {
        case caseField(case: Int, column: String, value: Value)
        case addPhone(customer: Int, phone: String)
        case note(case: Int, body: String)
    }

    let size: Size
    /// Initial fields of each customer (phones may repeat the column: a set).
    let customers: [[Field]]
    /// Initial fields of each case except `customer_id`, and the index of its customer.
    let cases: [(customer: Int, fields: [Field])]
    /// Each editing station's edits, in the order it makes them.
    let edits: [[Edit]]

    static let editingStations = 3

    init(size: Size, seed: UInt64) {
        self.size = size
        var random = SplitMix64(seed: seed)
        let text = TextMaker()
        customers = (0..<size.customers).map { _ in
            var fields = [Field("name", .text(text.personName(&random))), Field("phones", .text(text.phone(&random)))]
            if Int.random(in: 0..<3, using: &random) == 0 { fields.append(Field("emails", .text(text.email(&random)))) }
            fields.append(Field("address", .text(text.address(&random))))
            return fields
        }
        cases = (0..<size.cases).map { index in
            let kind = CaseVocabulary.kinds.randomElement(using: &random)!
            var fields = [
                Field("number", .text(caseNumber(index))),
                Field("kind", .text(kind)),
                Field("channel", .text(CaseVocabulary.channels.randomElement(using: &random)!)),
                Field("severity", .text(["normal", "normal", "urgent"].randomElement(using: &random)!)),
                Field("status", .text("new")),
                Field("tier", .integer(1)),
                Field("title", .text(text.title(&random))),
                Field("description", .text(text.sentence(&random, length: 40...90))),
            ]
            if kind == "after-sales" {
                fields.append(Field("service", .text(CaseVocabulary.services.randomElement(using: &random)!)))
                fields.append(Field("product", .text(text.product(&random))))
                fields.append(Field("serial", .text("SN\(UInt32.random(in: 10_000_000...99_999_999, using: &random))")))
            }
            return (Int.random(in: 0..<size.customers, using: &random), fields)
        }
        var edits = [[Edit]](repeating: [], count: Self.editingStations)
        let total = size.fieldEdits + size.notes
        for index in 0..<total {
            let station = index % Self.editingStations
            // Later cases are the ones still being worked: edits favour them.
            let hotCase = size.cases - 1 - Int(Double(size.cases) * pow2(Double.random(in: 0..<1, using: &random)))
            if Int.random(in: 0..<total, using: &random) < size.notes {
                edits[station].append(.note(case: hotCase, body: text.sentence(&random, length: 12...60)))
                continue
            }
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<18:
                edits[station].append(
                    .caseField(case: hotCase, column: "severity", value: .text(CaseVocabulary.severities.randomElement(using: &random)!)))
            case 18..<40:
                edits[station].append(
                    .caseField(case: hotCase, column: "status", value: .text(CaseVocabulary.statuses.randomElement(using: &random)!)))
            case 40..<62: edits[station].append(.caseField(case: hotCase, column: "assignee", value: .text(text.personName(&random))))
            case 62..<72: edits[station].append(.caseField(case: hotCase, column: "tier", value: .integer(Int64.random(in: 1...3, using: &random))))
            case 72..<88: edits[station].append(.caseField(case: hotCase, column: "title", value: .text(text.title(&random))))
            default: edits[station].append(.addPhone(customer: Int.random(in: 0..<size.customers, using: &random), phone: text.phone(&random)))
            }
        }
        self.edits = edits
    }
}

private func pow2(_ x: Double) -> Double { x * x }

/// `SZ01-YYYYMMDD-NNNN`: 150 cases a day, counting back from 2026-11-20, each number once.
private func caseNumber(_ index: Int) -> String {
    let (year, month, day) = CivilDate.fromDays(20_777 - Int64(index / 150))  // 20,777: 2026-11-20
    return "SZ01-\(year)\(padded(Int(month), 2))\(padded(Int(day), 2))-\(padded(index % 150 + 1, 4))"
}

private func padded(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Realistic text: Chinese and Latin names, mainland mobile numbers, addresses and case text.
struct TextMaker {
    private let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"]
    private let givenNames = [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建国", "晓东", "嘉怡", "子轩",
    ]
    private let latinFirst = [
        "Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Isabel", "Jack", "Lena", "Marco", "Nina", "Oscar", "Paula", "Sam",
    ]
    private let latinLast = ["Müller", "Smith", "García", "Rossi", "Dubois", "Novak", "Silva", "Jensen", "O'Brien", "Kowalski", "Nguyen", "Tanaka"]
    private let cities = ["深圳市南山区", "广州市天河区", "北京市朝阳区", "上海市浦东新区", "杭州市西湖区", "成都市锦江区"]
    private let roads = ["科技园路", "中山大道", "建国路", "世纪大道", "文三路", "春熙路", "人民路", "解放路"]
    private let products = ["电饭煲 RC-500", "空气净化器 AP-20", "吸尘器 V8", "电热水壶 K-17", "洗衣机 WM-90", "微波炉 MW-23", "Blender BX-2", "Kettle KT-1"]
    private let phrases = [
        "顾客反映", "产品无法开机", "屏幕出现划痕", "已联系顾客确认", "需要更换配件", "门店已收到退货", "等待厂家回复",
        "维修完成并通知顾客", "顾客对处理结果满意", "要求上门检测", "发票信息有误", "快递途中损坏", "已安排技术人员",
        "customer called back", "part ordered from the supplier", "refund approved", "serial number checked",
    ]
    /// Frequent characters of everyday Chinese, for free text.
    private let commonCharacters = Array(
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本意线开月内物质品件公司价格维修退换货款服务质量顾客门店快递师傅检测更换安装预约电话联系确认"
    )
    private let titleParts = ["无法开机", "噪音过大", "退货申请", "换货请求", "维修进度查询", "配件缺失", "安装预约", "服务投诉", "Late delivery", "Wrong colour", "Warranty question"]

    func personName(_ random: inout SplitMix64) -> String {
        if Int.random(in: 0..<4, using: &random) == 0 {
            return "\(latinFirst.randomElement(using: &random)!) \(latinLast.randomElement(using: &random)!)"
        }
        return surnames.randomElement(using: &random)! + givenNames.randomElement(using: &random)!
    }

    /// A mainland mobile number in the E.164 form the store keeps.
    func phone(_ random: inout SplitMix64) -> String {
        "+861\(["3", "5", "7", "8", "9"].randomElement(using: &random)!)\(String(UInt64.random(in: 100_000_000...999_999_999, using: &random)))"
    }

    func email(_ random: inout SplitMix64) -> String {
        "\(latinFirst.randomElement(using: &random)!.lowercased()).\(UInt32.random(in: 1...9999, using: &random))@example.com"
    }

    func address(_ random: inout SplitMix64) -> String {
        "\(cities.randomElement(using: &random)!)\(roads.randomElement(using: &random)!)\(Int.random(in: 1...999, using: &random))号"
    }

    func product(_ random: inout SplitMix64) -> String { products.randomElement(using: &random)! }

    func title(_ random: inout SplitMix64) -> String {
        "\(products.randomElement(using: &random)!) \(titleParts.randomElement(using: &random)!)"
    }

    /// Case text: a handbook phrase, then free words, numbers and amounts, as clerks type them.
    func sentence(_ random: inout SplitMix64, length: ClosedRange<Int>) -> String {
        let target = Int.random(in: length, using: &random)
        var text = phrases.randomElement(using: &random)! + "，"
        while text.count < target {
            switch Int.random(in: 0..<10, using: &random) {
            case 0: text += phrases.randomElement(using: &random)!
            case 1: text += "订单\(UInt32.random(in: 100_000...999_999, using: &random))"
            case 2: text += "\(Int.random(in: 1...12, using: &random))月\(Int.random(in: 1...28, using: &random))日"
            case 3: text += "¥\(Int.random(in: 20...5_000, using: &random))"
            default:
                for _ in 0..<Int.random(in: 2...4, using: &random) { text.append(commonCharacters.randomElement(using: &random)!) }
            }
            text += Int.random(in: 0..<3, using: &random) == 0 ? "，" : ""
        }
        return text + "。"
    }
}
