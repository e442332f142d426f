import OutpostCore
import OutpostStore
import OutpostWire

extension SyncClient {
    /// First sync: the relay's merged state at a position P, chunk by chunk, each committed with
    /// the download's progress, the last with the pull cursor at P (`docs/ARCHITECTURE.md`,
    /// "Bootstrap"). Returns the rows received, or nil when the log snapshot must be used
    /// instead: a relay older than state chunks, a state under another schema (its pending
    /// changes would differ from this station's), or one naming a station whose changes this
    /// station holds already (a database that pushed before its first bootstrap).
    ///
    /// A chunk names where the next one starts, so the next downloads while this one is applied
    /// and the relay's serving and the station's writing overlap, as in the log snapshot's
    /// download; at most one chunk runs ahead, so memory peaks with two chunks, not the state.
    func bootstrapFromState(_ progress: @Sendable (SyncProgress) -> Void) async throws -> Int? {
        var position = try store.setting(SyncSettings.statePosition).flatMap(UInt64.init) ?? 0
        var after = try store.setting(SyncSettings.stateAfter).flatMap(UInt64.init) ?? 0
        var received = 0
        func download(after: UInt64, at position: UInt64) -> Task<Message, any Error> {
            Task { try await exchange(.state, .stateRequest(StateRequest(position: position, after: after))) }
        }
        var next = download(after: after, at: position)
        defer { next.cancel() }
        while true {
            // Stopping the sync (`sync --watch`) must not wait for the download running ahead.
            let current = next
            let reply: Message
            do {
                reply = try await withTaskCancellationHandler {
                    try await current.value
                } onCancel: {
                    current.cancel()
                }
            } catch let error as SyncError where position == 0 && (error.code == .protocolError || error.relayCode == ErrorCode.malformed.rawValue) {
                // An older relay: it has no state endpoint, or does not know the message.
                return nil
            } catch let error as SyncError where error.relayCode == ErrorCode.snapshotExpired.rawValue && position != 0 {
                throw SyncError(
                    .protocolError,
                    "the relay no longer keeps the state this station was downloading (position \(position)); the rows received so far stay, and this database cannot finish its first sync: initialise a new one with `outpost init`",
                    chinese: "中继已不再保留本站点正在下载的状态（位置 \(position)）；已收到的行仍在，但此数据库无法完成首次同步：请用 `outpost init` 新建一个")
            }
            guard case .stateChunk(let chunk) = reply, position == 0 || chunk.position == position, chunk.after == after else {
                throw SyncError(.protocolError, "the relay answered a state request with an unexpected \(reply.kind) message")
            }
            guard chunk.movesForward else {
                throw SyncError(
                    .protocolError,
                    "the relay's state chunk after key \(after) is not the last yet holds no rows or names itself as the next: the download would never end; nothing of it was applied, and the next sync asks again",
                    chinese: "中继的状态分块（键 \(after) 之后）不是最后一块，却没有任何行或把自身作为下一块：下载将永无止境；此块未被应用，下次同步会重新请求")
            }
            if position == 0 {
                let held = Set(try store.appliedVector().entries.map(\.station))
                guard chunk.schema == store.schema.version, !chunk.part.progress.contains(where: { held.contains($0.station) }) else { return nil }
            }
            position = chunk.position
            if !chunk.isLast { next = download(after: chunk.next, at: position) }
            var settings: [String: String?] = [SyncSettings.statePosition: String(position), SyncSettings.stateAfter: String(chunk.next)]
            if chunk.isLast {
                settings[SyncSettings.cursor] = String(position)
                settings[SyncSettings.bootstrapped] = "1"
            }
            try store.applyState(chunk.part, settings: settings)
            received += chunk.part.rows.count
            progress(.bootstrapping(received))
            if chunk.isLast { return received }
            after = chunk.next
        }
    }

    /// After a heads-only bootstrap, the history before it streams in: a few chunks of the log
    /// snapshot per sync, each logged with the download's progress, so it resumes where it
    /// stopped and no sync waits for all of it (`docs/ARCHITECTURE.md`, "Bootstrap"). Nothing is
    /// merged again; `explain` and settled conflicts read it once it is whole.
    func downloadHistory() async throws {
        guard historyChunksPerSync > 0, try store.lacksHistory() else { return }
        var position = try store.setting(SyncSettings.historyPosition).flatMap(UInt64.init) ?? 0
        var chunk = try store.setting(SyncSettings.historyChunk).flatMap(Int.init) ?? 0
        for _ in 0..<historyChunksPerSync {
            let reply: Message
            do {
                reply = try await exchange(.snapshot, .snapshotRequest(SnapshotRequest(position: position, chunk: chunk)))
            } catch let error as SyncError where error.relayCode == ErrorCode.snapshotExpired.rawValue && position != 0 {
                // What was logged stays logged; a new snapshot's chunks skip it.
                (position, chunk) = (0, 0)
                try store.setSetting(SyncSettings.historyPosition, nil)
                try store.setSetting(SyncSettings.historyChunk, nil)
                continue
            }
            guard case .snapshotChunk(let part) = reply, position == 0 || part.position == position, part.chunk == chunk else {
                throw SyncError(.protocolError, "the relay answered a history request with an unexpected \(reply.kind) message")
            }
            position = part.position
            let settings: [String: String?] =
                part.isLast
                ? [SyncSettings.historyPosition: nil, SyncSettings.historyChunk: nil]
                : [SyncSettings.historyPosition: String(position), SyncSettings.historyChunk: String(chunk + 1)]
            try store.addHistory(part.changes, settings: settings)
            if part.isLast { return }
            chunk += 1
        }
    }
}
