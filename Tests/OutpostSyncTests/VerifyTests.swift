import Foundation
import OutpostCore
import OutpostRelay
import OutpostStore
import OutpostSync
import OutpostTestSupport
import OutpostWire
import Testing

/// `outpost verify` over a live relay: stations that converged agree with the relay's merged
/// replica; a replica damaged behind Outpost's back is caught, naming the first differing table
/// and row; different sets of changes are reported as such, not as a disagreement.
@Suite struct VerifyTests {
    /// Three stations share a customer and a case, then change them while apart: conflicts on
    /// severity (highestRank), status (openWins) and title (lastWriter), concurrent phone edits
    /// (addWins), events. Returns the stations after they all converged, and the case's number.
    func converged(_ relay: RelayHarness, customers extra: Int = 0) async throws -> (stations: [SyncedStation], caseNumber: String) {
        let sz = try await relay.station("SZ01", seed: 11)
        let gz = try await relay.station("GZ02", seed: 12)
        let hz = try await relay.station("HZ03", seed: 13)
        let (customer, caseRow, number) = try sz.store.write(as: "li.wei") { write in
            for index in 0..<extra { _ = try write.create("customers", [Field("name", .text("客户 \(index)"))]) }
            let customer = try write.create("customers", [Field("name", .text("王芳")), Field("phones", .text("+8613800138000"))])
            let number = try write.nextCaseNumber()
            let caseRow = try write.create(
                "cases",
                [
                    Field("number", .text(number)), Field("customer_id", .text(write.text(of: customer)!)),
                    Field("kind", .text("after-sales")), Field("channel", .text("phone")), Field("severity", .text("urgent")),
                    Field("status", .text("new")), Field("tier", .integer(1)), Field("title", .text("屏幕不亮")),
                ])
            return (customer, caseRow, number)
        }
        for station in [sz, gz, hz] { try await station.sync() }

        relay.clock.advance(by: 1_000)
        try sz.store.write(as: "li.wei") { write in
            try write.set("cases", caseRow, "severity", .text("critical"))
            try write.add("customers", customer, "phones", "020 8888 6666")
            try write.set("cases", caseRow, "title", .text("屏幕黑屏"))
        }
        try gz.store.write(as: "chen.jing") { write in
            try write.set("cases", caseRow, "severity", .text("normal"))
            try write.remove("customers", customer, "phones", "+8613800138000")
            try write.set("cases", caseRow, "status", .text("closed"))
            try write.set("cases", caseRow, "title", .text("显示器不亮"))
        }
        try hz.store.write(as: "zhao.lei") { write in
            try write.set("cases", caseRow, "status", .text("in-progress"))
            _ = try write.create(
                "case_events", [Field("case_id", .text(write.text(of: caseRow)!)), Field("kind", .text("note")), Field("body", .text("已联系客户"))])
        }
        for _ in 0..<2 { for station in [sz, gz, hz] { try await station.sync() } }
        return ([sz, gz, hz], number)
    }

