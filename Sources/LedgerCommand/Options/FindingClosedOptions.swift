import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign finding-closed` / `append finding-closed`: the inspector closes a finding.
struct FindingClosedOptions: EventOptions {
    static let type = "finding-closed"
    static let abstract = "Close (inspector who opened it) a 督查发现, with a note."

    @Option(help: ArgumentHelp("The finding's id.", valueName: "id")) var finding: String
    @Option(help: "Why it is closed, e.g. 整改到位.") var note: String

    func event(suite: Suite) throws -> Event { .findingClosed(finding: finding, note: note) }
}
