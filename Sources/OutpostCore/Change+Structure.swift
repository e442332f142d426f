extension Change {
    /// The largest sequence a change or row may carry (40 bits: the store packs row handles).
    package static let maximumSequence: UInt64 = 1 << 40 - 1

    /// Why this change breaks the protocol's structural rules, or nil when it keeps them. Checked
    /// by the relay before appending and by every store before applying (`docs/ARCHITECTURE.md`, "Validation and schema versions").
    package var structuralProblem: String? {
        if version.station != id.station { return "its version names another station" }
        if version.clock.milliseconds > HybridClock.maximumMilliseconds { return "its clock \(version.clock) is out of range" }
        if !(1...Self.maximumSequence).contains(id.sequence) || !(1...Self.maximumSequence).contains(row.sequence) {
            return "sequence out of range"
        }
        if isCreation, row != RowID(id) { return "a creation must be its row's id" }
        if !pred.allSatisfy({ $0 < version }) { return "it overwrites a version newer than itself" }
        return nil
    }
}
