/// Phones as clerks read them: the stored E.164 (`+8613800138000`) is exact but hard to read
/// back to a caller, so text output groups the digits the way they are spoken and written at a
/// Chinese counter. JSON keeps E.164, which scripts can compare.
///
/// - Chinese mobiles: `138 0013 8000`.
/// - Mainland landlines, with the trunk `0` and the area code: `0755-8888 1234`, `010-6552 9988`
///   (two-digit area codes are 10 and 20–29, the rest have three digits).
/// - Nationwide service numbers: `400 820 8820`.
/// - Other countries: `+CC` and the national number in groups of four from the right
///   (`+44 20 7946 0958`, `+852 9123 4567`), North America as `+1 202 555 0123`.
///
/// A Chinese number that fits none of these shapes is shown as `+86` and groups of four, so
/// nothing is hidden or guessed at.
package enum PhoneDisplay {
    /// The text form of a stored phone; text that is not E.164 is returned unchanged.
    package static func format(_ e164: String) -> String {
        guard e164.hasPrefix("+"), e164.count > 1, e164.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return e164 }
        let digits = Substring(e164.dropFirst())
        let code = countryCode(of: digits)
        let national = digits.dropFirst(code.count)
        guard !national.isEmpty else { return e164 }
        if code == "86", let chinese = chinese(national) { return chinese }
        if code == "1", national.count == 10 { return "+1 " + grouped(national, [3, 3, 4]) }
        return "+\(code) " + groupedInFours(national)
    }

    /// A mainland number in its national form, or nil when it has none of the known shapes.
    private static func chinese(_ national: Substring) -> String? {
        let first = national.first!
        let second = national.dropFirst().first
        if national.count == 11, first == "1", let second, ("3"..."9").contains(second) {
            return grouped(national, [3, 4, 4])
        }
        if national.count == 10, national.hasPrefix("400") || national.hasPrefix("800") {
            return grouped(national, [3, 3, 4])
        }
        let areaLength: Int
        if first == "2" || (first == "1" && second == "0") {
            areaLength = 2
        } else if ("3"..."9").contains(first) {
            areaLength = 3
        } else {
            return nil
        }
        let subscriber = national.dropFirst(areaLength)
        let groups: [Int]
        switch subscriber.count {
        case 8: groups = [4, 4]
        case 7: groups = [3, 4]
        default: return nil
        }
        return "0\(national.prefix(areaLength))-" + grouped(subscriber, groups)
    }

    /// E.164 country codes are prefix-free: 1 and 7 have one digit, the listed ones two, every
    /// other code three.
    private static func countryCode(of digits: Substring) -> Substring {
        if digits.hasPrefix("1") || digits.hasPrefix("7") { return digits.prefix(1) }
        if twoDigitCodes.contains(String(digits.prefix(2))) { return digits.prefix(2) }
        return digits.prefix(3)
    }

    private static let twoDigitCodes: Set<String> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ]

    /// The digits cut into groups of the given lengths (which must add up to their count).
    private static func grouped(_ digits: Substring, _ lengths: [Int]) -> String {
        var rest = digits
        var groups = [Substring]()
        for length in lengths {
            groups.append(rest.prefix(length))
            rest = rest.dropFirst(length)
        }
        return groups.joined(separator: " ")
    }

    /// Groups of four from the right: `2079460958` → `20 7946 0958`.
    private static func groupedInFours(_ digits: Substring) -> String {
        let head = digits.count % 4
        var lengths = head == 0 ? [] : [head]
        lengths += Array(repeating: 4, count: digits.count / 4)
        return grouped(digits, lengths)
    }
}
