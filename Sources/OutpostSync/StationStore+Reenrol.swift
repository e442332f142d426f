package import OutpostStore

extension StationStore {
    /// Re-enrols a copied or restored database under `code` (see `StationStore.reenrol`) and
    /// points its sync at the new code's token. The next sync pulls the relay's whole log again:
    /// the other copy's changes under the old code were skipped as this station's own until now.
    package func reenrol(code: String, token: String, using generator: inout some RandomNumberGenerator) throws -> Reenrolment {
        try reenrol(
            code: code,
            settings: [SyncSettings.token: token, SyncSettings.cursor: "0", SyncSettings.lastError: nil, SyncSettings.lastErrorChinese: nil],
            generator: &generator)
    }
}
