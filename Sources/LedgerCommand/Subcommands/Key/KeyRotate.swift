import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `ledger key rotate`: the operator replaces a department's key.
struct KeyRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Replace an enrolled key with a new one; the old key stops being valid (operator only).")

    @Option(help: ArgumentHelp("The key to replace: key id, unique id prefix or public key file.", valueName: "key")) var old: String
    @Option(name: .customLong("new"), help: ArgumentHelp("The new public key file.", valueName: "public-key")) var newKey: String
    @OptionGroup var options: OperatorOptions

    func run() throws {
        let key = try loadVerifyingKey(newKey)
        try options.append { state in .keyRotated(old: try resolveKeyID(old, state: state), key: key) }
    }
}
