/// The people who may sign in to the relay's board, by the SHA-256 of a secret token, as stations
/// are kept: the token itself is shown once and never stored.
///
/// Apart from `RelayLog` because the board is optional and people are not part of the sync
/// protocol: a log of record in another database need not carry them.
package protocol RelaySupervisors: Sendable {
    /// Adds a supervisor; a name already used (revoked or not) is refused, so a revoked session
    /// can never come back under a new token.
    func addSupervisor(name: String, tokenHash: [UInt8], now: UInt64) async throws
    /// Stops a supervisor's token and every session signed in with it, at once.
    func revokeSupervisor(name: String) async throws
    func supervisors() async throws -> [RelaySupervisor]
    /// The supervisor a token belongs to, revoked or not, or nil when the token is unknown.
    func supervisor(tokenHash: [UInt8]) async throws -> RelaySupervisor?
    /// Records a signed-in request, at most once a minute per supervisor.
    func recordSupervisorSeen(name: String, now: UInt64) async throws
}
