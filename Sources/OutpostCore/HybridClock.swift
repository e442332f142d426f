/// A hybrid logical clock reading: 48 bits of Unix milliseconds and a 16-bit counter,
/// packed so that integer order is causal-then-wall-time order (`docs/ARCHITECTURE.md`, "Hybrid clock").
package struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var rawValue: UInt64

    package init(rawValue: UInt64) { self.rawValue = rawValue }

    package init(milliseconds: UInt64, counter: UInt16) {
        rawValue = (milliseconds & Self.millisecondMask) << 16 | UInt64(counter)
    }

    package static let zero = Timestamp(rawValue: 0)
    package static let millisecondMask: UInt64 = (1 << 48) - 1

    package var milliseconds: UInt64 { rawValue >> 16 }
    package var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    package var description: String { "\(milliseconds).\(counter)" }
}

/// The station's hybrid logical clock.
///
/// The clock owns no time source: the caller passes the wall clock in, so merge results never
/// depend on the machine's time. The store derives `last` inside each `BEGIN IMMEDIATE`
/// transaction from the highest applied clock (every reading issued is an applied change), so two
/// processes never issue the same reading.
package struct HybridClock: Sendable, Equatable {
    /// The highest reading issued or observed so far.
    package private(set) var last: Timestamp

    package init(last: Timestamp = .zero) { self.last = last }

    /// The largest millisecond value a change may carry (about the year 6429): far beyond any
    /// real clock, and low enough that ticking past it can never wrap the 48-bit field.
    package static let maximumMilliseconds: UInt64 = 1 << 47

    /// A reading strictly greater than every reading issued or observed before.
    ///
    /// When the wall clock is behind (or stands still), the counter advances; when the counter
    /// is exhausted, the millisecond part is borrowed forward by one so the clock stays monotonic.
    package mutating func tick(wallMilliseconds: UInt64) -> Timestamp {
        let wall = Timestamp(milliseconds: wallMilliseconds, counter: 0)
        if wall > last {
            last = wall
        } else if last.counter == .max {
            // At the very end of the 48-bit range the clock saturates instead of wrapping to zero;
            // stores refuse changes stamped past `maximumMilliseconds`, so this is never reached.
            guard last.milliseconds < Timestamp.millisecondMask else { return last }
            last = Timestamp(milliseconds: last.milliseconds + 1, counter: 0)
        } else {
            last = Timestamp(rawValue: last.rawValue + 1)
        }
        return last
    }

    /// Advances past a reading received from another station (`docs/ARCHITECTURE.md`, "Hybrid clock": a received
    /// change advances the local clock).
    package mutating func observe(_ remote: Timestamp) {
        if remote > last { last = remote }
    }
}
