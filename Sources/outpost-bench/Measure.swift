import Foundation

/// A failure of the benchmark itself, with what went wrong.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Seconds taken by `body`.
///
/// The disk is flushed first (`sync`), so the writes an earlier step left to the kernel do not
/// land in this one's time, where a commit that waits for the disk would wait behind them. The
/// load's apply, timed right after two stations had taken the load, measured 0.31–0.36× plain
/// SQLite in three full runs without it, and 0.49–0.56× in two with it.
func measure(_ body: () throws -> Void) rethrows -> Double {
    sync()
    let started = ContinuousClock.now
    try body()
    return seconds(since: started)
}

func measureAsync(_ body: () async throws -> Void) async rethrows -> Double {
    sync()
    let started = ContinuousClock.now
    try await body()
    return seconds(since: started)
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// This process's peak resident set size so far, in bytes.
///
/// On Linux from `VmHWM`: `getrusage`'s `ru_maxrss` survives `exec`, so a child started by this
/// (large) process would report the parent's peak (it read 999 MB for a 126 MB child).
func peakResidentBytes() -> Int {
    #if os(Linux)
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
    #else
    var usage = rusage()
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return usage.ru_maxrss  // bytes on Darwin
    #endif
}

private let started = ContinuousClock.now

/// Progress for the person waiting, with the seconds since the run began, on standard error so
/// the table alone goes to standard output.
func progress(_ text: String) {
    FileHandle.standardError.write(Data((String(format: "%6.1f s  ", seconds(since: started)) + text + "\n").utf8))
}
