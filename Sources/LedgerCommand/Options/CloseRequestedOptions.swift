import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign close-requested` / `append close-requested`: 申请销号, a unit asks the office to close a task.
struct CloseRequestedOptions: EventOptions {
    static let type = "close-requested"
    static let abstract =
        "申请销号: ask the office to close a task, with the digests of evidence files. Only a lead (牵头) unit may apply, or the unit the office designated, or (until one is designated) any responsible unit."

    @Option(help: "The task id, e.g. 1.6.") var task: String
    @OptionGroup var evidence: EvidenceOptions
    @Option(help: "A note for the office.") var note: String?

    func event(suite: Suite) throws -> Event {
        .closeRequested(task: task, evidence: try evidence.items(suite: suite, what: "an application to close"), note: note)
    }
}
