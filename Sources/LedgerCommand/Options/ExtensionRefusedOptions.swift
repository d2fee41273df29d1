import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign extension-refused` / `append extension-refused`: the office refuses the open request.
struct ExtensionRefusedOptions: EventOptions {
    static let type = "extension-refused"
    static let abstract = "Refuse (office) the open extension request, with the reason; the deadline stays."

    @Option(help: "The task id.") var task: String
    @Option(help: "Why the extension is refused.") var reason: String

    func event(suite: Suite) throws -> Event { .extensionRefused(task: task, reason: reason) }
}
