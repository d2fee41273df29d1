import ArgumentParser
import Foundation
import LedgerCrypto

/// `--operator-key`: the office's key that seals accepted records.
struct SealOptions: ParsableArguments {
    @Option(
        name: .customLong("operator-key"),
        help: ArgumentHelp("The office's operator key, which seals each accepted record (default: $LEDGER_OPERATOR_KEY).", valueName: "file"))
    var operatorKey: String?

    /// Whether an operator key was named, by the flag or the environment.
    var isGiven: Bool { operatorKey != nil || ProcessInfo.processInfo.environment["LEDGER_OPERATOR_KEY"] != nil }

    func key() throws -> SigningKey {
        guard let path = operatorKey ?? ProcessInfo.processInfo.environment["LEDGER_OPERATOR_KEY"] else {
            throw CLIError.input("--operator-key is required: the office seals every record it accepts (or set LEDGER_OPERATOR_KEY)")
        }
        return try loadSigningKey(path)
    }
}
