import OutpostDomain
import Testing

@Suite struct WorkflowTests {
    /// Every status change the handbook allows, and nothing else (`docs/ARCHITECTURE.md`, "Workflow").
    @Test func theStatusMachineIsTheHandbooks() {
        var edges = Set<String>()
        for status in CaseStatus.allCases {
            for action in WorkflowAction.allCases where Workflow.allows(action, in: status) {
                let after = Workflow.status(after: action, from: status)
                if after != status { edges.insert("\(status.rawValue)→\(after.rawValue)") }
            }
        }
        #expect(
            edges == [
                "new→in-progress", "in-progress→waiting", "waiting→in-progress", "in-progress→resolved",
                "resolved→closed", "resolved→in-progress", "closed→in-progress",
            ])
    }

    @Test(arguments: CaseStatus.allCases)
    func nextStepsAreAllowedAndNeverEmpty(status: CaseStatus) {
        let steps = Workflow.nextSteps(from: status)
        #expect(!steps.isEmpty)
        #expect(steps.allSatisfy { Workflow.allows($0, in: status) })
    }

    @Test func refusedStepsOfTheIssueAreRefused() {
        #expect(!Workflow.allows(.close, in: .new), "closing a new case that was never worked")
        #expect(!Workflow.allows(.survey, in: .inProgress), "surveying an open case")
        #expect(!Workflow.allows(.resolve, in: .waiting))
        #expect(!Workflow.allows(.close, in: .inProgress))
        #expect(!Workflow.allows(.reopen, in: .inProgress))
        #expect(Workflow.allows(.note, in: .closed))
        #expect(Workflow.allows(.survey, in: .closed))
    }

    @Test func workStartsANewCase() {
        for action in [WorkflowAction.contact, .customerNote, .solution, .received] {
            #expect(Workflow.status(after: action, from: .new) == .inProgress)
        }
        #expect(Workflow.status(after: .note, from: .new) == .new, "an internal note is not work with the customer")
        #expect(Workflow.status(after: .assign, from: .new) == .new)
        #expect(Workflow.status(after: .received, from: .waiting) == .inProgress, "the product arrived: the wait is over")
    }

    @Test func aRefusalNamesTheAllowedStepsAndWhatToType() {
        let refusal = Workflow.refusal(.close, number: "SZ01-20261123-0001", status: .new)
        #expect(refusal.code == .refused)
        #expect(refusal.phrase.english.contains("it is new and was never worked"))
        #expect(refusal.phrase.english.contains("allowed now: contact"))
        #expect(refusal.phrase.english.contains("`outpost case contact SZ01-20261123-0001 --channel phone --outcome reached`"))
        #expect(refusal.phrase.chinese.contains("不能关闭"))
    }
}
