import ArgumentParser

/// `ledger audit`: an inspector's incremental audit, without cosigning (FORMAT.md §12.9).
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "As an inspector: verify only what is new since the last checkpoint you cosigned.",
        discussion: """
            A consistency proof from your last cosigned checkpoint to the ledger's latest, and every check \
            of every record since, resuming from the verified state kept in your own state directory: a \
            month of records on a ledger of a million costs the month, not the million. Exits 1 when a \
            record fails or the log is not an extension of what you cosigned (an ALARM, with evidence \
            written as `ledger cosign` does). Changes nothing in the log, its checkpoints or your state; `ledger cosign` \
            does the same audit and cosigns.
            """
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var inspector: InspectorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try inspector.audit(location, cosign: false, json: output.json)
    }
}
