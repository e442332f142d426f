import Foundation  // to read Protocol/vectors and the environment, and for the watchdog's thread
import OutpostCore
import OutpostTestSupport
import OutpostWire
import Synchronization
import Testing

/// Seeded mutation fuzzing of the decoders a peer's bytes reach: `WireCodec.decode`,
/// `FrameDecoder` and `ChangeBatch.decode`, starting from the golden frames in `Protocol/vectors`.
///
/// Three strategies share the inputs: whole frames damaged anywhere (headers included); message
/// payloads damaged and framed again with a valid CRC and a valid zlib stream, so the damage gets
/// past the checksum to the message decoder; and change batches damaged (their tables rewritten
/// with consistent lengths too) and carried in push, pull-batch and snapshot-chunk messages. Every
/// input must decode or be refused with the codec's error, never trap or hang; what decodes must
/// re-encode to a frame that decodes to the same message, with every text's bytes kept; a decoded
/// message's collections must fit in the bytes it came from; and the stream decoder must agree
/// with the single-frame decoder while never buffering more than one frame's limit.
///
/// `OUTPOST_FUZZ_INPUTS=N` sets the number of inputs (split between the strategies; the default
/// keeps a debug run to seconds), `OUTPOST_FUZZ_SEED=S` the seed (decimal or 0x-hex), and
/// `OUTPOST_FUZZ_START=I` the first input index, so one input replays with
/// `OUTPOST_FUZZ_SEED=S OUTPOST_FUZZ_START=I OUTPOST_FUZZ_INPUTS=3 swift test --filter DecoderFuzz`.
/// `OUTPOST_FUZZ_TRACE=1` prints each input's index before it is tried, to find one that traps.
@Suite("Decoder fuzzing")
struct DecoderFuzzTests {
    static let settings = FuzzSettings.fromEnvironment()
    static let corpus = FuzzCorpus.load(seed: settings.seed)

    /// The receiver's limits, standard or tight enough that the corpus's larger frames cross them.
    static let tightLimits = FrameLimits(maxFrameBytes: 2048, maxInflatedBytes: 8192, maxRatio: 20)

    @Test func mutatedFrames() throws {
        try Self.run(.frames) { mutator, run in
            var frame = mutator.pick(Self.corpus.frames)
            let limits = mutator.random.chance(50) ? FrameLimits.standard : Self.tightLimits
            for _ in 0..<mutator.random.int(1...4) {
                if mutator.random.chance(25) {
                    mutator.rewriteHeader(&frame, limits: limits)
                } else {
                    mutator.mutate(&frame, splicingWith: Self.corpus.frames)
                }
            }
            run.checkFrame(frame, limits: limits, &mutator)
        }
    }

    @Test func reframedPayloads() throws {
        try Self.run(.payloads) { mutator, run in
            let (kind, original) = mutator.pick(Self.corpus.payloads)
            var payload = original
            for _ in 0..<mutator.random.int(1...3) {
                mutator.mutate(&payload, splicingWith: Self.corpus.payloads.map(\.payload))
            }
            let type = mutator.random.chance(90) ? kind.rawValue : UInt8(truncatingIfNeeded: mutator.random.int(0...12))
            var frame = mutator.frame(kind: type, payload: payload)
            let faithful = mutator.random.chance(80)
            if !faithful {
                if mutator.random.chance(50) {
                    mutator.rewriteHeader(&frame, limits: .standard)
                } else {
                    mutator.damageStream(&frame, others: Self.corpus.frames)
                }
            }
            let decoded = run.checkFrame(frame, limits: .standard, &mutator)
            guard faithful else { return }
            // A faithful frame decodes exactly when its payload does, to the same message.
            guard let kind = MessageKind(rawValue: type) else {
                if decoded != nil { run.note("a frame of unknown type \(type) decoded", frame) }
                return
            }
            let direct: Message?
            do { direct = try Message.decode(kind, payload: payload, version: 1) } catch { direct = nil }
            if direct != decoded { run.note("the frame and its payload decode differently", frame) }
        }
    }

