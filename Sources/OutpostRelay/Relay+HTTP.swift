import Foundation
package import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OutpostWire

extension Relay {
    /// The HTTP routes: one POST endpoint per message exchange (`Protocol/README.md`, HTTP
    /// endpoints), each logging one structured line per request.
    package func router() -> Router<BasicRequestContext> {
        let router = Router()
        addRoutes(to: router)
        return router
    }

    /// Adds the protocol's routes to a router of any context, so the relay's endpoints can share
    /// one server with other routes (the supervisors' board) that need a richer context.
    package func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for endpoint in WireEndpoint.allCases {
            router.post(RouterPath(endpoint.path)) { request, _ -> Hummingbird.Response in
                let started = ContinuousClock.now
                let token = request.headers[.authorization].flatMap(Self.bearerToken)
                let result: Relay.Response
                var received = 0
                do {
                    // A frame is its 19-byte header and at most maxFrameBytes of payload.
                    let body = try await request.body.collect(upTo: configuration.frameLimits.maxFrameBytes + WireCodec.headerSize)
                    received = body.readableBytes
                    result = await respond(to: endpoint, token: token, body: Array(buffer: body))
                } catch {
                    result = Self.refusal(
                        ErrorMessage(
                            .tooLarge,
                            message:
                                "the request body is over the relay's limit of \(configuration.frameLimits.maxFrameBytes) bytes; send smaller batches"
                        ), station: nil)
                }
                let elapsed = ContinuousClock.now - started
                if let times, let station = result.station { times.add(station, answering: elapsed, queued: result.queued) }
                logger.info(
                    "request",
                    metadata: [
                        "endpoint": "\(endpoint.path)", "station": "\(result.station ?? "-")", "status": "\(result.status)",
                        "changes": "\(result.changes)", "bytes_in": "\(received)", "bytes_out": "\(result.frame.count)",
                        "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                    ])
                var headers: HTTPFields = [.contentType: WireCodec.contentType]
                // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to.
                if result.status == ErrorCode.unsupportedVersion.httpStatus { headers[.upgrade] = "outpost/\(WireCodec.protocolVersion)" }
                if let seconds = result.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
                return Hummingbird.Response(
                    status: HTTPResponse.Status(code: result.status),
                    headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.frame))
                )
            }
        }
    }

    /// The token of an `Authorization: Bearer TOKEN` header; the scheme's name is
    /// case-insensitive (RFC 9110 §11.1).
    static func bearerToken(_ header: String) -> String? {
        guard let space = header.firstIndex(of: " "), header[..<space].lowercased() == "bearer" else { return nil }
        let token = header[space...].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// The relay as a Hummingbird application on `host:port` (port 0 picks a free one;
    /// `onRunning` receives the bound port).
    package func application(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        application(router: router(), host: host, port: port, onRunning: onRunning)
    }

    /// The relay's server settings around any router holding its routes (`addRoutes(to:)`).
    package func application<Context: RequestContext>(
        router: Router<Context>, host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol where Context.Source == ApplicationRequestContextSource {
        Application(
            router: router,
            server: .http1(configuration: HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "outpost-relay"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Serves until the process is asked to stop (SIGTERM/SIGINT shut it down gracefully).
    package func serve(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(host: host, port: port, onRunning: onRunning).runService()
    }
}
