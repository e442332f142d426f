import OutpostCore

/// Who each customer record really is, after merges (`docs/ARCHITECTURE.md`, "Customer merges").
///
/// `merged_into` is an ordinary `lastWriter` field, so pointers can chain (A→B→C) and two
/// supervisors at different stations can make a cycle (A→B and B→A). Every replica resolves them
/// the same way at read time: follow the pointers; in a cycle the member with the smallest id
/// survives. Ids are ordered by station code, then by sequence as a number (`SZ01.9` before
/// `SZ01.10`), the order people read them in.
package struct MergeMap: Sendable {
    /// Record id → its own pointer, for the records that have one.
    private let pointers: [String: String]

    package init(pointers: [String: String]) {
        self.pointers = pointers
    }

    /// The survivor a record resolves to (itself when it was never merged).
    package func survivor(of id: String) -> String {
        Self.survivor(of: id) { pointers[$0] }
    }

    /// The survivor of a record, reading pointers through `pointer`: used inside a write
    /// transaction, where the pointers must be the ones the transaction sees.
    package static func survivor(of id: String, pointer: (String) throws -> String?) rethrows -> String {
        var path = [id]
        var seen: Set<String> = [id]
        var current = id
        while let next = try pointer(current) {
            if seen.contains(next) {
                // A cycle: the smallest member of the loop survives, whoever entered it.
                let loop = path[path.firstIndex(of: next)!...]
                return loop.min(by: precedes)!
            }
            path.append(next)
            seen.insert(next)
            current = next
        }
        return current
    }

    /// Every record that resolves to `survivor`, the survivor included.
    package func members(of survivor: String) -> [String] {
        var members = [survivor]
        for id in pointers.keys where id != survivor && self.survivor(of: id) == survivor {
            members.append(id)
        }
        return members.sorted(by: Self.precedes)
    }

    /// Whether the record has been merged into another one.
    package func isMergedAway(_ id: String) -> Bool {
        survivor(of: id) != id
    }

    /// The order ids are compared in: station code, then the sequence as a number.
    package static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        switch (RowText.parse(lhs), RowText.parse(rhs)) {
        case (let l?, let r?): (l.code, l.sequence) < (r.code, r.sequence)
        default: lhs < rhs
        }
    }
}