    @Test func mutatedChangeBatches() throws {
        try Self.run(.batches) { mutator, run in
            var batch = mutator.pick(Self.corpus.batches)
            for _ in 0..<mutator.random.int(1...3) {
                mutator.mutateBatch(&batch, splicingWith: Self.corpus.batches)
            }
            let direct = run.checkBatch(batch)
            // The same batch inside a message, behind a valid CRC and zlib stream.
            let (kind, prefix) = mutator.pick(Self.corpus.carriers)
            var payload = ByteWriter()
            payload.writeBytes(prefix)
            payload.writeBlob(batch)
            let frame = mutator.frame(kind: kind.rawValue, payload: payload.bytes)
            let decoded = run.checkFrame(frame, limits: .standard, &mutator)
            if (direct == nil) != (decoded == nil) || (decoded.map { Self.changes(of: $0) != direct } ?? false) {
                run.note("the batch alone and inside a \(kind) decode differently", frame)
            }
        }
    }

    // MARK: What the fuzzer found

    /// Two changes by authors whose names are canonically equivalent but not the same bytes:
    /// "\u{00C5}" (c3 85) and "\u{212B}" (ANGSTROM SIGN, e2 84 ab). The string table interned
    /// texts as `String`s, whose `==` follows canonical equivalence, so re-encoding carried the
    /// first author's bytes for both (and a relay re-encoding a pull batch would pass them on).
    /// The smallest form of what the batch strategy found with Å, K/KELVIN SIGN, Ω/OHM SIGN, é
    /// and Hangul syllables.
    static let equivalentAuthors = """
        01a1a1a1a1a1a1a1a1a2a2a2a2a2a2a2a2\
        030174\
        02c385\
        03e284ab\
        02\
        000200000000000101\
        000200000000000201
        """

    @Test func equivalentTextsKeepTheirBytes() throws {
        let batch = try #require(Hex.decode(Self.equivalentAuthors))
        let changes = try ChangeBatch.decode(batch)
        #expect(changes.map { Array($0.author.utf8) } == [[0xC3, 0x85], [0xE2, 0x84, 0xAB]])
        // The batch is in canonical form: re-encoding gives it back byte for byte.
        #expect(ChangeBatch.encode(changes) == batch)
        let push = Message.push(Push(station: VectorCatalog.a, schema: 1, changes: changes))
        guard case .push(let decoded) = try WireCodec.decode(WireCodec.encode(push)) else {
            Issue.record("not decoded as a push")
            return
        }
        #expect(decoded.changes.map { Array($0.author.utf8) } == [[0xC3, 0x85], [0xE2, 0x84, 0xAB]])
    }

    // MARK: The run

    enum Strategy: Int, CaseIterable {
        case frames, payloads, batches
    }

    /// Runs `body` once per input of the strategy's share, each with a mutator seeded from the
    /// run's seed and the input's index, then reports what was found.
    static func run(_ strategy: Strategy, _ body: (inout FrameMutator, inout FuzzRun) throws -> Void) throws {
        let settings = Self.settings
        let share = max(1, (settings.inputs + Strategy.allCases.count - 1) / Strategy.allCases.count)
        var run = FuzzRun(strategy: strategy, seed: settings.seed)
        let watchdog = FuzzWatchdog(limit: .seconds(60))
        defer { watchdog.stop() }
        let started = ContinuousClock.now
        for index in settings.start..<settings.start + share {
            run.index = index
            if settings.trace { FileHandle.standardError.write(Data("decoder fuzz \(strategy) input \(index)\n".utf8)) }
            watchdog.begin(strategy: strategy, seed: settings.seed, index: index)
            var mutator = FrameMutator(seed: inputSeed(settings.seed, strategy, index))
            try body(&mutator, &run)
        }
        let elapsed = ContinuousClock.now - started
        print(
            "decoder fuzz \(strategy): \(share) inputs from \(settings.start), seed \(hex(settings.seed)), \(elapsed): \(run.tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"
        )
        for finding in run.findings { Issue.record(Comment(rawValue: finding)) }
        #expect(run.findingCount == 0, "\(run.findingCount) inputs broke a decoder's contract (the first \(run.findings.count) listed)")
    }

    /// Each input's own seed, so any one replays without the inputs before it.
    static func inputSeed(_ seed: UInt64, _ strategy: Strategy, _ index: Int) -> UInt64 {
        seed &+ UInt64(strategy.rawValue) << 56 &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
    }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    static func changes(of message: Message) -> [Change]? {
        switch message {
        case .push(let push): push.changes
        case .pullBatch(let batch): batch.changes
        case .snapshotChunk(let chunk): chunk.changes
        default: nil
        }
    }
}

