/// What one sync did.
package struct SyncSummary: Hashable, Sendable {
    package var pushed = 0
    package var pulled = 0
    package var batches = 0
    package var newConflicts = 0
    /// Rows (from the relay's state) or changes (from its log snapshot) a first-time bootstrap received.
    package var bootstrapped = 0
    package var elapsedMilliseconds: UInt64 = 0

    package init() {}

    /// Two syncs' work added up (`outpost verify` may sync more than once).
    package static func + (lhs: SyncSummary, rhs: SyncSummary) -> SyncSummary {
        var sum = lhs
        sum.pushed += rhs.pushed
        sum.pulled += rhs.pulled
        sum.batches += rhs.batches
        sum.newConflicts += rhs.newConflicts
        sum.bootstrapped += rhs.bootstrapped
        sum.elapsedMilliseconds += rhs.elapsedMilliseconds
        return sum
    }
}

/// Progress reported during a long sync.
package enum SyncProgress: Sendable {
    case pushed(Int)
    case pulled(Int)
    case bootstrapping(Int)
}
