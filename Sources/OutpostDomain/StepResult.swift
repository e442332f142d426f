/// What a workflow step did: the status before and after, and the event recorded.
package struct StepResult: Hashable, Sendable {
    package var number: String
    package var action: WorkflowAction
    package var before: CaseStatus
    package var after: CaseStatus
    /// The step's own event (nil for pure status steps such as `resolve`, which record only
    /// their status event).
    package var eventID: String?
}