/// What the environment asks of a fuzz run.
struct FuzzSettings {
    var inputs = 60_000
    var seed: UInt64 = 0x0F0F_2026_1122
    var start = 0
    var trace = false

    static func fromEnvironment() -> FuzzSettings {
        let environment = ProcessInfo.processInfo.environment
        var settings = FuzzSettings()
        if let inputs = environment["OUTPOST_FUZZ_INPUTS"].flatMap(Int.init), inputs > 0 { settings.inputs = inputs }
        if let text = environment["OUTPOST_FUZZ_SEED"] {
            let seed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            if let seed { settings.seed = seed }
        }
        if let start = environment["OUTPOST_FUZZ_START"].flatMap(Int.init), start >= 0 { settings.start = start }
        settings.trace = environment["OUTPOST_FUZZ_TRACE"] == "1"
        return settings
    }
}

/// The inputs mutations start from: every frame in `Protocol/vectors` (the invalid ones too), the
/// payloads and change batches of the valid ones, and the messages that carry a batch with their
/// batch taken off. A few random well-formed messages widen the verify messages' shapes.
struct FuzzCorpus {
    var frames: [[UInt8]] = []
    var payloads: [(kind: MessageKind, payload: [UInt8])] = []
    var batches: [[UInt8]] = []
    var carriers: [(kind: MessageKind, prefix: [UInt8])] = []
    /// A small valid frame (within `DecoderFuzzTests.tightLimits` too) to put before an input in a stream.
    var leading: (frame: [UInt8], message: Message)?

    static func load(seed: UInt64) -> FuzzCorpus {
        var corpus = FuzzCorpus()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: VectorTests.directory.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".hex") {
            guard let data = FileManager.default.contents(atPath: VectorTests.directory.appendingPathComponent(name).path),
                let frame = VectorText.bytes(fromHex: String(decoding: data, as: UTF8.self))
            else { continue }
            corpus.frames.append(frame)
            if let message = try? WireCodec.decode(frame) { corpus.add(message) }
            if corpus.leading == nil, let message = try? WireCodec.decode(frame, limits: DecoderFuzzTests.tightLimits) {
                corpus.leading = (frame, message)
            }
        }
        var random = RandomMessages(seed: seed)
        for _ in 0..<20 {
            let message = random.message()
            corpus.frames.append(WireCodec.encode(message, compressionLevel: Int32(random.int(0...9))))
            corpus.add(message)
        }
        return corpus
    }

    mutating func add(_ message: Message) {
        // Version 1's payload, whose batch is the row layout `ChangeBatch.encode` writes.
        let payload = message.payload(version: 1)
        payloads.append((message.kind, payload))
        guard let changes = DecoderFuzzTests.changes(of: message) else { return }
        let batch = ChangeBatch.encode(changes)
        batches.append(batch)
        // The batch is the last field: its length, then its bytes.
        carriers.append((message.kind, Array(payload.dropLast(batch.count + FrameMutator.varint(UInt64(batch.count)).count))))
    }
}

/// One strategy's counts and findings. Findings are kept (the first twenty, with the input in hex
/// and how to replay it) and reported when the run ends, so one broken contract does not drown
/// the log in thousands of failures.
struct FuzzRun {
    let strategy: DecoderFuzzTests.Strategy
    let seed: UInt64
    var index = 0
    var tally: [String: Int] = [:]
    var findings: [String] = []
    var findingCount = 0

    init(strategy: DecoderFuzzTests.Strategy, seed: UInt64) {
        self.strategy = strategy
        self.seed = seed
    }

    mutating func note(_ what: String, _ input: [UInt8]) {
        findingCount += 1
        guard findings.count < 20 else { return }
        findings.append(
            """
            \(strategy) input \(index) (replay: OUTPOST_FUZZ_SEED=\(DecoderFuzzTests.hex(seed)) OUTPOST_FUZZ_START=\(index) \
            OUTPOST_FUZZ_INPUTS=3): \(what); input \(input.count) bytes: \(Hex.encode(input.prefix(4096)))
            """)
    }

    mutating func count(_ outcome: String) { tally[outcome, default: 0] += 1 }

    // MARK: Frames

