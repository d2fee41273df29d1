import ArgumentParser
import LedgerCore

/// `ledger key revoke`: the operator withdraws a key.
struct KeyRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an enrolled key from this record on (operator only).")

    @Argument(help: ArgumentHelp("The key: key id, unique id prefix or public key file.", valueName: "key")) var target: String
    @Option(help: "Why the key is revoked (recorded in the ledger).") var reason: String
    @OptionGroup var options: OperatorOptions

    func run() throws {
        try options.append { state in .keyRevoked(key: try resolveKeyID(target, state: state), reason: reason) }
    }
}
