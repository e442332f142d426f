import Foundation  // to read and write Protocol/vectors
import OutpostCore
import OutpostWire
import Testing

/// `Protocol/vectors/`: the files must match the catalogue, every valid vector must decode and
/// re-encode byte for byte, and every invalid one must give its named error.
@Suite("Protocol vectors")
struct VectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    /// Set to 1 to (re)write the files from the catalogue.
    static let writing = ProcessInfo.processInfo.environment["OUTPOST_WRITE_VECTORS"] == "1"

    static func read(_ name: String, _ suffix: String) throws -> String {
        if writing { try #require(writeFailure == nil, "writing the vectors failed: \(writeFailure ?? "")") }
        return String(decoding: try Data(contentsOf: directory.appendingPathComponent("\(name).\(suffix)")), as: UTF8.self)
    }

    /// Writes every file once per test run, before the first read; nil when that succeeded.
    private static let writeFailure: String? = {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for vector in VectorCatalog.all {
                try Data(VectorText.hex(vector.frame).utf8).write(to: directory.appendingPathComponent("\(vector.name).hex"))
                try Data(VectorText.description(of: vector).utf8).write(to: directory.appendingPathComponent("\(vector.name).txt"))
            }
            return nil
        } catch {
            return "\(error)"
        }
    }()

    /// The frame and the `expect:` / `limits:` lines, read from the files alone.
    static func load(_ name: String) throws -> (frame: [UInt8], expect: String, limits: FrameLimits) {
        let hex = try read(name, "hex")
        let frame = try #require(VectorText.bytes(fromHex: hex), "\(name).hex is not hex")
        #expect(hex.hasSuffix("\n") && hex == hex.lowercased())
        let hexLines = hex.split(separator: "\n")
        #expect(hexLines.dropLast().allSatisfy { $0.count == 64 } && (1...64).contains(hexLines.last?.count ?? 0), "\(name).hex: 64 digits a line")
        let text = try read(name, "txt")
        let lines2 = text.split(separator: "\n")
        let expect = try #require(lines2.first { $0.hasPrefix("expect: ") }?.dropFirst("expect: ".count))
        let limitsLine = try #require(lines2.first { $0.hasPrefix("limits: ") }?.dropFirst("limits: ".count))
        let limits = try #require(VectorText.limits(fromLine: limitsLine))
        return (frame, String(expect), limits)
    }

    @Test("valid vector decodes and re-encodes byte for byte", arguments: (VectorCatalog.valid + VectorCatalog.version2).map(\.name))
    func valid(name: String) throws {
        let (frame, expect, limits) = try Self.load(name)
        #expect(expect == "valid")
        let message = try WireCodec.decode(frame, limits: limits)
        #expect(WireCodec.encode(message, version: frame[4]) == frame, "re-encoding \(name) changed its bytes")
        let vector = try #require(VectorCatalog.vector(named: name))
        guard case .message(let expected) = vector.expected else {
            Issue.record("\(name) is not valid")
            return
        }
        #expect(message == expected)
        #expect(frame == vector.frame, "\(name).hex differs from the catalogue: regenerate with OUTPOST_WRITE_VECTORS=1")
        #expect(try Self.read(name, "txt") == VectorText.description(of: vector), "\(name).txt differs from the catalogue")

        var decoder = FrameDecoder(limits: limits)
        #expect(try decoder.feed(frame) == [expected])
        try decoder.finish()
    }

    @Test("invalid vector gives its named error", arguments: VectorCatalog.invalid.map(\.name))
    func invalid(name: String) throws {
        let (frame, expect, limits) = try Self.load(name)
        let code = try #require(WireError.Code(rawValue: String(expect.dropFirst("error ".count))), "\(name).txt: expect \(expect)")
        #expect(throws: WireError.self) { try WireCodec.decode(frame, limits: limits) }
        do {
            _ = try WireCodec.decode(frame, limits: limits)
        } catch {
            #expect(error.code == code, "\(name): \(error)")
        }
        // The streaming decoder gives the same error, by the end of the input at the latest.
        var decoder = FrameDecoder(limits: limits)
        do {
            let messages = try decoder.feed(frame)
            #expect(messages.isEmpty)
            try decoder.finish()
            Issue.record("\(name): the stream decoder accepted it")
        } catch {
            #expect(error.code == code, "\(name) (stream): \(error)")
        }
        let vector = try #require(VectorCatalog.vector(named: name))
        #expect(frame == vector.frame, "\(name).hex differs from the catalogue: regenerate with OUTPOST_WRITE_VECTORS=1")
        #expect(try Self.read(name, "txt") == VectorText.description(of: vector), "\(name).txt differs from the catalogue")
    }

    @Test func oversizeVectorDecodesWithStandardLimits() throws {
        let (frame, _, _) = try Self.load("oversize")
        guard case .push(let push) = try WireCodec.decode(frame) else {
            Issue.record("not a push")
            return
        }
        #expect(push.changes.count == 8)
    }

    @Test func directoryHoldsExactlyTheCatalogue() throws {
        if Self.writing { try #require(Self.writeFailure == nil) }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: Self.directory.path))
        let expected = Set(VectorCatalog.all.flatMap { ["\($0.name).hex", "\($0.name).txt"] })
        #expect(names == expected)
    }

    @Test func everyMessageTypeHasAValidVector() {
        let kinds = Set(
            VectorCatalog.valid.compactMap { vector -> MessageKind? in
                if case .message(let message) = vector.expected { message.kind } else { nil }
            })
        #expect(kinds == Set(MessageKind.allCases))
    }
}
