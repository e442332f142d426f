import OutpostDomain

/// A report and its cases per day, computed together so the chart and the figures agree.
struct ReportFigures: Sendable {
    var report: CaseReport
    var days: [CaseReport.Count]
}
