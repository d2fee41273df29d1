import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign delayed` / `append delayed`: the reason and the new expected date.
struct DelayedOptions: EventOptions {
    static let type = "delayed"
    static let abstract = "Report that a task will be late: the reason and the new expected date."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the task is late.") var reason: String
    @Option(help: ArgumentHelp("The new expected completion date, YYYY-MM-DD.", valueName: "date")) var until: String

    func event(suite: Suite) throws -> Event {
        .delayed(task: task, reason: reason, until: try parseDay(until, option: "--until"))
    }
}
