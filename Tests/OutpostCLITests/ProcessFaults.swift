import Foundation
import OutpostTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` in a process group of its own, so a test can kill
/// it (and whatever it started, such as the commands of a shell loop) with SIGKILL at a moment of
/// its choosing, the way a power cut or the kernel's OOM killer would; and read its peak memory
/// when it ends, from `wait4`'s `ru_maxrss` (the kernel's high-water mark of its resident set,
/// `VmHWM`, the figure `/usr/bin/time -v` prints).
final class Spawned: Sendable {
    /// How a process ended.
    struct Ended: Sendable {
        /// The exit status, or nil when a signal ended it.
        var status: Int32?
        var signal: Int32?
        /// Peak resident memory in KiB.
        var peakKilobytes: Int

        var killed: Bool { signal == SIGKILL }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    let arguments: [String]
    let standardOutput: String
    let standardError: String
    private let ended = Mutex<Ended?>(nil)
    private let done = DispatchSemaphore(value: 0)
    private let groupKilled = Mutex(false)

    /// Starts `executable` with `arguments`; standard output and error go to files in `directory`,
    /// standard input is `/dev/null`. English, no colour, no inherited station settings.
    init(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        let id = UInt64.random(in: 0...UInt64.max)
        standardOutput = directory.appendingPathComponent("spawned-\(id).out").path
        standardError = directory.appendingPathComponent("spawned-\(id).err").path
        self.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OUTPOST_") && !$0.key.hasPrefix("LC_") }
        inherited["LANG"] = "C.UTF-8"
        inherited["NO_COLOR"] = "1"
        let variables = inherited.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (killed as one), no signal blocked, default handlers: the test
        // runner's threads may block signals, and a child inherits the spawning thread's mask.
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
        // Reaped on a thread of its own with wait4, which reports the peak memory; Foundation's
        // `Process` reaps only the processes it started, so nothing else takes this one.
        let thread = Thread { [self, pid] in
            var status: Int32 = 0
            var usage = rusage()
            var result = wait4(pid, &status, 0, &usage)
            while result == -1 && errno == EINTR { result = wait4(pid, &status, 0, &usage) }
            // Reaped by someone else (never expected): an exit status no command uses.
            if result == -1 { status = 0xFF << 8 }
            let signal = status & 0x7f
            #if canImport(Darwin)
            let peak = usage.ru_maxrss / 1024  // bytes on Darwin, KiB on Linux
            #else
            let peak = usage.ru_maxrss
            #endif
            ended.withLock {
                $0 = Ended(status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal, peakKilobytes: peak)
            }
            done.signal()
        }
        thread.start()
    }

    var hasEnded: Bool { ended.withLock { $0 != nil } }

    /// Kills the process group with SIGKILL (nothing to do once it has ended).
    func kill() {
        if !hasEnded { send(SIGKILL, to: -pid) }
        groupKilled.withLock { $0 = true }
    }

    /// Asks the process to stop with SIGTERM.
    func terminate() {
        if !hasEnded { send(SIGTERM, to: pid) }
    }

    @discardableResult
    func wait() -> Ended {
        done.wait()
        done.signal()
        // A command the killed shell ran is not this process's child: wait until it has exited
        // too, so its files and locks are released before the test opens the database.
        if groupKilled.withLock({ $0 }) {
            let deadline = Date().addingTimeInterval(10)
            while groupAlive(pid) && Date() < deadline { usleep(2_000) }
        }
        return ended.withLock { $0! }
    }

    /// Waits until `condition` holds or the process ends, polling every few milliseconds; false
    /// when the process ended first or `seconds` passed.
    func wait(upTo seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            if hasEnded { return try condition() }
            usleep(3_000)
        }
        return false
    }

    var output: String { (try? String(contentsOfFile: standardOutput, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: standardError, encoding: .utf8)) ?? "" }

    /// The run as `OutpostBinary` reports one; a process ended by a signal reports 128 + the
    /// signal, as a shell does.
    func run() -> OutpostBinary.Run {
        let end = wait()
        return OutpostBinary.Run(
            arguments: arguments, status: end.status ?? 128 + (end.signal ?? 0),
            standardOutput: output, standardError: errors)
    }
}

/// `kill(2)`: a process (or, given a negative id, a process group).
private func send(_ signal: Int32, to pid: pid_t) {
    _ = kill(pid, signal)
}

/// Whether a process of process group `group` still runs (a zombie has released its files and
/// locks), from `/proc`; false where there is no `/proc`.
private func groupAlive(_ group: pid_t) -> Bool {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
    for entry in entries where entry.allSatisfy(\.isNumber) {
        guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let name = stat.lastIndex(of: ")")
        else { continue }
        // After the command's name: state, parent, process group.
        let fields = stat[stat.index(after: name)...].split(separator: " ")
        if fields.count > 2, fields[2] == "\(group)", fields[0] != "Z" { return true }
    }
    return false
}

/// Reproducible randomness for the fault schedules (SplitMix64): the seed is printed, and
/// `OUTPOST_FAULT_SEED=N` replays a schedule (the moments are times, so a replay lands close to,
/// not exactly on, the same instructions).
struct FaultSchedule: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(_ test: String, default value: UInt64) {
        seed = ProcessInfo.processInfo.environment["OUTPOST_FAULT_SEED"].flatMap(UInt64.init) ?? value
        state = seed
        print("\(test): fault schedule seed \(seed) (replay with OUTPOST_FAULT_SEED=\(seed))")
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Seconds, uniform in `range`.
    mutating func seconds(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}

/// The programs the fault tests run besides Outpost's own.
enum FaultTools {
    /// libfaketime's `faketime` (Debian: `apt-get install faketime`), or nil when not installed.
    static let faketime: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return folders.map { $0 + "/faketime" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

/// One station's commands, optionally under a wrong wall clock: `clock: "+3h"` runs
/// `faketime -f +3h outpost …`. Only the wall clock is shifted (as on a machine whose date is set
/// wrong), not the monotonic clock timers run on.
struct Clerk {
    let outpost: OutpostBinary
    let database: String

    @discardableResult
    func callAsFunction(_ arguments: String..., clock: String? = nil) throws -> OutpostBinary.Run {
        try run(arguments, clock: clock)
    }

    func run(_ arguments: [String], clock: String? = nil) throws -> OutpostBinary.Run {
        try spawn(arguments, clock: clock).run()
    }

    /// Starts a command and returns at once, for a test that kills it or measures it.
    func spawn(_ arguments: [String], clock: String? = nil) throws -> Spawned {
        let withDatabase = arguments + ["--db", database]
        guard let clock else { return try Spawned(outpost.url.path, withDatabase, in: outpost.directory) }
        guard let faketime = FaultTools.faketime else { throw Spawned.Failure(description: "faketime is not installed") }
        return try Spawned(
            faketime, ["-f", clock, outpost.url.path] + withDatabase, in: outpost.directory,
            environment: ["FAKETIME_DONT_FAKE_MONOTONIC": "1"])
    }

    /// `outpost init` of station `code` in Asia/Shanghai; with `relay`, its address and the
    /// station's token, the first sync (a bootstrap) runs at once.
    func initialise(_ code: String, staff: String, relay: (url: String, token: String)? = nil, clock: String? = nil) throws
        -> OutpostBinary.Run
    {
        var arguments = ["init", "--station", code, "--staff", staff, "--time-zone", "Asia/Shanghai"]
        if let relay { arguments += ["--relay", relay.url, "--token", relay.token] }
        return try run(arguments, clock: clock)
    }

    /// `outpost status`'s unsent changes.
    func unsent() throws -> Int {
        let status = try self("status")
        let line = status.lines.first { $0.hasPrefix("unsent changes") } ?? ""
        return try #require(Int(line.dropFirst("unsent changes".count).trimmingCharacters(in: .whitespaces)), "\(status)")
    }

    /// The case number `case open` printed.
    func open(_ title: String, customer: String, clock: String? = nil) throws -> String {
        let run = try self(
            "case", "open", "--customer", customer, "--kind", "feedback", "--channel", "web",
            "--severity", "normal", "--title", title, clock: clock)
        #expect(run.status == 0, "\(run)")
        return try #require(run.standardOutput.firstMatch(of: /[A-Z][A-Z0-9]{1,7}-[0-9]{8}-[0-9]{4}/).map { String($0.output) }, "\(run)")
    }

    /// Adds `count` tags named `prefix-1` … to a case, at most `perCommand` a command (one
    /// transaction each; every tag is its own change, an `add` of a set element).
    func addTags(_ number: String, prefix: String, count: Int, perCommand: Int = 140, clock: String? = nil) throws {
        var next = 1
        while next <= count {
            let last = min(count, next + perCommand - 1)
            let tags = (next...last).flatMap { ["--add-tag", "\(prefix)-\($0)"] }
            let run = try self.run(["case", "edit", number] + tags, clock: clock)
            #expect(run.status == 0, "\(run)")
            next = last + 1
        }
    }
}

/// `outpost-relay serve` on 127.0.0.1 in its own process, killable with SIGKILL and restartable
/// on the same files and port.
final class RelayProcess: Sendable {
    let process: Spawned
    let url: String
    let port: Int
    let executable: URL
    let database: String
    let directory: URL
    /// The PostgreSQL log's URL, when the relay keeps its log there (`database` is then its
    /// merged replica).
    let postgres: String?

    /// Starts the relay on `port` (0: one picked at run time) and waits for its address.
    init(executable: URL, database: String, directory: URL, port: Int = 0, postgres: String? = nil, options: [String] = []) throws {
        self.executable = executable
        self.database = database
        self.directory = directory
        self.postgres = postgres
        let store = postgres.map { ["--postgres", $0, "--replica", database] } ?? ["--db", database]
        var process: Spawned?
        var address: (String, Int)?
        // A port just freed by a killed relay is normally free at once (the relay reuses
        // addresses); a few tries cover a slow start.
        for _ in 0..<5 where address == nil {
            let started = try Spawned(executable.path, ["serve"] + store + ["--host", "127.0.0.1", "--port", "\(port)"] + options, in: directory)
            let found = started.wait(upTo: 60) { started.errors.firstMatch(of: /address=http:\/\/127\.0\.0\.1:([0-9]+)/) != nil }
            if found, let match = started.errors.firstMatch(of: /address=(http:\/\/127\.0\.0\.1:([0-9]+))/) {
                address = (String(match.output.1), Int(match.output.2)!)
                process = started
            } else {
                started.kill()
                started.wait()
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        guard let process, let address else {
            throw Spawned.Failure(description: "outpost-relay serve did not report its address on port \(port)")
        }
        self.process = process
        (url, self.port) = address
    }

    /// The relay's standard error: its start-up lines and one line per request.
    var log: String { process.errors }

    /// The changes in each push `station` made that the relay answered with 200, in order.
    func pushes(by station: String) -> [Int] {
        requests("/v1/push", by: station).compactMap { line in
            line.firstMatch(of: /changes=([0-9]+)/).flatMap { Int($0.output.1) }
        }
    }

    /// The request lines for `endpoint` from `station` answered with 200.
    func requests(_ endpoint: String, by station: String) -> [Substring] {
        log.split(separator: "\n").filter {
            $0.contains(" endpoint=\(endpoint) ") && $0.contains(" station=\(station) ") && $0.contains(" status=200 ")
        }
    }

    /// SIGKILL: no shutdown, no flush, open transactions cut wherever they are.
    func kill() {
        process.kill()
        process.wait()
    }

    /// SIGTERM, and SIGKILL if it has not stopped within ten seconds.
    func stop() {
        process.terminate()
        _ = process.wait(upTo: 10) { process.hasEnded }
        process.kill()
        process.wait()
    }

    /// A new relay process on the same files and port.
    func restarted() throws -> RelayProcess {
        try RelayProcess(executable: executable, database: database, directory: directory, port: port, postgres: postgres)
    }
}

/// Reading SQLite files directly, bypassing Outpost.
enum SQLiteFile {
    /// The rows of `sql`, one column named `id`, ordered by it: RawSQLite's dump of a subquery
    /// (the dump reads `SELECT * FROM T ORDER BY id`). One line of SQL; values without newlines.
    static func column(_ path: String, _ sql: String) throws -> [String] {
        let dump = try RawSQLite.dump(path, tables: ["(\(sql))"])
        return dump.split(separator: "\n").dropFirst().map(String.init)
    }

    /// `PRAGMA integrity_check`'s report: `ok` for a sound file.
    static func integrity(_ path: String) throws -> String {
        try column(path, "SELECT integrity_check AS id FROM pragma_integrity_check").joined(separator: "\n")
    }

    /// One integer value (the first row's first column).
    static func integer(_ path: String, _ sql: String) throws -> Int {
        try #require(try column(path, sql).first.flatMap { Int($0) }, "no integer from \(sql) in \(path)")
    }
}

/// The 64-hex-digit token `outpost-relay station add` printed.
func enrol(_ code: String, relay: OutpostBinary, database: String) throws -> String {
    let run = try relay.run(["station", "add", code, "--db", database], database: false)
    #expect(run.status == 0, "\(run)")
    return try #require(run.standardOutput.firstMatch(of: /[0-9a-f]{64}/).map { String($0.output) }, "no token in: \(run)")
}
