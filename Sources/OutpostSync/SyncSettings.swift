import OutpostStore

/// The station settings sync keeps in the database (`outpost_settings`).
package enum SyncSettings {
    package static let relayURL = StationStore.relayURLSetting
    package static let token = "relay.token"
    /// The id of the relay this station syncs with, learnt at its first hello: a station pointed
    /// at a different or rebuilt relay notices.
    package static let relayID = "relay.id"
    /// The log position pulled up to; advanced in the same transaction as the batch it covers.
    package static let cursor = "sync.cursor"
    package static let bootstrapped = "sync.bootstrapped"
    /// A bootstrap in progress: the snapshot's position and the next chunk to fetch.
    package static let snapshotPosition = "sync.snapshot.position"
    package static let snapshotChunk = "sync.snapshot.chunk"
    /// A heads-only bootstrap in progress: the state's position and the next chunk's resume key.
    package static let statePosition = "sync.state.position"
    package static let stateAfter = "sync.state.after"
    /// The history download after a heads-only bootstrap: the log snapshot's position and next chunk.
    package static let historyPosition = "sync.history.position"
    package static let historyChunk = "sync.history.chunk"
    package static let lastSuccess = "sync.last-success"
    package static let lastError = "sync.last-error"
    /// The same error in Chinese, for `outpost status --lang zh`.
    package static let lastErrorChinese = "sync.last-error.zh"
}
