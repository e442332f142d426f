package import OutpostCore

/// The relay's own rules for a push (`Protocol/README.md` §6, push), in one pure value: what the
/// log knows of the station and the incoming changes in, an acceptance or a refusal out.
///
/// Every log runs it inside its append transaction, after reading the station's row and the
/// changes it already holds at or below the station's sequence, so that SQLite and PostgreSQL
/// refuse exactly the same pushes with exactly the same messages, and a concurrent relay or a
/// revocation can never slip between the check and the write.
package struct PushCheck: Sendable {
    /// The station the token belongs to, as the log holds it; nil when the token is unknown.
    package var station: RelayStation?
    package var rules: PushRules

    package init(station: RelayStation?, rules: PushRules) {
        self.station = station
        self.rules = rules
    }

    /// What an accepted push appends.
    package struct Acceptance: Hashable, Sendable {
        /// The changes new to the log, in order: they take the next positions.
        package var fresh: [Change]
        /// Changes already in the log with the same content (a retried push).
        package var duplicates: Int
        /// The station's highest sequence once `fresh` is appended.
        package var pushedSequence: UInt64
        /// The clock of the station's last change once `fresh` is appended.
        package var pushedClock: UInt64
    }

    package enum Verdict: Hashable, Sendable {
        case accept(Acceptance)
        case refuse(RelayLogError)
    }

    /// The sequences of `changes` the log must look up before `verdict`: those at or below the
    /// station's pushed sequence, which are either a retried push or a restored database. Nil when
    /// there are none.
    package func sequencesToLookUp(_ changes: [Change]) -> ClosedRange<UInt64>? {
        guard let pushed = station?.pushedSequence else { return nil }
        let old = changes.map(\.id.sequence).filter { $0 <= pushed }
        guard let low = old.min(), let high = old.max() else { return nil }
        return low...high
    }

    /// Checks in the order `Protocol/README.md` §6 (push) gives: the token, the station's binding,
    /// then each change in turn: its station, its structure, a sequence already in the log (a
    /// duplicate, or a restored database), its size, a sequence gap, a clock not after the
    /// station's previous change, and the clock-ahead bound.
    ///
    /// - Parameter stored: the log's changes of this station among `sequencesToLookUp`, by id.
    package func verdict(_ changes: [Change], stored: [ChangeID: Change]) -> Verdict {
        do {
            return .accept(try check(changes, stored: stored))
        } catch let error as RelayLogError {
            return .refuse(error)
        } catch {
            return .refuse(RelayLogError(.malformed, "\(error)"))
        }
    }

    /// `verdict`, throwing the refusal: what a log's append transaction calls so that a refusal
    /// rolls it back.
    package func accept(_ changes: [Change], stored: [ChangeID: Change]) throws -> Acceptance {
        switch verdict(changes, stored: stored) {
        case .accept(let acceptance): return acceptance
        case .refuse(let error): throw error
        }
    }

    private func check(_ changes: [Change], stored: [ChangeID: Change]) throws -> Acceptance {
        guard let station else {
            throw RelayLogError(.badToken, "the station token is not known to this relay: check `outpost relay set --token`")
        }
        if station.revoked { throw RelayLogError(.revoked, "station \(station.code)'s token was revoked: ask the relay operator for a new one") }
        guard let bound = station.station else {
            throw RelayLogError(.unknownStation, "station \(station.code) has not said hello yet")
        }
        var pushedSequence = station.pushedSequence
        var pushedClock = station.pushedClock
        let bound48 = rules.now.addingReportingOverflow(rules.futureBoundMilliseconds).partialValue

        var fresh = [Change]()
        var duplicates = 0
        for change in changes {
            guard change.id.station == bound else {
                throw RelayLogError(
                    .foreignStation,
                    "change \(change.id) is stamped with another station's id; station \(station.code) may push only its own changes")
            }
            if let problem = change.structuralProblem { throw RelayLogError(.malformed, "change \(change.id) is malformed: \(problem)") }
            if change.id.sequence <= pushedSequence {
                guard let old = stored[change.id], ChangeBatch.encode([old]) == ChangeBatch.encode([change]) else {
                    throw RelayLogError(
                        .restoredDatabase,
                        "change \(change.id) reuses an id already in the log with other content: a restored or copied database; run `outpost reenrol --station NEWCODE --token TOKEN` there with a code the relay operator enrols"
                    )
                }
                duplicates += 1
                continue
            }
            // New changes only: a retried push the relay took before these limits is still acknowledged.
            if let problem = change.sizeProblem {
                throw RelayLogError(.tooLarge, "change \(change.id) is too large: \(problem); nothing of this push was kept")
            }
            guard change.id.sequence == pushedSequence + 1 else {
                throw RelayLogError(
                    .sequenceGap,
                    "change \(change.id) skips ahead: the log has \(station.code)'s changes up to #\(pushedSequence), so #\(pushedSequence + 1) must come next"
                )
            }
            guard change.version.clock.rawValue > pushedClock else {
                throw RelayLogError(.malformed, "change \(change.id) is stamped \(change.version.clock), not after the station's previous change")
            }
            if change.version.clock.milliseconds > bound48 {
                let stamped = change.version.clock.isoText
                let relayClock = Timestamp(milliseconds: rules.now, counter: 0).isoText
                throw RelayLogError(
                    .clockAhead,
                    """
                    change \(change.id) is stamped \(stamped) but the relay's clock reads \(relayClock) (at most \
                    \(rules.futureBoundMilliseconds / 60_000) minutes ahead are accepted); fix the station's clock and run `outpost clock repair`
                    """, detail: "change=\(stamped) relay=\(relayClock)")
            }
            fresh.append(change)
            pushedSequence = change.id.sequence
            pushedClock = change.version.clock.rawValue
        }
        return Acceptance(fresh: fresh, duplicates: duplicates, pushedSequence: pushedSequence, pushedClock: pushedClock)
    }
}

extension PushCheck {
    /// The changes of stored batches whose sequences fall in `sequences`, by id: what a log
    /// passes to `verdict` as `stored`.
    package static func index(_ batches: [[UInt8]], within sequences: ClosedRange<UInt64>) throws -> [ChangeID: Change] {
        var found = [ChangeID: Change]()
        for batch in batches {
            for change in try ChangeBatch.decode(batch) where sequences.contains(change.id.sequence) {
                found[change.id] = change
            }
        }
        return found
    }
}
