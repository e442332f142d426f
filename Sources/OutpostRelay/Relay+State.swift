import OutpostCore
import OutpostRelayStore
import OutpostStore
import OutpostWire

extension Relay {
    /// One chunk of the merged replica's state (`Protocol/README.md` §6, state-chunk). Position
    /// 0 asks for a new state at the position the replica has applied; a kept position is
    /// served from its frozen copy, so a resumed download receives the same chunks; a position
    /// no longer kept is `snapshot-expired`.
    func stateChunk(_ request: StateRequest, version: UInt8) async throws -> Response {
        guard request.after <= UInt64(Int64.max), request.position != 0 || request.after == 0 else {
            throw RelayLogError(.malformed, "state resume key \(request.after) is not one this relay gave; start again at position 0")
        }
        let position: UInt64
        let copy: StateCopy
        if request.position == 0 {
            (position, copy) = try await replica.freezeState()
        } else if let kept = try await replica.stateCopy(at: request.position) {
            (position, copy) = (request.position, kept)
        } else {
            throw RelayLogError(
                .snapshotExpired, "the state at position \(request.position) is no longer kept by this relay; start again at position 0")
        }
        let read = try copy.part(after: request.after, maxRows: configuration.stateChunkRows, maxBytes: configuration.stateChunkBytes)
        let chunk = StateChunk(
            position: position, schema: replica.store.schema.version, after: request.after, next: read.next, isLast: read.isLast, part: read.part)
        return Response(status: 200, frame: WireCodec.encode(.stateChunk(chunk), version: version), changes: read.part.rows.count)
    }
}