    /// Checks one input through both frame decoders; returns the message when it decodes.
    @discardableResult
    mutating func checkFrame(_ input: [UInt8], limits: FrameLimits, _ mutator: inout FrameMutator) -> Message? {
        let single: Result<Message, WireError>
        do { single = .success(try WireCodec.decode(input, limits: limits)) } catch { single = .failure(error) }
        switch single {
        case .success(let message):
            count("decoded")
            // The header's inflated size is the payload's size: the message came from that many bytes.
            if let excess = Self.excess(message, payloadSize: Int(Self.uint32(input, at: 7))) {
                note("the decoded \(message.kind) holds more than its payload allows: \(excess)", input)
            }
            if let failure = Self.roundTripFailure(message, level: Int32(mutator.random.int(0...9))) {
                note(failure, input)
            }
        case .failure(let error):
            count(error.code.rawValue)
        }

        // The same bytes as a stream in pieces, alone or behind a valid frame.
        let prefix = mutator.random.chance(20) ? DecoderFuzzTests.corpus.leading : nil
        let stream = (prefix?.frame ?? []) + input
        let (messages, error) = streamDecode(stream, limits: limits, chunks: mutator.random.chunks(of: stream.count))
        let leading = prefix.map { [$0.message] } ?? []
        guard messages.starts(with: leading) else {
            note("the stream decoder lost the valid frame before the input", stream)
            return try? single.get()
        }
        let rest = Array(messages.dropFirst(leading.count))
        switch single {
        case .success(let message):
            if rest != [message] || error != nil {
                note(
                    "the single-frame decoder gives a \(message.kind), the stream decoder \(rest.map(\.kind)) and \(error.map { "\($0)" } ?? "no error")",
                    stream)
            }
        case .failure(let refusal):
            // An empty stream holds no frame, an empty body is cut short; otherwise an accepted
            // stream refused as one frame must hold more than one.
            if error == nil, rest.count < 2, !input.isEmpty {
                note("the single-frame decoder refuses (\(refusal)), the stream decoder accepts \(rest.map(\.kind))", stream)
            }
            // Bytes after a whole frame are refused before its CRC is read; the stream reads them as the next frame.
            let trailing = input.count >= WireCodec.headerSize && input.count > WireCodec.headerSize + Int(Self.uint32(input, at: 11))
            if rest.isEmpty, let error, error.code != refusal.code, !(trailing && refusal.code == .malformed) {
                note("the single-frame decoder refuses with \(refusal.code), the stream decoder with \(error.code)", stream)
            }
        }
        return try? single.get()
    }

    /// Feeds `stream` in the given pieces, checking what stays buffered after each.
    mutating func streamDecode(_ stream: [UInt8], limits: FrameLimits, chunks: [Int]) -> ([Message], WireError?) {
        var decoder = FrameDecoder(limits: limits)
        var messages = [Message]()
        var failure: WireError?
        var offset = 0
        for size in chunks {
            do {
                messages += try decoder.feed(stream[offset..<offset + size])
            } catch {
                failure = error
                break
            }
            offset += size
            // What is left is at most one unfinished frame: a header and less than its payload.
            if decoder.bufferedByteCount >= WireCodec.headerSize + limits.maxFrameBytes || decoder.bufferedByteCount > offset {
                note("the stream decoder holds \(decoder.bufferedByteCount) bytes after \(offset) (limit \(limits.maxFrameBytes) + header)", stream)
            }
        }
        if let failure {
            // After a refused frame the stream stays refused, with the same error.
            do {
                _ = try decoder.feed(EmptyCollection())
                note("the stream decoder took more bytes after refusing the stream (\(failure))", stream)
            } catch {
                if error != failure { note("the stream decoder's error changed from \(failure) to \(error)", stream) }
            }
        } else {
            // The end of the stream: an unfinished frame is `truncated` (and stays unread).
            do { try decoder.finish() } catch { failure = error }
        }
        return (messages, failure)
    }

    // MARK: Change batches

