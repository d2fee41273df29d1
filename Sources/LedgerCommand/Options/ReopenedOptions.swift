import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign reopened` / `append reopened`: the office reopens a closed task.
struct ReopenedOptions: EventOptions {
    static let type = "reopened"
    static let abstract = "Reopen (office) a closed (办结) task, with the reason; it no longer counts as done."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the task is reopened.") var reason: String

    func event(suite: Suite) throws -> Event { .reopened(task: task, reason: reason) }
}
