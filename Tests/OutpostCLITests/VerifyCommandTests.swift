import Foundation
import OutpostTestSupport
import Synchronization
import Testing

/// `outpost verify` as a supervisor runs it, against `outpost-relay serve` in its own process.
@Suite struct VerifyCommandTests {
    /// `outpost-relay serve` on 127.0.0.1, a port picked at run time; stopped with `stop()`.
    final class ServedRelay: Sendable {
        struct NotStarted: Error, CustomStringConvertible {
            var description: String
        }

        /// What the relay logs on standard error.
        final class Log: Sendable {
            let text = Mutex("")
        }

        let process: Process
        let errors: Pipe
        let url: String

        init(executable: URL, database: String) throws {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["serve", "--db", database, "--host", "127.0.0.1", "--port", "0"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            let log = Log()
            // Drained all along, so the relay's request log never fills the pipe.
            errors.fileHandleForReading.readabilityHandler = { handle in
                let text = String(decoding: handle.availableData, as: UTF8.self)
                log.text.withLock { $0 += text }
            }
            try process.run()
            var url: String?
            for _ in 0..<600 where url == nil {
                url = log.text.withLock { $0.firstMatch(of: /address=(http:\/\/127\.0\.0\.1:[0-9]+)/).map { String($0.output.1) } }
                if url == nil { Thread.sleep(forTimeInterval: 0.05) }
            }
            self.process = process
            self.errors = errors
            guard let url else {
                process.terminate()
                throw NotStarted(description: "outpost-relay serve did not report its address: \(log.text.withLock { $0 })")
            }
            self.url = url
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
            errors.fileHandleForReading.readabilityHandler = nil
        }
    }

    @Test func verifyAgreesThenNamesTheRowChangedWithSQLite() throws {
        let outpost = try OutpostBinary()
        let folder = outpost.directory.path
        let relayBinary = try OutpostBinary(executable: "outpost-relay")
        let relayExecutable = relayBinary.url
        func relayCommand(_ arguments: String...) throws -> String {
            try relayBinary.run(arguments, database: false).standardOutput
        }
        let relayDB = folder + "/relay.db"
        func token(_ text: String) throws -> String {
            try #require(text.firstMatch(of: /[0-9a-f]{64}/).map { String($0.output) }, "no token in: \(text)")
        }
        let szToken = try token(try relayCommand("station", "add", "SZ01", "--db", relayDB))
        let gzToken = try token(try relayCommand("station", "add", "GZ02", "--db", relayDB))
        let relay = try ServedRelay(executable: relayExecutable, database: relayDB)
        defer { relay.stop() }

        let sz = folder + "/sz.db"
        let gz = folder + "/gz.db"
        for (db, code, staff, token) in [(sz, "SZ01", "王芳", szToken), (gz, "GZ02", "陈静", gzToken)] {
            let run = try outpost(
                "init", "--db", db, "--station", code, "--staff", staff, "--time-zone", "Asia/Shanghai",
                "--relay", relay.url, "--token", token, database: false)
            #expect(run.status == 0, "\(run)")
        }
        #expect(try outpost("customer", "add", "--db", sz, "--name", "李雷", "--phone", "138 0013 8000", database: false).status == 0)
        let opened = try outpost(
            "case", "open", "--db", sz, "--customer", "13800138000", "--kind", "complaint", "--channel", "phone",
            "--severity", "urgent", "--title", "快递丢件", database: false)
        #expect(opened.status == 0, "\(opened)")
        let number = try #require(opened.standardOutput.firstMatch(of: /SZ01-[0-9]{8}-[0-9]{4}/).map { String($0.output) })
        #expect(try outpost("sync", "--db", sz, database: false).status == 0)

        // GZ02 syncs as part of verify, then agrees.
        let agree = try outpost("verify", "--db", gz, database: false)
        #expect(agree.status == 0, "\(agree)")
        #expect(agree.standardOutput.contains("GZ02 agrees with the relay"), "\(agree)")

        // A note at SZ01 not yet synced: without syncing the two hold different changes.
        #expect(try outpost("case", "note", "--db", sz, number, "已联系快递公司", database: false).status == 0)
        let different = try outpost("verify", "--db", sz, "--no-sync", database: false)
        #expect(different.status == 1, "\(different)")
        #expect(different.standardError.contains("the relay does not have"), "\(different)")
        #expect(try outpost("verify", "--db", sz, database: false).status == 0)

        // The title changed behind Outpost's back at GZ02 (after it pulled the note).
        #expect(try outpost("sync", "--db", gz, database: false).status == 0)
        try RawSQLite.execute(gz, "UPDATE cases SET title = '篡改' WHERE number = '\(number)'")
        let disagree = try outpost("verify", "--db", gz, database: false)
        #expect(disagree.status == 4, "\(disagree)")
        #expect(disagree.standardOutput.contains("DIFFERENT"), "\(disagree)")
        // The row is named once, in the failure, with what to do.
        #expect(disagree.standardError.contains("first at cases row SZ01."), "\(disagree)")
        #expect(!disagree.standardOutput.contains("SZ01."), "\(disagree)")
        #expect(disagree.standardError.contains("(case \(number))"), "\(disagree)")
        #expect(disagree.standardError.contains("the values shown differ"), "\(disagree)")

        let json = try outpost("verify", "--db", gz, "--no-sync", "--json", database: false)
        #expect(json.status == 4, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["result"] as? String == "disagree")
        let first = try #require(object["first_difference"] as? [String: Any])
        #expect(first["table"] as? String == "cases")
        #expect(first["case_number"] as? String == number)
        #expect(first["difference"] as? String == "values")
        #expect((object["tables"] as? [[String: Any]])?.compactMap { $0["agree"] as? Bool } == [true, true, false, true, true, true, true, true])

        // SZ01 still agrees: the relay's replica is sound.
        #expect(try outpost("verify", "--db", sz, "--no-sync", database: false).status == 0)
    }
}
