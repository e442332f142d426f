import OutpostCore
import OutpostStore

/// Two customer records that may be the same person: they share a phone or an email and were
/// created at different stations (listed by `outpost conflicts list --duplicates`).
///
/// Stations create customers offline, so two of them can each add the same caller; neither clerk
/// saw the other's record, so `customer add` could not warn (it does warn when the record is
/// already in the replica). Nothing is merged automatically: a shared phone may also be a
/// family's or a company's switchboard, so a person decides with `customer merge`.
package struct PossibleDuplicate: Hashable, Sendable, Encodable {
    /// One of the two, as the survivor it resolves to after earlier merges.
    package struct Side: Hashable, Sendable, Encodable {
        /// The survivor's id, such as `SZ01.17`.
        package var id: String
        package var name: String
        /// The code of the station that created the survivor (the id's prefix).
        package var station: String
        /// ISO 8601 UTC.
        package var created: String
        /// Cases shown under the survivor (its own and its merged records').
        package var cases: Int
        /// The records on this side carrying a shared value: usually just `id`, or a record
        /// merged into it earlier.
        package var records: [String]
    }

    /// The older record, suggested as the one to keep.
    package var keep: Side
    /// The newer record, suggested as the one to merge away.
    package var duplicate: Side
    /// Shared phones (E.164) and emails (lower-cased), sorted.
    package var phones: [String]
    package var emails: [String]

    /// The command that joins them, keeping the older record.
    package var command: String {
        "outpost customer merge \(duplicate.id) --into \(keep.id)"
    }

    enum CodingKeys: String, CodingKey {
        case keep, duplicate, phones, emails, command
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keep, forKey: .keep)
        try container.encode(duplicate, forKey: .duplicate)
        try container.encode(phones, forKey: .phones)
        try container.encode(emails, forKey: .emails)
        try container.encode(command, forKey: .command)
    }
}

extension CustomerBook {
    /// Pairs of customers that are not merged into one another, share a phone or an email, and
    /// were created at different stations; oldest kept record first.
    ///
    /// Records are compared as the survivors they resolve to, so once a pair is merged it is no
    /// longer listed, and a record merged away still brings its phones and emails to its
    /// survivor. The station is the one in each carrying record's id: a second record made at the
    /// same station was already in that replica, so `customer add` warned the clerk about it.
    /// Every replica with the same changes lists the same pairs.
    package func possibleDuplicates() throws -> [PossibleDuplicate] {
        // Only values held by two or more records: the set columns are JSON arrays of
        // normalised elements, so equal text is the same phone or email.
        let shared = try store.records(
            """
            WITH elements(kind, value, id) AS (
                SELECT 'phone', p.value, c.id FROM customers c, json_each(c.phones) p
                UNION ALL
                SELECT 'email', e.value, c.id FROM customers c, json_each(c.emails) e
            )
            SELECT kind, value, id FROM elements
            WHERE (kind, value) IN (SELECT kind, value FROM elements GROUP BY kind, value HAVING count(*) > 1)
            ORDER BY kind, value, id
            """)
        var carriers = [[String]: [String]]()
        for row in shared {
            guard let kind = row.string("kind"), let value = row.string("value"), let id = row.string("id") else { continue }
            carriers[[kind, value], default: []].append(id)
        }
        guard !carriers.isEmpty else { return [] }

        let merges = try mergeMap()
        /// What one pair of survivors shares so far, keyed by the survivors in id order.
        struct Pair {
            var phones: Set<String> = []
            var emails: Set<String> = []
            var records: [String: Set<String>] = [:]
        }
        var pairs = [[String]: Pair]()
        for (key, ids) in carriers {
            for (index, first) in ids.enumerated() {
                for second in ids[(index + 1)...] {
                    let a = merges.survivor(of: first)
                    let b = merges.survivor(of: second)
                    guard a != b, let codeA = RowText.parse(first)?.code, let codeB = RowText.parse(second)?.code,
                        codeA != codeB
                    else { continue }
                    let pairKey = MergeMap.precedes(a, b) ? [a, b] : [b, a]
                    var pair = pairs[pairKey] ?? Pair()
                    if key[0] == "phone" { pair.phones.insert(key[1]) } else { pair.emails.insert(key[1]) }
                    pair.records[a, default: []].insert(first)
                    pair.records[b, default: []].insert(second)
                    pairs[pairKey] = pair
                }
            }
        }
        guard !pairs.isEmpty else { return [] }

        let survivors = Set(pairs.keys.joined())
        let records = Dictionary(try self.records(Array(survivors)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let caseCounts = try caseCounts(merges)
        func side(_ id: String, _ carrying: Set<String>) -> PossibleDuplicate.Side {
            PossibleDuplicate.Side(
                id: id, name: records[id]?.name ?? id, station: RowText.parse(id)?.code ?? "?",
                created: records[id]?.created ?? "", cases: caseCounts[id] ?? 0,
                records: carrying.sorted(by: MergeMap.precedes)
            )
        }
        var out = [PossibleDuplicate]()
        for (key, pair) in pairs {
            var first = side(key[0], pair.records[key[0]] ?? [])
            var second = side(key[1], pair.records[key[1]] ?? [])
            // Keep the older record: its id is the one people have used longest (ties: id order).
            if second.created < first.created { swap(&first, &second) }
            out.append(PossibleDuplicate(keep: first, duplicate: second, phones: pair.phones.sorted(), emails: pair.emails.sorted()))
        }
        return out.sorted { lhs, rhs in
            if lhs.keep.created != rhs.keep.created { return lhs.keep.created < rhs.keep.created }
            if lhs.keep.id != rhs.keep.id { return MergeMap.precedes(lhs.keep.id, rhs.keep.id) }
            return MergeMap.precedes(lhs.duplicate.id, rhs.duplicate.id)
        }
    }

    /// Cases per survivor: each case counts under the survivor its customer resolves to.
    private func caseCounts(_ merges: MergeMap) throws -> [String: Int] {
        var counts = [String: Int]()
        for row in try store.records("SELECT customer_id, count(*) AS n FROM cases GROUP BY customer_id") {
            guard let id = row.string("customer_id") else { continue }
            counts[merges.survivor(of: id), default: 0] += Int(row.integer("n") ?? 0)
        }
        return counts
    }
}
