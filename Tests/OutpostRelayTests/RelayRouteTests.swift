import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OutpostRelay
import OutpostRelayStore
import OutpostStore
import OutpostTestSupport
import OutpostWire
import Testing

/// The relay's HTTP routes through Hummingbird's test client, without a socket: what an HTTP
/// peer sees of paths, methods, headers and body limits (`Protocol/README.md` §10).
@Suite struct RelayRouteTests {
    static func relay(_ configuration: RelayConfiguration = RelayConfiguration()) throws -> Relay {
        let directory = try temporaryDirectory()
        let log = try SQLiteRelayLog(path: directory.appendingPathComponent("relay.db").path)
        var logger = Logger(label: "outpost.route-tests")
        logger.logLevel = .critical
        let replica = try MergedReplica(path: directory.appendingPathComponent("relay-replica.db").path, log: log, logger: logger)
        return Relay(log: log, replica: replica, configuration: configuration, logger: logger)
    }

    @Test func anUnknownPathIs404WithAnEmptyBody() async throws {
        try await Self.relay().application(host: "127.0.0.1", port: 0).test(.router) { client in
            try await client.execute(uri: "/v2/push", method: .post) { response in
                #expect(response.status == .notFound)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func everyAnswerIsAFrameWithTheProtocolsContentType() async throws {
        try await Self.relay().application(host: "127.0.0.1", port: 0).test(.router) { client in
            for endpoint in WireEndpoint.allCases {
                try await client.execute(uri: endpoint.path, method: .post, body: ByteBuffer(bytes: [1, 2, 3])) { response in
                    #expect(response.status == .unauthorized, "\(endpoint.path) without a token")
                    #expect(response.headers[.contentType] == WireCodec.contentType)
                    guard case .error(let error) = try WireCodec.decode(Array(buffer: response.body)) else {
                        Issue.record("\(endpoint.path): not an error frame")
                        return
                    }
                    #expect(error.code == "bad-token")
                }
            }
        }
    }

    @Test func aBodyOverTheFrameLimitIs413() async throws {
        var configuration = RelayConfiguration()
        configuration.frameLimits.maxFrameBytes = 1_000
        try await Self.relay(configuration).application(host: "127.0.0.1", port: 0).test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer 00"]
            try await client.execute(
                uri: "/v1/push", method: .post, headers: headers, body: ByteBuffer(bytes: [UInt8](repeating: 0, count: 1_000 + 19))
            ) { response in
                #expect(response.status == .unauthorized, "a frame's header and 1,000 bytes of payload are read, then the token is refused")
            }
            try await client.execute(
                uri: "/v1/push", method: .post, headers: headers, body: ByteBuffer(bytes: [UInt8](repeating: 0, count: 1_000 + 20))
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
