import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign close-returned` / `append close-returned`: 退回, the office returns an application.
struct CloseReturnedOptions: EventOptions {
    static let type = "close-returned"
    static let abstract = "退回 (office): return the open application to close, with the reason; the task is in progress again."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the application is returned, e.g. 佐证材料不全.") var reason: String

    func event(suite: Suite) throws -> Event { .closeReturned(task: task, reason: reason) }
}
