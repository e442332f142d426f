/// The handbook's complaint loop (`docs/ARCHITECTURE.md`, "Complaints"): a complaint closes only
/// once the customer accepts the solution, and an unhappy customer is followed up.
package enum ComplaintRule {
    package static let closing = Phrase(
        "Service handbook: a complaint closes only after the customer accepts the solution",
        "服务手册：投诉须经客户认可解决方案后方可关闭"
    )

    /// A survey score at or below this is unhappy: 1 or 2 out of 5.
    package static let unhappyScore = 2
}