    /// Checks one batch through `ChangeBatch.decode`; returns the changes when it decodes.
    mutating func checkBatch(_ batch: [UInt8]) -> [Change]? {
        let changes: [Change]
        do {
            changes = try ChangeBatch.decode(batch)
        } catch {
            count(error.reason == .truncated ? "batch truncated" : "batch malformed")
            return nil
        }
        count("batch decoded")
        if let excess = Self.excess(changes, size: batch.count) { note("the decoded batch holds more than its bytes allow: \(excess)", batch) }
        let encoded = ChangeBatch.encode(changes)
        do {
            let again = try ChangeBatch.decode(encoded)
            if again != changes {
                note("re-encoded and decoded, the batch differs", batch)
            } else if let difference = Self.textDifference(Self.texts(of: changes), Self.texts(of: again)) {
                note("re-encoded and decoded, the batch's texts changed bytes: \(difference)", batch)
            } else if ChangeBatch.encode(again) != encoded {
                note("re-encoding the batch is not stable", batch)
            }
        } catch {
            note("re-encoded, the batch no longer decodes: \(error)", batch)
        }
        return changes
    }

    // MARK: Oracles

    /// Why re-encoding `message` does not give it back: it must decode to an equal message whose
    /// texts have the same bytes (`==` on `String` ignores how a text is composed, the protocol
    /// does not), and re-encode to the same frame.
    static func roundTripFailure(_ message: Message, level: Int32) -> String? {
        let frame = WireCodec.encode(message, compressionLevel: level)
        let again: Message
        do {
            again = try WireCodec.decode(frame)
        } catch {
            return "re-encoded (level \(level)), the \(message.kind) no longer decodes: \(error)"
        }
        guard again == message else { return "re-encoded (level \(level)) and decoded, the \(message.kind) differs" }
        if let difference = textDifference(texts(of: message), texts(of: again)) {
            return "re-encoded and decoded, the \(message.kind)'s texts changed bytes: \(difference)"
        }
        guard WireCodec.encode(again, compressionLevel: level) == frame else { return "re-encoding the \(message.kind) is not stable" }
        return nil
    }

    static func textDifference(_ before: [String], _ after: [String]) -> String? {
        guard before.count == after.count else { return "\(before.count) texts became \(after.count)" }
        for (old, new) in zip(before, after) where !old.utf8.elementsEqual(new.utf8) {
            return "\(Hex.encode(old.utf8)) became \(Hex.encode(new.utf8))"
        }
        return nil
    }

    /// Every text a message carries, in order.
    static func texts(of message: Message) -> [String] {
        switch message {
        case .hello(let hello): [hello.code, hello.software]
        case .error(let error): [error.code, error.message] + (error.detail.map { [$0] } ?? [])
        case .verifyRequest(let request): request.range.map { [$0.table] } ?? []
        case .verifyReply(let reply): reply.tables.map(\.table)
        case .push(let push): texts(of: push.changes)
        case .pullBatch(let batch): texts(of: batch.changes)
        case .snapshotChunk(let chunk): texts(of: chunk.changes)
        case .stateChunk(let chunk):
            chunk.part.progress.map(\.code) + chunk.part.rows.flatMap { $0.values.compactMap(\.text) } + texts(of: chunk.part.held)
        case .welcome, .pushAck, .pull, .snapshotRequest, .stateRequest: []
        }
    }

    static func texts(of changes: [Change]) -> [String] {
        var out = [String]()
        for change in changes {
            out += [change.table, change.author]
            switch change.operation {
            case .create(let fields):
                for field in fields {
                    out.append(field.column)
                    if case .text(let text) = field.value { out.append(text) }
                }
            case .set(let column, let value), .add(let column, let value), .remove(let column, let value):
                out.append(column)
                if case .text(let text) = value { out.append(text) }
            }
        }
        return out
    }

