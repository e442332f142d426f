extension MergePolicy {
    /// The value shown for a field with the given heads (ascending by version), or nil when the
    /// field has never been written. Deterministic: depends only on the heads.
    package func winner(of heads: [Register<Value>.Head]) -> Register<Value>.Head? {
        switch self {
        case .lastWriter, .addWins:
            return heads.last
        case .highestRank(let order):
            // Unknown values rank below every known one; ties go to the higher version.
            var best: (rank: Int, head: Register<Value>.Head)?
            for head in heads {
                let rank = order.firstIndex(of: head.payload) ?? -1
                if let current = best, rank < current.rank { continue }
                best = (rank, head)
            }
            return best?.head
        case .openWins(let open):
            return heads.last { open.contains($0.payload) } ?? heads.last
        }
    }
}

extension Register where Payload == Value {
    /// An open conflict: more than one head, and the heads disagree on the value.
    package var isConflicted: Bool {
        guard let first = heads.first else { return false }
        return heads.contains { $0.payload != first.payload }
    }
}

extension Register where Payload == Bool {
    /// An `addWins` element is present when any of its heads says so.
    package var isPresent: Bool { heads.contains { $0.payload } }
}
