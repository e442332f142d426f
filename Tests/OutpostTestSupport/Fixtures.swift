package import Foundation
import Synchronization

/// A fresh directory under the system's temporary folder, for real SQLite files in tests.
package func temporaryDirectory(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("outpost-tests")
        .appendingPathComponent("\(safe)-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A wall clock tests move by hand, so versions never depend on real time.
package final class ManualClock: Sendable {
    private let milliseconds: Mutex<UInt64>

    package init(_ start: UInt64 = 1_795_000_000_000) { milliseconds = Mutex(start) }

    package func now() -> UInt64 { milliseconds.withLock { $0 } }

    package func advance(by delta: UInt64) { milliseconds.withLock { $0 += delta } }

    package func set(_ value: UInt64) { milliseconds.withLock { $0 = value } }

    /// A closure the store can hold.
    package var reading: @Sendable () -> UInt64 { { [self] in now() } }
}
