/// One deadline clock of a case (`docs/ARCHITECTURE.md`, "Deadlines"), computed on each replica from the
/// case's events, the SLA policy and the calendar; never stored or synced.
///
/// The clocks themselves come with the SLA policy and calendar. Until then every case reports
/// `Deadlines.notComputed`, and the fronts show a labelled, empty "Deadlines" section in its place.
package struct Deadline: Hashable, Sendable, Encodable {
    /// Which clock: `first-contact`, `keep-in-loop`, `repair`, `survey`, ...
    package var name: String
    /// When it is due, milliseconds since 1970; nil while paused (waiting on the customer).
    package var due: UInt64?
    /// Met, running, paused or overdue.
    package var state: String

    package init(name: String, due: UInt64?, state: String) {
        self.name = name
        self.due = due
        self.state = state
    }
}
