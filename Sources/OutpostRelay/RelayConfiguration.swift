package import OutpostRelayStore
package import OutpostStore
package import OutpostWire

/// How a relay behaves: limits and bounds, all with safe defaults.
package struct RelayConfiguration: Sendable {
    /// Frames over these limits are refused before they are inflated (`docs/ARCHITECTURE.md`, "Wire format").
    package var frameLimits = FrameLimits.standard
    /// The most a pull returns at once, whatever the station asks for.
    package var readLimits = ReadLimits()
    /// How far past the relay's wall clock a change may be stamped (never past the highest clock
    /// in the log, which pushes could raise).
    package var futureBoundMilliseconds: UInt64 = 5 * 60 * 1000
    /// Changes per snapshot chunk.
    package var snapshotChunkChanges = 5_000
    /// Rows and bytes per state chunk (`Protocol/README.md` §6, state-chunk): a chunk stays well
    /// inside a frame, and a bootstrapping station's memory peaks with one chunk.
    package var stateChunkRows = 10_000
    package var stateChunkBytes = 4 << 20

    /// How long a connection may stay silent before the relay closes it, so idle or stalled
    /// clients cannot hold connections open forever.
    package var idleTimeoutSeconds = 60

    /// The newest protocol version the relay speaks (`Protocol/README.md` §5). A request in a
    /// newer one is refused as `unsupported-version`, as a relay of the previous release refuses
    /// it; tests set 1 to play such a relay.
    package var newestVersion = WireCodec.protocolVersion

    /// How long a verify waits for the merged replica to apply the log up to the head the request
    /// found; past it, the reply states the position the replica has reached.
    package var verifyWait: Duration = .seconds(10)

    /// Requests worked on at once; the rest wait their turn in arrival order (`RequestGate`).
    package var maxConcurrentRequests = 16
    /// How long a request may wait for its turn before it is answered `busy` (503).
    package var queueWait: Duration = .seconds(10)
    /// The seconds a `busy` answer asks the station to wait (HTTP `Retry-After`).
    package var retryAfterSeconds = 2
    /// Whether the relay sums its time on each station's requests (`RequestTimes`), as the
    /// benchmark asks to tell the relay's share of a sync's latency from the station's.
    package var timesRequests = false

    package init() {}
}
