import OutpostCore
import OutpostTestSupport
import OutpostWire
import Testing

@Suite("Round trips and hostile input")
struct RobustnessTests {
    @Test func roundTripOfRandomMessages() throws {
        let seed: UInt64 = 0x0DD5_EED5
        var random = RandomMessages(seed: seed)
        var kinds = Set<MessageKind>()
        for index in 0..<600 {
            let message = random.message()
            kinds.insert(message.kind)
            let level = Int32(random.int(0...9))
            let frame = WireCodec.encode(message, compressionLevel: level)
            let decoded = try WireCodec.decode(frame)
            #expect(decoded == message, "seed \(seed), message \(index), level \(level)")
            #expect(WireCodec.encode(decoded, compressionLevel: level) == frame, "seed \(seed), message \(index): re-encoding differs")
        }
        #expect(kinds == Set(MessageKind.allCases))
    }

    @Test func nanKeepsItsBits() throws {
        let nan = Double(bitPattern: 0x7FF8_0000_DEAD_BEEF)
        let message = Message.push(
            Push(
                station: VectorCatalog.a, schema: 1,
                changes: [
                    VectorCatalog.create(VectorCatalog.a, 1, at: VectorCatalog.at(0), "wire_probe", [Field("nan", .real(nan))], author: "li")
                ]))
        let frame = WireCodec.encode(message)
        guard case .push(let push) = try WireCodec.decode(frame), case .create(let fields) = push.changes.first?.operation,
            case .real(let real) = fields.first?.value
        else {
            Issue.record("not decoded as a creation with a real")
            return
        }
        #expect(real.bitPattern == nan.bitPattern)
        #expect(WireCodec.encode(try WireCodec.decode(frame)) == frame)
    }

    /// Damaged frames (bits flipped, bytes replaced, inserted, removed, cut): any outcome but a
    /// trap, through both decoders. Prints how the damage was refused.
    @Test(arguments: 0..<4)
    func corruptionNeverTraps(round: Int) throws {
        let seed = 0xC0FF_EE00 + UInt64(round)
        var random = RandomMessages(seed: seed)
        var frames = VectorCatalog.all.map(\.frame).filter { $0.count < 20_000 }
        for _ in 0..<40 { frames.append(WireCodec.encode(random.message(), compressionLevel: Int32(random.int(0...9)))) }
        var outcomes = [String: Int]()
        for _ in 0..<1500 {
            var frame = frames[random.int(0...frames.count - 1)]
            for _ in 0..<random.int(1...4) {
                guard !frame.isEmpty else { break }
                let at = random.int(0...frame.count - 1)
                switch random.int(0...4) {
                case 0: frame[at] ^= UInt8(1 << random.int(0...7))
                case 1: frame[at] = UInt8(truncatingIfNeeded: random.u64())
                case 2: frame.remove(at: at)
                case 3: frame.insert(UInt8(truncatingIfNeeded: random.u64()), at: at)
                default: frame.removeSubrange(at...)
                }
            }
            let outcome: String
            do {
                _ = try WireCodec.decode(frame)
                outcome = "decoded"
            } catch {
                outcome = error.code.rawValue
            }
            outcomes[outcome, default: 0] += 1
            var decoder = FrameDecoder()
            var offset = 0
            for size in random.chunks(of: frame.count) {
                do { _ = try decoder.feed(frame[offset..<offset + size]) } catch { break }
                offset += size
            }
        }
        print("corruption round \(round) (seed \(seed)): \(outcomes.sorted { $0.key < $1.key })")
    }

    /// Damaged payloads behind a correct CRC reach the message and change batch decoders.
    @Test(arguments: 0..<4)
    func damagedPayloadsWithValidChecksumsNeverTrap(round: Int) throws {
        let seed = 0xBADC_0DE0 + UInt64(round)
        var random = RandomMessages(seed: seed)
        var decodedCount = 0
        for _ in 0..<1500 {
            let message = random.message()
            var payload = message.payload()
            for _ in 0..<random.int(1...3) {
                guard !payload.isEmpty else { break }
                let at = random.int(0...payload.count - 1)
                switch random.int(0...3) {
                case 0: payload[at] ^= UInt8(1 << random.int(0...7))
                case 1: payload[at] = [0x00, 0x7F, 0x80, 0xFF][random.int(0...3)]
                case 2: payload.remove(at: at)
                default: payload.removeSubrange(at...)
                }
            }
            let kind = random.chance(90) ? message.kind.rawValue : UInt8(random.int(0...255))
            let frame = WireCodec.frame(kind: kind, payload: payload, compressionLevel: Int32(random.int(0...9)))
            if (try? WireCodec.decode(frame)) != nil { decodedCount += 1 }
            // A deflated stream damaged behind a recomputed CRC.
            if frame[5] == WireCodec.deflatedFlag {
                var body = Array(frame[WireCodec.headerSize...])
                body[random.int(0...body.count - 1)] ^= UInt8(1 << random.int(0...7))
                let reframed = WireCodec.header(flags: frame[5], kind: frame[6], inflatedSize: UInt32(payload.count), body: body) + body
                _ = try? WireCodec.decode(reframed)
            }
        }
        print("damaged payloads round \(round) (seed \(seed)): \(decodedCount) of 1500 still decoded")
    }

    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 0xFEED)
        for length in 0..<400 {
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if length >= 5 { bytes.replaceSubrange(0..<5, with: WireCodec.magic + [WireCodec.protocolVersion]) }
            _ = try? WireCodec.decode(bytes)
            var decoder = FrameDecoder()
            _ = try? decoder.feed(bytes)
        }
    }
}
