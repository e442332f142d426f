package import HummingbirdAuth
package import OutpostRelayStore
package import OutpostStore

/// The request context of the relay's server once the board is on it: a session (the board's
/// cookie) and the supervisor it authenticates. The relay's own endpoints ignore both.
package typealias BoardContext = BasicSessionRequestContext<BoardSession, RelaySupervisor>
