import Foundation
import OutpostTestSupport
import Testing

/// A built executable (`outpost` unless named), run as a clerk would run it, on a temporary
/// station database.
struct OutpostBinary {
    let url: URL
    let directory: URL
    let database: String

    /// What one run printed and how it ended.
    struct Run: CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var standardOutput: String
        var standardError: String

        var description: String {
            "outpost \(arguments.joined(separator: " ")) → \(status)\n--- stdout\n\(standardOutput)--- stderr\n\(standardError)"
        }

        var lines: [String] { standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Finds the executable next to the test runner: `swift test` builds it into the same folder
    /// (`.build/debug`, or the `debug` folder of a `--scratch-path`).
    static func locate(_ executable: String = "outpost") throws -> URL {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // On macOS the runner sits inside an .xctest bundle.
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            folder.deleteLastPathComponent()
        }
        let url = folder.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BinaryMissing(path: url.path)
        }
        return url
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "the executable is not at \(path): build it first (`swift build`), or run these tests with `swift test`, which builds it"
        }
    }

    init(_ name: String = #function, executable: String = "outpost") throws {
        url = try Self.locate(executable)
        let safe = name.filter { $0.isLetter || $0.isNumber }
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("outpost-cli-tests")
            .appendingPathComponent("\(safe)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("station.db").path
    }

    /// Runs `outpost` with the station database; English, no colour, no inherited station
    /// settings, unless `environment` says otherwise.
    @discardableResult
    func callAsFunction(_ arguments: String..., environment: [String: String] = [:], database: Bool = true) throws -> Run {
        try run(arguments, environment: environment, database: database)
    }

    func run(_ arguments: [String], environment: [String: String] = [:], database: Bool = true) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OUTPOST_") && !$0.key.hasPrefix("LC_") }
        inherited["LANG"] = "C.UTF-8"
        inherited["NO_COLOR"] = "1"
        if database { inherited["OUTPOST_DB"] = self.database }
        process.environment = inherited.merging(environment) { $1 }
        let id = UInt64.random(in: 0...UInt64.max)
        let outURL = directory.appendingPathComponent("out-\(id)")
        let errURL = directory.appendingPathComponent("err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let run = Run(
            arguments: arguments, status: process.terminationStatus,
            standardOutput: try String(contentsOf: outURL, encoding: .utf8),
            standardError: try String(contentsOf: errURL, encoding: .utf8)
        )
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        return run
    }

    /// Every domain table, `select * from T order by id`, read with SQLite directly.
    func dump() throws -> String {
        try RawSQLite.dump(database, tables: ["stations", "customers", "cases", "case_events", "staff", "calendar_days", "work_week", "sla_rules"])
    }

    /// Decodes a run's standard output as JSON.
    func json<T: Decodable>(_ type: T.Type, _ run: Run) throws -> T {
        try JSONDecoder().decode(type, from: Data(run.standardOutput.utf8))
    }
}

/// Today's date in the station's zone, shifted by `days`: `2026-11-21`.
func shanghaiDate(daysFromToday days: Int) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let date = calendar.date(byAdding: .day, value: days, to: Date())!
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
}

/// The time now in the station's zone, as a clerk types it: `14:30`.
func shanghaiTime() -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let parts = calendar.dateComponents([.hour, .minute], from: Date())
    return String(format: "%02d:%02d", parts.hour!, parts.minute!)
}
