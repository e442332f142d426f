/// Which report the reports page asks for, as typed in its query: checked by
/// `CaseReport.period`, which refuses what it cannot read in the reader's language.
struct ReportQuery: Hashable, Sendable {
    var period: String
    var from: String?
    var to: String?
    var station: String?

    /// The cache's key: one computation per distinct question.
    var key: String { "report|\(period)|\(from ?? "")|\(to ?? "")|\(station ?? "")" }
}
