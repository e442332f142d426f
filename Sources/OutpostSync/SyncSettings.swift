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
    package static let lastSuccess = "sync.last-success"
    package static let lastError = "sync.last-error"
    /// The same error in Chinese, for `outpost status --lang zh`.
    package static let lastErrorChinese = "sync.last-error.zh"
}
