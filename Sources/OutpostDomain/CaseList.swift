/// The result of `case list`: the cases shown, most urgent first, and how many matched in all.
package struct CaseList: Hashable, Sendable, Encodable {
    package var cases: [CaseListing]
    /// Every matching case, also those beyond the limit.
    package var total: Int
    /// False until the SLA clocks exist: then `--overdue` cannot match anything yet.
    package var deadlinesComputed: Bool
}
