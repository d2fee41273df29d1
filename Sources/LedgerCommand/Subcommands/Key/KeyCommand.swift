import ArgumentParser

/// `ledger key …`: generate key pairs and manage the ledger's key registry.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Generate keys; enrol, rotate and revoke them in the ledger (operator).",
        subcommands: [KeyGenerate.self, KeyEnroll.self, KeyRotate.self, KeyRevoke.self, KeyList.self]
    )
}
