import ArgumentParser

/// `ledger append TYPE …` and `ledger append --batch FILE`: sign and submit in one step, on the
/// machine that holds the ledger.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Sign statements and append them to the ledger in one step: one by TYPE, or many with --batch FILE.",
        subcommands: [
            AppendBatch.self, AppendEvent<ProgressOptions>.self, AppendEvent<CloseRequestedOptions>.self, AppendEvent<ExtensionRequestedOptions>.self,
            AppendEvent<AssignedOptions>.self, AppendEvent<LeadDesignatedOptions>.self, AppendEvent<CloseApprovedOptions>.self,
            AppendEvent<CloseReturnedOptions>.self, AppendEvent<ReopenedOptions>.self,
            AppendEvent<ExtensionApprovedOptions>.self, AppendEvent<ExtensionRefusedOptions>.self, AppendEvent<FindingOpenedOptions>.self,
            AppendEvent<FindingRectifiedOptions>.self, AppendEvent<FindingClosedOptions>.self, AppendEvent<FindingKeptOpenOptions>.self,
            AppendEvent<IndicatorOwnerDesignatedOptions>.self,
        ],
        defaultSubcommand: AppendBatch.self
    )
}