    @Test func stationsThatConvergedAgreeWithTheRelay() async throws {
        let relay = try await RelayHarness()
        let (stations, _) = try await converged(relay)
        let conflicts = try stations[0].store.openConflicts().map(\.id)
        #expect(conflicts.count >= 3, "the scenario should leave conflicts open")

        let replica = await relay.replica()
        let relayDigest = try replica.stateDigest()
        for station in stations {
            #expect(try station.store.openConflicts().map(\.id) == conflicts)
            let report = try await station.client.verify(syncFirst: false)
            #expect(report.outcome == .agree, "\(station.code): \(report.outcome)")
            #expect(report.synced == nil && report.attempts == 1)
            #expect(report.relayFingerprint == report.fingerprint)
            #expect(
                report.tables.map(\.table) == ["stations", "customers", "cases", "case_events", "staff", "calendar_days", "work_week", "sla_rules"])
            #expect(report.tables.allSatisfy { $0.agrees })
            #expect(report.vector == relayDigest.vector)
            #expect(report.fingerprint == relayDigest.fingerprint)
        }
        // Syncing first changes nothing when there is nothing to sync.
        let synced = try await stations[1].client.verify(syncFirst: true)
        #expect(synced.outcome == .agree)
        #expect(synced.synced?.pulled == 0 && synced.synced?.pushed == 0)
    }

    @Test func aValueChangedWithPlainSQLIsNamedByTableAndRow() async throws {
        let relay = try await RelayHarness()
        // 600 more customers: the customers table spans three buckets of 256 rows at the relay.
        let (stations, number) = try await converged(relay, customers: 600)
        let gz = stations[1]

        // Someone edits GZ02's case title with sqlite3; the merge state does not know.
        let changed = try RawSQLite.execute(gz.store.path, "UPDATE cases SET title = 'tampered' WHERE number = '\(number)'")
        #expect(changed == 1)
        var report = try await gz.client.verify(syncFirst: false)
        guard case .disagree(let first?) = report.outcome else {
            Issue.record("expected a named disagreement, got \(report.outcome)")
            return
        }
        #expect(first.table == "cases")
        #expect(first.label.caseNumber == number)
        #expect(first.label.id == "SZ01.\(first.row.sequence)")
        #expect(first.difference == .values)
        #expect(report.tables.first { $0.table == "cases" }?.agrees == false)
        #expect(
            report.tables.filter(\.agrees).map(\.table) == [
                "stations", "customers", "case_events", "staff", "calendar_days", "work_week", "sla_rules",
            ])
        // The other stations still agree with the relay; syncing does not hide the damage.
        #expect(try await stations[0].client.verify(syncFirst: false).outcome == .agree)
        if case .disagree(let again?) = try await gz.client.verify(syncFirst: true).outcome {
            #expect(again == first)
        } else {
            Issue.record("a sync hid the damage")
        }

        // A customer deep in the third bucket, changed at HZ03: the first differing table is now
        // customers (before cases in schema order) and the row is found through its bucket.
        let hz = stations[2]
        let target = try #require(try hz.store.rows(of: "customers").first { $0[1] == .text("客户 550") }?[0].text)
        try RawSQLite.execute(hz.store.path, "UPDATE customers SET note = 'x' WHERE id = '\(target)'")
        report = try await hz.client.verify(syncFirst: false)
        guard case .disagree(let customer?) = report.outcome else {
            Issue.record("expected a named disagreement, got \(report.outcome)")
            return
        }
        #expect(customer.table == "customers" && customer.label.id == target && customer.difference == .values)

        // A domain row deleted outright: the relay has it, the merge state here still does too.
        let sz = stations[0]
        let event = try #require(try sz.store.rows(of: "case_events").first?[0].text)
        try RawSQLite.execute(sz.store.path, "DELETE FROM case_events WHERE id = '\(event)'")
        report = try await sz.client.verify(syncFirst: false)
        guard case .disagree(let deleted?) = report.outcome else {
            Issue.record("expected a named disagreement, got \(report.outcome)")
            return
        }
        #expect(deleted.table == "case_events" && deleted.label.id == event && deleted.difference == .values)

        // Bookkeeping damaged: at GZ02 one customer's merge state is overwritten with another's.
        // The values shown still agree; the first difference moves to customers, before cases.
        try RawSQLite.execute(
            gz.store.path,
            """
            UPDATE outpost_rows SET state = (SELECT state FROM outpost_rows WHERE handle = (SELECT rowid FROM customers WHERE name = '客户 11'))
            WHERE handle = (SELECT rowid FROM customers WHERE name = '客户 10')
            """)
        let damaged = try #require(try gz.store.rows(of: "customers").first { $0[1] == .text("客户 10") }?[0].text)
        report = try await gz.client.verify(syncFirst: false)
        guard case .disagree(let state?) = report.outcome else {
            Issue.record("expected a named disagreement, got \(report.outcome)")
            return
        }
        #expect(state.table == "customers" && state.label.id == damaged && state.difference == .state)
    }

    @Test func differentSetsOfChangesAreReportedAsSuch() async throws {
        let relay = try await RelayHarness()
        let (stations, _) = try await converged(relay)
        let (sz, gz) = (stations[0], stations[1])

        // SZ01 has an unsent change: the relay does not hold it.
        try sz.store.write(as: "li.wei") { _ = try $0.create("customers", [Field("name", .text("新客户"))]) }
        var report = try await sz.client.verify(syncFirst: false)
        #expect(report.outcome == .differentChanges(relayOnly: 0, stationOnly: 1))
        #expect(report.relayFingerprint == nil && report.tables.allSatisfy { $0.relay == nil })

        // Once pushed, GZ02 has not pulled it yet.
        try await sz.sync()
        report = try await gz.client.verify(syncFirst: false)
        #expect(report.outcome == .differentChanges(relayOnly: 1, stationOnly: 0))

        // Without --no-sync, verify syncs first and then agrees.
        report = try await gz.client.verify(syncFirst: true)
        #expect(report.outcome == .agree)
        #expect(report.synced?.pulled == 1)
        #expect(try await sz.client.verify(syncFirst: false).outcome == .agree)
    }

    @Test func theVerifyEndpointRefusesBadRequestsLikeTheOthers() async throws {
        let relay = try await RelayHarness()
        let sz = try await relay.station("SZ01", seed: 1)
        try await sz.sync()
        let vector = try sz.store.appliedVector()
        let summary = WireCodec.encode(.verifyRequest(VerifyRequest(schema: Schema.outpost.version, vector: vector)))

        let noToken = try await relay.post(.verify, token: nil, body: summary)
        #expect(noToken.status == 401)
        let badToken = try await relay.post(.verify, token: "not-a-token", body: summary)
        #expect(badToken.status == 401)
        if case .error(let error) = badToken.reply { #expect(error.code == "bad-token") } else { Issue.record("expected an error frame") }

        let wrongMessage = try await relay.post(.verify, token: sz.token, body: WireCodec.encode(.pull(Pull(cursor: 0, maxChanges: 1, maxBytes: 1))))
        #expect(wrongMessage.status == 400)
        if case .error(let error) = wrongMessage.reply {
            #expect(error.message.contains("/v1/verify expects a verify-request"))
        } else {
            Issue.record("expected an error frame")
        }

        let unknownTable = try await relay.post(
            .verify, token: sz.token,
            body: WireCodec.encode(.verifyRequest(VerifyRequest(schema: Schema.outpost.version, vector: vector, range: RowRange(table: "invoices")))))
        #expect(unknownTable.status == 400)
        if case .error(let error) = unknownTable.reply {
            #expect(error.message.contains("invoices"))
        } else {
            Issue.record("expected an error frame")
        }

        let garbage = try await relay.post(.verify, token: sz.token, body: Array("{}".utf8))
        #expect(garbage.status == 400)

        // A station naming other changes gets the relay's vector and no digests.
        let other = try await relay.post(
            .verify, token: sz.token, body: WireCodec.encode(.verifyRequest(VerifyRequest(schema: 1, vector: AppliedVector([:])))))
        guard case .verifyReply(let reply) = other.reply else {
            Issue.record("expected a verify-reply")
            return
        }
        #expect(other.status == 200 && reply.vector == vector && reply.tables.isEmpty && reply.buckets.isEmpty)

        let same = try await relay.post(.verify, token: sz.token, body: summary)
        guard case .verifyReply(let full) = same.reply else {
            Issue.record("expected a verify-reply")
            return
        }
        #expect(full.tables.map(\.table) == ["stations", "customers", "cases", "case_events", "staff", "calendar_days", "work_week", "sla_rules"])
        #expect(Fingerprint.total(full.tables) == (try sz.store.stateDigest().fingerprint))

        // An address where no relay answers is reported in words, also without a sync first
        // (verify greets the relay before comparing).
        try sz.store.setSetting(SyncSettings.relayURL, relay.url + "/old")
        await #expect { try await sz.client.verify(syncFirst: false) } throws: { error in
            (error as? SyncError)?.message.contains("does not offer /v1/hello (HTTP 404): no Outpost relay answers at this address") == true
        }
    }
}
