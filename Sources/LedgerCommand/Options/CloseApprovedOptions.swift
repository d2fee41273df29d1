import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign close-approved` / `append close-approved`: 销号/办结, the office closes a task on the open application.
struct CloseApprovedOptions: EventOptions {
    static let type = "close-approved"
    static let abstract = "销号/办结 (office): close a task on the unit's open application, with the review note. Only then does the task count as done."

    @Option(help: "The task id.") var task: String
    @Option(help: "The review note (审核意见), e.g. 材料齐全，同意销号.") var note: String

    func event(suite: Suite) throws -> Event { .closeApproved(task: task, note: note) }
}
