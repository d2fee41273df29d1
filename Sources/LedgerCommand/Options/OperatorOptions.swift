import ArgumentParser
import LedgerCore
import LedgerCrypto

/// Options of every registry change (`key enroll`, `rotate`, `revoke`): the operator's key, the
/// acceptance time, the output form.
struct OperatorOptions: ParsableArguments {
    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("The operator's private key.", valueName: "file")) var key: String
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions

    /// Signs the event `event` builds from the ledger's state with the operator's key, appends it and
    /// prints the receipt.
    func append(_ event: (ChainState) throws -> Event) throws {
        let signingKey = try loadSigningKey(key)
        let keyID = signingKey.publicKey.keyID(in: signingKey.suite)
        let receipts = try appendChecked(to: location, sealer: signingKey, acceptedAt: try acceptance.time()) { state in
            guard let enrolled = state.registry[keyID] else { throw CLIError.input("--key: key \(keyID.prefix(16))… is not enrolled in this ledger") }
            let statement = Statement(
                ledger: state.ledgerID!, time: Timestamp.now(), department: enrolled.department, keyID: keyID, event: try event(state))
            return [try statement.signed(with: signingKey)]
        }
        printReceipts(receipts, json: output.json)
    }
}
