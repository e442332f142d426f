/// Decodes a stream of frames delivered in pieces of any size, down to one byte at a time.
///
/// Each header is checked as soon as its bytes arrive: a frame over the limits is refused from
/// its header alone, before any of its payload is buffered, and a wrong magic from its first
/// wrong byte. After an error the stream cannot be trusted any more: every later `feed` and
/// `finish` throws the same error.
package struct FrameDecoder: Sendable {
    package let limits: FrameLimits
    private var buffer: [UInt8] = []
    /// Where the current frame starts in `buffer`.
    private var start = 0
    /// The current frame's header, once checked.
    private var header: FrameHeader?
    /// The error that stopped the stream.
    private var failure: WireError?

    package init(limits: FrameLimits = .standard) {
        self.limits = limits
    }

    /// Bytes received and not yet returned as messages: a partial frame.
    package var bufferedByteCount: Int { buffer.count - start }

    /// Takes more bytes of the stream and returns the messages they complete, in order.
    ///
    /// When a frame is refused, the messages completed before it in this call are returned
    /// first and the error is thrown by the next call (to `feed` or `finish`).
    package mutating func feed(_ bytes: some Collection<UInt8>) throws(WireError) -> [Message] {
        if let failure { throw failure }
        buffer.append(contentsOf: bytes)
        var messages = [Message]()
        while true {
            do {
                guard let message = try next() else { break }
                messages.append(message)
            } catch {
                failure = error
                buffer = []
                start = 0
                header = nil
                if messages.isEmpty { throw error }
                return messages
            }
        }
        compact()
        return messages
    }

    /// Declares the end of the stream: throws `truncated` if a frame was left incomplete.
    package func finish() throws(WireError) {
        if let failure { throw failure }
        if bufferedByteCount > 0 {
            throw WireError(
                .truncated, "the stream ends inside a frame (\(bufferedByteCount) bytes of it received): the connection was cut; sync again")
        }
    }

    private mutating func next() throws(WireError) -> Message? {
        if header == nil {
            guard let parsed = try FrameHeader.parse(buffer, from: start, limits: limits) else { return nil }
            header = parsed
        }
        guard let header else { return nil }
        let bodyStart = start + WireCodec.headerSize
        let end = bodyStart + header.wireSize
        guard buffer.count >= end else { return nil }
        let message = try header.message(from: buffer[bodyStart..<end], limits: limits)
        start = end
        self.header = nil
        return message
    }

    /// Drops consumed bytes once they are at least half the buffer.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        } else if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}
