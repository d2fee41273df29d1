import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign extension-approved` / `append extension-approved`: the office grants the open request.
struct ExtensionApprovedOptions: EventOptions {
    static let type = "extension-approved"
    static let abstract = "Approve (office) the open extension request: its date becomes the deadline, and the task shows 已延期 for good."

    @Option(help: "The task id.") var task: String
    @Option(help: "A note, e.g. 经专班研究同意.") var note: String?

    func event(suite: Suite) throws -> Event { .extensionApproved(task: task, note: note) }
}
