import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign finding-kept-open` / `append finding-kept-open`: the inspector keeps a finding open.
struct FindingKeptOpenOptions: EventOptions {
    static let type = "finding-kept-open"
    static let abstract = "Keep (inspector who opened it) a 督查发现 open after a rectification that is not enough, with the reason."

    @Option(help: ArgumentHelp("The finding's id.", valueName: "id")) var finding: String
    @Option(help: "What is still missing.") var reason: String

    func event(suite: Suite) throws -> Event { .findingKeptOpen(finding: finding, reason: reason) }
}
