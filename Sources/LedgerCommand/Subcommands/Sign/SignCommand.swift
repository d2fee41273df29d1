import ArgumentParser

/// `ledger sign TYPE`: a department signs a statement on its own machine, without the ledger.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a statement offline and write it to a file for the office to submit.",
        discussion: "Signing needs only the department's key and the ledger id, not the ledger or its current head.",
        subcommands: [SignEvent<ProgressOptions>.self, SignEvent<CompletedOptions>.self, SignEvent<DelayedOptions>.self, SignEvent<AssignedOptions>.self]
    )
}
