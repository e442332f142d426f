/// Every deadline of a case (all of them are shown, not only the nearest).
package struct Deadlines: Hashable, Sendable, Encodable {
    /// False until the SLA clocks exist.
    package var computed: Bool
    package var items: [Deadline]

    package init(computed: Bool, items: [Deadline]) {
        self.computed = computed
        self.items = items
    }

    package static let notComputed = Deadlines(computed: false, items: [])
}
