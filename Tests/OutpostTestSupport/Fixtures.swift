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

/// SplitMix64: a small, fast, seedable generator, so every random test can be replayed by seed.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
