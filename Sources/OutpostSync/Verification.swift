package import OutpostCore
package import OutpostStore
import OutpostWire

/// What `outpost verify` found: whether this station's merged state and the relay's agree for the
/// same set of changes, and if not, where they first part.
package struct VerifyReport: Hashable, Sendable {
    package enum Outcome: Hashable, Sendable {
        /// Same changes, same fingerprint.
        case agree
        /// Same changes, different state; the first differing row, when it could be named.
        case disagree(FirstDifference?)
        /// The two replicas hold different sets of changes, so their states cannot be compared.
        case differentChanges(relayOnly: UInt64, stationOnly: UInt64)
        /// The two sides run different schema versions, which apply different changes.
        case differentSchema(station: Int, relay: Int)
    }

    package var outcome: Outcome
    /// The syncs made before comparing, added up (nil with `syncFirst` false).
    package var synced: SyncSummary?
    /// How many times the station compared (it compares again when the relay moved on meanwhile).
    package var attempts = 1
    /// The changes this station holds.
    package var vector: AppliedVector
    /// The log position the relay's merged replica had applied.
    package var relayPosition: UInt64
    /// Each table, here and at the relay.
    package var tables: [TableComparison]
    package var fingerprint: UInt64
    /// Nil when the relay sent no digests (the change sets or schemas differ).
    package var relayFingerprint: UInt64?
}

/// One table's digest here and at the relay.
package struct TableComparison: Hashable, Sendable {
    package var table: String
    package var mine: TableDigest?
    package var relay: TableDigest?

    package var agrees: Bool { mine != nil && mine == relay }
}

/// The first row where the two replicas differ, in table order then row order.
package struct FirstDifference: Hashable, Sendable {
    package var table: String
    package var row: RowID
    package var label: RowLabel
    /// Seen from this station: `missingThere` means the relay lacks the row.
    package var difference: RowComparison.Difference
}

extension SyncClient {
    /// Compares this station's merged state with the relay's (`Protocol/README.md` §12).
    ///
    /// With `syncFirst`, syncs before each comparison, and compares again (up to `attempts` times)
    /// when the relay took in other stations' changes between the sync and the comparison: on a
    /// busy relay the two sets of changes are rarely the same without it.
    package func verify(
        syncFirst: Bool, attempts: Int = 3, progress: @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> VerifyReport {
        var synced: SyncSummary?
        var attempt = 0
        // A sync greets the relay first; without one, greet it here, so a wrong address is told
        // apart from an older relay.
        if !syncFirst { try await hello() }
        while true {
            attempt += 1
            if syncFirst {
                let summary = try await sync(progress: progress)
                synced = synced.map { $0 + summary } ?? summary
            }
            var report = try await compare()
            report.synced = synced
            report.attempts = attempt
            if case .differentChanges = report.outcome, syncFirst, attempt < attempts { continue }
            return report
        }
    }

    /// One comparison: the summary first; when a table differs, the rows of its first differing
    /// bucket, so the station names the row without downloading the relay's whole state.
    private func compare() async throws -> VerifyReport {
        let digest = try store.stateDigest()
        let mine = digest.tableDigests
        let summary = try await verifyExchange(VerifyRequest(schema: store.schema.version, vector: digest.vector))
        var report = VerifyReport(
            outcome: .agree, vector: digest.vector, relayPosition: summary.position,
            tables: mine.map { TableComparison(table: $0.table, mine: $0, relay: nil) }, fingerprint: Fingerprint.total(mine)
        )
        if summary.schema != store.schema.version {
            report.outcome = .differentSchema(station: store.schema.version, relay: summary.schema)
            return report
        }
        if summary.vector != digest.vector {
            report.outcome = Self.differentChanges(digest.vector, summary.vector)
            return report
        }
        report.relayFingerprint = Fingerprint.total(summary.tables)
        for index in report.tables.indices {
            report.tables[index].relay = summary.tables.first { $0.table == report.tables[index].table }
        }
        for extra in summary.tables where !mine.contains(where: { $0.table == extra.table }) {
            report.tables.append(TableComparison(table: extra.table, mine: nil, relay: extra))
        }
        guard let differing = report.tables.first(where: { !$0.agrees }) else { return report }

        // Narrow down: the first bucket of that table whose rows here differ, then its rows.
        let table = differing.table
        let rows = digest.rows(of: table)
        let relayIndex = summary.tables.firstIndex { $0.table == table }
        let buckets = relayIndex.map { index in summary.buckets.filter { $0.table == index } } ?? []
        guard var range = RowComparison.firstBucket(rows, buckets, table: table) else {
            report.outcome = .disagree(nil)
            return report
        }
        while true {
            let answer = try await verifyExchange(VerifyRequest(schema: store.schema.version, vector: digest.vector, range: range))
            guard answer.vector == digest.vector else {
                // The relay took in more changes since the summary: compare again from the start.
                report.outcome = Self.differentChanges(digest.vector, answer.vector)
                return report
            }
            let last = answer.more ? answer.rows.last?.row : nil
            let here = rows.filter { digest in range.contains(digest.row) && (last.map { digest.row <= $0 } ?? true) }
            if let (row, difference) = RowComparison.first(here, answer.rows) {
                report.outcome = .disagree(
                    FirstDifference(table: table, row: row, label: try store.rowLabel(table: table, row: row), difference: difference))
                return report
            }
            guard let last, last.sequence < .max else {
                report.outcome = .disagree(nil)
                return report
            }
            range.from = RowID(station: last.station, sequence: last.sequence + 1)
        }
    }

    private static func differentChanges(_ mine: AppliedVector, _ relay: AppliedVector) -> VerifyReport.Outcome {
        .differentChanges(relayOnly: relay.changes(notIn: mine), stationOnly: mine.changes(notIn: relay))
    }

    private func verifyExchange(_ request: VerifyRequest) async throws -> VerifyReply {
        let reply = try await exchange(.verify, .verifyRequest(request))
        guard case .verifyReply(let answer) = reply else {
            throw SyncError(.protocolError, "the relay answered verify with an unexpected \(reply.kind) message")
        }
        return answer
    }
}
