import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign extension-requested` / `append extension-requested`: 申请延期.
struct ExtensionRequestedOptions: EventOptions {
    static let type = "extension-requested"
    static let abstract = "申请延期: ask the office for a later deadline, with the reason. The deadline moves only if the office approves."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the task needs more time.") var reason: String
    @Option(help: ArgumentHelp("The deadline asked for, YYYY-MM-DD; later than the deadline in force.", valueName: "date")) var until: String

    func event(suite: Suite) throws -> Event { .extensionRequested(task: task, reason: reason, until: try parseDay(until, option: "--until")) }
}
