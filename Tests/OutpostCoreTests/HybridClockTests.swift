import OutpostCore
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test(
        "packs 48 bits of milliseconds above a 16-bit counter",
        arguments: [
            (0, 0, 0),
            (1, 0, 0x1_0000),
            (0, 1, 1),
            (1_795_335_300_123, 7, 0x01A2_0252_A41B_0007),
            (Timestamp.millisecondMask, 0xFFFF, UInt64.max),
        ] as [(UInt64, UInt16, UInt64)])
    func packing(milliseconds: UInt64, counter: UInt16, raw: UInt64) {
        let stamp = Timestamp(milliseconds: milliseconds, counter: counter)
        #expect(stamp.rawValue == raw)
        #expect(stamp.milliseconds == milliseconds)
        #expect(stamp.counter == counter)
        #expect(Timestamp(rawValue: raw) == stamp)
    }

    @Test("milliseconds beyond 48 bits are masked")
    func masking() {
        let stamp = Timestamp(milliseconds: 1 << 48 | 5, counter: 3)
        #expect(stamp.milliseconds == 5)
        #expect(stamp.counter == 3)
    }

    @Test("orders by milliseconds, then counter")
    func order() {
        let sorted = [
            Timestamp.zero,
            Timestamp(milliseconds: 0, counter: 0xFFFF),
            Timestamp(milliseconds: 1, counter: 0),
            Timestamp(milliseconds: 1, counter: 1),
            Timestamp(milliseconds: 2, counter: 0),
        ]
        for (lower, higher) in zip(sorted, sorted.dropFirst()) { #expect(lower < higher) }
        #expect(Timestamp(milliseconds: 1_000, counter: 2).description == "1000.2")
    }

    @Test(
        "isoText for known instants",
        arguments: [
            (0, "1970-01-01T00:00:00.000Z"),
            (1, "1970-01-01T00:00:00.001Z"),
            // 2026-01-01 is day 56 * 365 + 14 = 20454; 22 November is day 304 + 21 = 325 of the year;
            // (20454 + 325) * 86_400_000 + (8 * 3600 + 15 * 60) * 1000 + 123.
            (1_795_335_300_123, "2026-11-22T08:15:00.123Z"),
            // 2024-01-01 is day 54 * 365 + 13 = 19723; 29 February is day 31 + 28 = 59.
            (1_709_164_800_000, "2024-02-29T00:00:00.000Z"),
            (1_709_164_799_999, "2024-02-28T23:59:59.999Z"),
            (1_709_251_199_999, "2024-02-29T23:59:59.999Z"),
            (1_709_251_200_000, "2024-03-01T00:00:00.000Z"),
            // 2000 is a leap year (divisible by 400): day 10957 + 59.
            (951_868_799_999, "2000-02-29T23:59:59.999Z"),
            // 2100 is not (divisible by 100): day 47482 + 59 is 1 March.
            (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
            (1_767_225_599_999, "2025-12-31T23:59:59.999Z"),
            (Timestamp.millisecondMask, "10889-08-02T05:31:50.655Z"),
        ] as [(UInt64, String)])
    func isoText(milliseconds: UInt64, text: String) {
        #expect(Timestamp(milliseconds: milliseconds, counter: 0).isoText == text)
        #expect(Timestamp(milliseconds: milliseconds, counter: 0xFFFF).isoText == text)
    }
}

@Suite("HybridClock")
struct HybridClockTests {
    /// Ticks the clock with each wall reading and checks every reading is above all earlier ones.
    func ticks(_ clock: inout HybridClock, walls: [UInt64], sourceLocation: SourceLocation = #_sourceLocation) -> [Timestamp] {
        var readings = [Timestamp]()
        for wall in walls {
            let before = clock.last
            let reading = clock.tick(wallMilliseconds: wall)
            #expect(reading > before, "wall \(wall): \(reading) after \(before)", sourceLocation: sourceLocation)
            #expect(clock.last == reading, sourceLocation: sourceLocation)
            readings.append(reading)
        }
        return readings
    }

    @Test("a fresh clock takes the wall clock")
    func fresh() {
        var clock = HybridClock()
        #expect(clock.last == .zero)
        #expect(clock.tick(wallMilliseconds: 1_795_335_300_123) == Timestamp(milliseconds: 1_795_335_300_123, counter: 0))
    }

    @Test("a wall clock standing still advances the counter")
    func standingStill() {
        var clock = HybridClock()
        let readings = ticks(&clock, walls: Array(repeating: 5_000, count: 10))
        #expect(readings == (0..<10).map { Timestamp(milliseconds: 5_000, counter: UInt16($0)) })
    }

    @Test("a wall clock going backwards keeps the last milliseconds and advances the counter")
    func backwards() {
        var clock = HybridClock()
        let readings = ticks(&clock, walls: [5_000, 4_999, 1_000, 0, 4_000])
        #expect(readings == (0..<5).map { Timestamp(milliseconds: 5_000, counter: UInt16($0)) })
    }

    @Test("a wall clock jumping forward resets the counter; jumping back again stays monotonic")
    func jumps() {
        var clock = HybridClock()
        let readings = ticks(&clock, walls: [5_000, 5_000, 86_400_000_000, 5_000, 86_400_000_001, 86_400_000_001])
        #expect(
            readings == [
                Timestamp(milliseconds: 5_000, counter: 0),
                Timestamp(milliseconds: 5_000, counter: 1),
                Timestamp(milliseconds: 86_400_000_000, counter: 0),
                Timestamp(milliseconds: 86_400_000_000, counter: 1),
                Timestamp(milliseconds: 86_400_000_001, counter: 0),
                Timestamp(milliseconds: 86_400_000_001, counter: 1),
            ])
    }

    @Test("an exhausted counter borrows one millisecond")
    func counterOverflow() {
        var clock = HybridClock(last: Timestamp(milliseconds: 1_000, counter: 0xFFFE))
        let readings = ticks(&clock, walls: [1_000, 1_000, 1_000, 1_001, 1_002])
        #expect(
            readings == [
                Timestamp(milliseconds: 1_000, counter: 0xFFFF),
                Timestamp(milliseconds: 1_001, counter: 0),
                Timestamp(milliseconds: 1_001, counter: 1),
                Timestamp(milliseconds: 1_001, counter: 2),
                Timestamp(milliseconds: 1_002, counter: 0),
            ])
    }

    @Test("three full counters' worth of ticks in one frozen millisecond stay strictly monotonic")
    func manyTicks() {
        var clock = HybridClock()
        var previous = clock.last
        for _ in 0..<(3 * 65_536) {
            let reading = clock.tick(wallMilliseconds: 1_000)
            if reading <= previous {
                Issue.record("\(reading) after \(previous)")
                return
            }
            previous = reading
        }
        #expect(previous == Timestamp(milliseconds: 1_002, counter: 0xFFFF))
    }

    @Test("observing a remote reading makes the next tick greater than it")
    func observeAhead() {
        var clock = HybridClock()
        _ = clock.tick(wallMilliseconds: 1_000)
        let remote = Timestamp(milliseconds: 9_000, counter: 4)
        clock.observe(remote)
        #expect(clock.last == remote)
        let next = clock.tick(wallMilliseconds: 1_001)
        #expect(next > remote)
        #expect(next == Timestamp(milliseconds: 9_000, counter: 5))
    }

    @Test("observing a remote reading with an exhausted counter borrows a millisecond")
    func observeExhausted() {
        var clock = HybridClock()
        clock.observe(Timestamp(milliseconds: 9_000, counter: 0xFFFF))
        #expect(clock.tick(wallMilliseconds: 9_000) == Timestamp(milliseconds: 9_001, counter: 0))
    }

    @Test("observing an older reading changes nothing")
    func observeBehind() {
        var clock = HybridClock()
        let reading = clock.tick(wallMilliseconds: 9_000)
        clock.observe(Timestamp(milliseconds: 1_000, counter: 7))
        clock.observe(reading)
        #expect(clock.last == reading)
        #expect(clock.tick(wallMilliseconds: 9_000) == Timestamp(milliseconds: 9_000, counter: 1))
    }

    @Test("a seeded random walk of wall readings and observations stays strictly monotonic")
    func randomWalk() {
        let seed: UInt64 = 0x5EED_C10C
        var random = SplitMix64(seed: seed)
        var clock = HybridClock()
        var wall: UInt64 = 1_795_335_300_123
        var highest = Timestamp.zero
        for step in 0..<20_000 {
            switch random.next() % 8 {
            case 0: wall -= random.next() % 10_000  // backwards
            case 1: wall += random.next() % 10_000_000  // jump
            case 2:
                let remote = Timestamp(milliseconds: wall + random.next() % 20_000 - 10_000, counter: UInt16.random(in: 0...0xFFFF, using: &random))
                clock.observe(remote)
                highest = max(highest, remote)
                continue
            default: wall += random.next() % 3  // standing still or creeping
            }
            let reading = clock.tick(wallMilliseconds: wall)
            if reading <= highest {
                Issue.record("seed \(seed) step \(step): \(reading) not above \(highest)")
                return
            }
            highest = reading
        }
    }

    @Test(
        "the clock never goes backwards at the end of the 48-bit range"
    )
    func endOfRange() {
        var clock = HybridClock()
        clock.observe(Timestamp(rawValue: .max))
        let reading = clock.tick(wallMilliseconds: 1_795_335_300_123)
        #expect(reading >= Timestamp(rawValue: .max))
    }
}
