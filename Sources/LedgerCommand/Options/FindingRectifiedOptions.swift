import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `sign finding-rectified` / `append finding-rectified`: 整改, a unit answers a finding.
struct FindingRectifiedOptions: EventOptions {
    static let type = "finding-rectified"
    static let abstract = "整改: answer a 督查发现 with what was rectified and the digests of evidence files; the inspector then closes it or keeps it open."

    @Option(help: ArgumentHelp("The finding's id (the id of the statement that opened it).", valueName: "id")) var finding: String
    @OptionGroup var evidence: EvidenceOptions
    @Option(help: "What was rectified.") var note: String

    func event(suite: Suite) throws -> Event {
        .findingRectified(finding: finding, evidence: try evidence.items(suite: suite, what: "a rectification"), note: note)
    }
}
