import ArgumentParser

/// `ledger plan …`: the office puts the work plan into the ledger.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Put a work plan into the ledger.",
        subcommands: [PlanImport.self]
    )
}
