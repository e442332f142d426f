package import AsyncHTTPClient
import NIOCore
import NIOHTTP1
package import OutpostWire

/// How a station's request frames reach the relay and its answers come back: HTTP in
/// production; a test may deliver them in-process, losing, repeating or cutting them.
package protocol SyncTransport: Sendable {
    /// Posts one request frame. Returns the HTTP status and the response body; throws a
    /// `SyncError` with code `unreachable` when no answer arrived (the request may or may not
    /// have reached the relay).
    func post(_ endpoint: WireEndpoint, body: [UInt8], token: String) async throws -> (status: UInt, body: [UInt8])
}

/// The relay over HTTP (`Protocol/README.md` §10).
package struct HTTPTransport: SyncTransport {
    package let relayURL: String
    package let http: HTTPClient
    /// Answers over this size are refused while they arrive.
    package var frameLimits = FrameLimits.standard

    package init(relayURL: String, http: HTTPClient = .outpostSync) {
        self.relayURL = relayURL
        self.http = http
    }

    package func post(_ endpoint: WireEndpoint, body: [UInt8], token: String) async throws -> (status: UInt, body: [UInt8]) {
        var request = HTTPClientRequest(url: relayURL + endpoint.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: WireCodec.contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            // A frame is its header and at most maxFrameBytes of payload.
            let answer = try await response.body.collect(upTo: frameLimits.maxFrameBytes + WireCodec.headerSize)
            return (response.status.code, Array(buffer: answer))
        } catch {
            throw SyncError(
                .unreachable,
                "cannot reach the relay at \(relayURL) (\(Self.reason(error))); your changes stay in the outbox and will go with the next sync",
                chinese: "无法连接 \(relayURL) 的中继（\(Self.reason(error))）；变更仍在待发送队列中，下次同步时发送")
        }
    }

    /// The network failure in a few words, without the transport's internals.
    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        for (needle, words) in [
            ("Connection refused", "connection refused: is the relay running?"), ("timed out", "timed out"),
            ("Timeout", "timed out"), ("resolve", "unknown host"), ("Network is unreachable", "no network"),
        ]
        where text.contains(needle) { return words }
        return text
    }
}

extension HTTPClient {
    /// The client sync uses: like `HTTPClient.shared`, but an unreachable relay is reported after
    /// five seconds of connection attempts (with backoff) instead of the default request deadline,
    /// so a clerk hears "cannot reach the relay" promptly.
    package static let outpostSync: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
