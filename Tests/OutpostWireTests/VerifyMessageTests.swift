import OutpostCore
import OutpostWire
import Testing

/// The verify messages' own refusals (`Protocol/README.md` §6): one encoding per applied vector,
/// and buckets that name a table of the reply.
@Suite("Verify messages")
struct VerifyMessageTests {
    /// A verify-request payload with the vector entries given as they are, in order.
    static func request(_ entries: [(StationID, UInt64)]) -> [UInt8] {
        var out = ByteWriter()
        out.writeVarint(1)
        out.writeVarint(UInt64(entries.count))
        for (station, sequence) in entries {
            out.writeStation(station)
            out.writeVarint(sequence)
        }
        out.writeByte(0)
        return out.bytes
    }

    @Test func aVectorInOrderDecodes() throws {
        let message = try Message.decode(.verifyRequest, payload: Self.request([(VectorCatalog.a, 4), (VectorCatalog.b, 7)]))
        #expect(message == .verifyRequest(VerifyRequest(schema: 1, vector: AppliedVector([VectorCatalog.a: 4, VectorCatalog.b: 7]))))
    }

    @Test func aVectorOutOfOrderWithAStationTwiceOrAZeroSequenceIsMalformed() {
        let cases: [[(StationID, UInt64)]] = [
            [(VectorCatalog.b, 7), (VectorCatalog.a, 4)],
            [(VectorCatalog.a, 4), (VectorCatalog.a, 5)],
            [(VectorCatalog.a, 0)],
        ]
        for entries in cases {
            #expect { try Message.decode(.verifyRequest, payload: Self.request(entries)) } throws: { ($0 as? WireError)?.code == .malformed }
        }
    }

    @Test func aBucketNamingNoTableIsMalformed() {
        var reply = VerifyReply(
            schema: 1, position: 1, vector: AppliedVector([:]), tables: [TableDigest(table: "cases", rows: 1, hash: 2)],
            buckets: [BucketDigest(table: 0, first: RowID(station: VectorCatalog.a, sequence: 2), rows: 1, hash: 3)])
        #expect(throws: Never.self) { try Message.decode(.verifyReply, payload: Message.verifyReply(reply).payload()) }
        reply.buckets[0].table = 1
        #expect { try Message.decode(.verifyReply, payload: Message.verifyReply(reply).payload()) } throws: { ($0 as? WireError)?.code == .malformed }
    }
}
