import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP proxy on 127.0.0.1 that forwards every connection to a local port (a relay) and, when
/// armed, cuts connections after a given number of bytes in one direction: the connection
/// failures a station meets on a bad line, at byte offsets a test chooses.
///
/// A cut forwards exactly `afterBytes` bytes in its direction, then closes both sides: the side
/// those bytes came from first, so nothing sent after them crosses either way (a request the
/// relay has read in full loses its answer, and an answer cut short is followed by nothing the
/// station sends). `afterBytes` 0 cuts when the first byte in that direction arrives, so the
/// request (or answer) is written and lost: a connection closed before the station writes
/// anything would only make its HTTP client connect again.
/// Each connection counts its own bytes; a cut applies to connections accepted while it is armed,
/// at most `connections` of them, and the ones after pass untouched. Call `stop` when done: the
/// accepting thread keeps the proxy alive until then.
///
/// Plain POSIX sockets and two threads per connection: the proxy sees bytes, not HTTP, and its
/// forwarding must not depend on the event loops of the client and server it sits between.
package final class CuttingProxy: Sendable {
    package enum Direction: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// From the connecting side to the upstream port: station → relay.
        case clientToServer
        /// From the upstream port back: relay → station.
        case serverToClient

        package var description: String { rawValue }
    }

    /// Where to cut.
    package struct Cut: Hashable, Sendable, CustomStringConvertible {
        package var direction: Direction
        package var afterBytes: Int
        /// How many connections to cut (each after `afterBytes` of its own); later ones pass.
        package var connections: Int

        package init(_ direction: Direction, afterBytes: Int, connections: Int = 1) {
            self.direction = direction
            self.afterBytes = afterBytes
            self.connections = connections
        }

        package var description: String {
            "\(direction) after \(afterBytes) bytes" + (connections == 1 ? "" : ", \(connections) connections")
        }
    }

    /// What passed through one connection.
    package struct Connection: Sendable {
        /// Bytes forwarded station → relay and relay → station.
        package var forwarded: [Direction: Int] = [.clientToServer: 0, .serverToClient: 0]
        /// True when the proxy cut it.
        package var wasCut = false
        /// The bytes forwarded each way, when the proxy records them.
        package var transcript: [Direction: [UInt8]] = [.clientToServer: [], .serverToClient: []]
    }

    private struct State {
        var cut: Cut?
        /// Bumped by every `arm`, so a connection accepted under an earlier cut cannot use up a later one.
        var generation = 0
        var cutsMade = 0
        var connections: [Connection] = []
        var openSockets: Set<Int32> = []
        var stopped = false
    }

    /// The proxy's port on 127.0.0.1.
    package let port: Int
    private let upstreamPort: Int
    private let records: Bool
    private let listener: Int32
    private let state = Mutex(State())

    /// Starts listening on an ephemeral port of 127.0.0.1 and forwarding to `upstreamPort` there.
    /// With `recordingTranscripts`, keeps every byte forwarded (for tests that locate messages).
    package init(forwardingTo upstreamPort: Int, recordingTranscripts: Bool = false) throws {
        self.upstreamPort = upstreamPort
        records = recordingTranscripts
        let listener = socket(AF_INET, Self.streamType, 0)
        guard listener >= 0 else { throw ProxyError("socket: \(Self.lastError())") }
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            let error = Self.lastError()
            close(listener)
            throw ProxyError("bind or listen on 127.0.0.1: \(error)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = listener
        Thread { [self] in acceptLoop() }.start()
    }

    /// `http://127.0.0.1:PORT`.
    package var url: String { "http://127.0.0.1:\(port)" }

    /// Cuts the next connections as `cut` says (replacing any cut armed before).
    package func arm(_ cut: Cut) {
        state.withLock {
            $0.cut = cut
            $0.generation += 1
            $0.cutsMade = 0
        }
    }

    /// Lets every later connection through.
    package func disarm() {
        state.withLock {
            $0.cut = nil
            $0.generation += 1
        }
    }

    /// How many connections the current cut has cut so far.
    package var cutsMade: Int { state.withLock { $0.cutsMade } }

    /// Every connection accepted so far, in order.
    package var connections: [Connection] { state.withLock { $0.connections } }

    /// Stops accepting and closes every open connection.
    package func stop() {
        let sockets = state.withLock { state -> Set<Int32> in
            state.stopped = true
            return state.openSockets
        }
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: - Forwarding

    private func acceptLoop() {
        defer { close(listener) }
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        while !state.withLock({ $0.stopped }) {
            // Waking up now and then lets `stop` end the loop without closing the socket under it.
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            serve(client)
        }
    }

    private func serve(_ client: Int32) {
        Self.quietPipes(client)
        let upstream = socket(AF_INET, Self.streamType, 0)
        var address = Self.loopback(port: upstreamPort)
        let connected =
            upstream >= 0
            && withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        guard connected else {
            if upstream >= 0 { close(upstream) }
            close(client)
            return
        }
        Self.quietPipes(upstream)
        let (index, cut, generation) = state.withLock { state -> (Int, Cut?, Int) in
            state.connections.append(Connection())
            state.openSockets.formUnion([client, upstream])
            let armed = state.cut.flatMap { state.cutsMade < $0.connections ? $0 : nil }
            return (state.connections.count - 1, armed, state.generation)
        }
        let link = Link(client: client, upstream: upstream, index: index, cut: cut, generation: generation)
        Thread { [self] in pump(link, .clientToServer) }.start()
        Thread { [self] in pump(link, .serverToClient) }.start()
    }

    /// One connection's two sockets and the cut it was accepted under.
    private final class Link: Sendable {
        let client: Int32
        let upstream: Int32
        let index: Int
        let cut: Cut?
        let generation: Int
        /// The two pumps still running; the sockets close when both are done.
        let running = Atomic(2)

        init(client: Int32, upstream: Int32, index: Int, cut: Cut?, generation: Int) {
            self.client = client
            self.upstream = upstream
            self.index = index
            self.cut = cut
            self.generation = generation
        }
    }

    /// Copies bytes one way until either side closes or the cut is reached.
    private func pump(_ link: Link, _ direction: Direction) {
        let (source, target) = direction == .clientToServer ? (link.client, link.upstream) : (link.upstream, link.client)
        let watched = link.cut.flatMap { $0.direction == direction ? $0 : nil }
        var forwarded = 0
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard received > 0 else {
                // The source closed (or was shut down): pass the end on.
                shutdown(target, Int32(SHUT_WR))
                break
            }
            var count = received
            var cutting = false
            if let watched, forwarded + received >= watched.afterBytes, claimCut(link) {
                count = watched.afterBytes - forwarded
                cutting = true
            }
            // The side the bytes came from is closed before the last of them go on, so nothing
            // the other side answers to them crosses back (a request read in full loses its answer).
            if cutting { shutdown(source, Int32(SHUT_RDWR)) }
            guard sendAll(buffer, count: count, to: target) else {
                // The target is gone: so is the connection.
                sever(link)
                break
            }
            forwarded += count
            record(link, direction, buffer[..<count])
            if cutting {
                sever(link)
                break
            }
        }
        if link.running.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            state.withLock { $0.openSockets.subtract([link.client, link.upstream]) }
            close(link.client)
            close(link.upstream)
        }
    }

    /// Takes one cut from the budget of the cut `link` was accepted under, if any is left.
    private func claimCut(_ link: Link) -> Bool {
        state.withLock { state in
            guard let cut = link.cut, state.generation == link.generation, state.cutsMade < cut.connections else { return false }
            state.cutsMade += 1
            state.connections[link.index].wasCut = true
            return true
        }
    }

    /// Closes both sides of a connection at once; the pumps see the end and stop.
    private func sever(_ link: Link) {
        shutdown(link.client, Int32(SHUT_RDWR))
        shutdown(link.upstream, Int32(SHUT_RDWR))
    }

    private func record(_ link: Link, _ direction: Direction, _ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        state.withLock {
            $0.connections[link.index].forwarded[direction, default: 0] += bytes.count
            if records { $0.connections[link.index].transcript[direction, default: []].append(contentsOf: bytes) }
        }
    }

    private func sendAll(_ buffer: [UInt8], count: Int, to target: Int32) -> Bool {
        var sent = 0
        while sent < count {
            let written = buffer.withUnsafeBytes { raw in
                raw.baseAddress.map { send(target, $0 + sent, count - sent, Self.sendFlags) } ?? -1
            }
            guard written > 0 else { return false }
            sent += written
        }
        return true
    }

    // MARK: - Platform

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    private static func quietPipes(_ socket: Int32) {}
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    private static func quietPipes(_ socket: Int32) {
        var on: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
    }
    #endif

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: in_addr_t(0x7F00_0001).bigEndian)
        return address
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// The proxy could not start.
package struct ProxyError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) { self.description = description }
}