    /// How a decoded message holds more than `payloadSize` bytes could have described: each
    /// collection's count against the fewest bytes one element takes on the wire, texts and blobs
    /// against the payload, and no array's storage reserved far beyond what it holds (a decoder
    /// that trusted a declared count before reading the elements would show there).
    static func excess(_ message: Message, payloadSize size: Int) -> String? {
        func within<T>(_ array: [T], _ minimumBytes: Int, _ what: String) -> String? {
            Self.within(array, minimumBytes, what, size: size)
        }
        let textBytes = texts(of: message).reduce(0) { $0 + $1.utf8.count }
        switch message {
        case .push(let push): return excess(push.changes, size: size)
        case .pullBatch(let batch): return excess(batch.changes, size: size)
        case .snapshotChunk(let chunk): return within(chunk.stations, 25, "station progress entries") ?? excess(chunk.changes, size: size)
        case .verifyRequest(let request):
            return within(request.vector.entries, 17, "vector entries") ?? (textBytes > size ? "\(textBytes) text bytes in \(size)" : nil)
        case .verifyReply(let reply):
            return within(reply.vector.entries, 17, "vector entries") ?? within(reply.tables, 10, "tables")
                ?? within(reply.buckets, 27, "buckets") ?? within(reply.rows, 33, "rows")
                ?? (textBytes > size ? "\(textBytes) text bytes in \(size)" : nil)
        case .stateChunk(let chunk):
            return within(chunk.part.progress, 19, "progress entries") ?? within(chunk.part.stationIDs, 16, "stations")
                ?? within(chunk.part.rows, 5, "rows") ?? excess(chunk.part.held, size: size)
        case .hello, .error, .welcome, .pushAck, .pull, .snapshotRequest, .stateRequest:
            return textBytes > size ? "\(textBytes) text bytes in \(size)" : nil
        }
    }

    /// The same for a change batch of `size` bytes. A change takes at least 9 bytes (a creation
    /// with no fields: eight one-byte varints and its tag), a field or a pred at least 2. Table,
    /// author and column names are shared through the string table; values are each read from
    /// their own bytes.
    static func excess(_ changes: [Change], size: Int) -> String? {
        func within<T>(_ array: [T], _ minimumBytes: Int, _ what: String) -> String? {
            Self.within(array, minimumBytes, what, size: size)
        }
        if let excess = within(changes, 9, "changes") { return excess }
        var fields = 0
        var preds = 0
        var valueBytes = 0
        func add(_ value: Value) {
            switch value {
            case .text(let text): valueBytes += text.utf8.count
            case .blob(let blob): valueBytes += blob.count
            case .null, .integer, .real: break
            }
        }
        for change in changes {
            preds += change.pred.count
            if let excess = within(change.pred, 2, "preds") { return excess }
            switch change.operation {
            case .create(let created):
                fields += created.count
                if let excess = within(created, 2, "fields") { return excess }
                for field in created { add(field.value) }
            case .set(_, let value), .add(_, let value), .remove(_, let value):
                add(value)
            }
        }
        if fields * 2 > size { return "\(fields) fields in \(size) bytes" }
        if preds * 2 > size { return "\(preds) preds in \(size) bytes" }
        if valueBytes > size { return "\(valueBytes) bytes of texts and blobs in \(size)" }
        return nil
    }

    /// Too many elements for `size` bytes, or storage reserved far beyond them.
    static func within<T>(_ array: [T], _ minimumBytes: Int, _ what: String, size: Int) -> String? {
        if array.count * minimumBytes > size { return "\(array.count) \(what) of at least \(minimumBytes) bytes in \(size)" }
        if array.capacity > 2 * max(array.count, 1024) + 64 { return "\(what): room for \(array.capacity) reserved for \(array.count)" }
        return nil
    }

    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// Stops the process with the input in hand when one input takes longer than `limit`: a decoder
/// caught in a loop would otherwise hang the run with nothing to replay.
final class FuzzWatchdog: Sendable {
    private struct Current {
        var strategy = DecoderFuzzTests.Strategy.frames
        var seed: UInt64 = 0
        var index = 0
        var started = ContinuousClock.now
        var stopped = false
    }

    private let current = Mutex(Current())

    init(limit: Duration) {
        Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                let now = current.withLock { $0 }
                if now.stopped { return }
                let elapsed = ContinuousClock.now - now.started
                if elapsed > limit {
                    FileHandle.standardError.write(
                        Data(
                            """
                            decoder fuzz: \(now.strategy) input \(now.index) has run for \(elapsed), a decoder hangs; replay with \
                            OUTPOST_FUZZ_SEED=\(DecoderFuzzTests.hex(now.seed)) OUTPOST_FUZZ_START=\(now.index) OUTPOST_FUZZ_INPUTS=3

                            """.utf8))
                    abort()
                }
            }
        }.start()
    }

    /// Called before each input; cheap, as it runs for every one.
    func begin(strategy: DecoderFuzzTests.Strategy, seed: UInt64, index: Int) {
        current.withLock {
            $0.strategy = strategy
            $0.seed = seed
            $0.index = index
            $0.started = .now
        }
    }

    func stop() { current.withLock { $0.stopped = true } }
}
