import ArgumentParser

/// `ledger append TYPE …` and `ledger append --batch FILE`: sign and submit in one step, on the
/// machine that holds the ledger.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Sign statements and append them to the ledger in one step: one by TYPE, or many with --batch FILE.",
        subcommands: [
            AppendBatch.self, AppendEvent<ProgressOptions>.self, AppendEvent<CompletedOptions>.self, AppendEvent<DelayedOptions>.self,
            AppendEvent<AssignedOptions>.self,
        ],
        defaultSubcommand: AppendBatch.self
    )
}
