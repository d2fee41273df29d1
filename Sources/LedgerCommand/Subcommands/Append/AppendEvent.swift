import ArgumentParser
import LedgerCore
import LedgerCrypto

/// `ledger append TYPE`: one statement of any type `ledger sign` knows, signed and appended.
struct AppendEvent<Options: EventOptions>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Options.type, abstract: Options.abstract)
    }

    @OptionGroup var location: LedgerLocation
    @OptionGroup var signer: SignerOptions
    @OptionGroup var options: Options
    @OptionGroup var seal: SealOptions
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // The office appending its own statement seals with the same key unless told otherwise.
        let sealer = seal.isGiven ? try seal.key() : try loadSigningKey(signer.key)
        let receipts = try appendChecked(to: location, sealer: sealer, acceptedAt: try acceptance.time()) { state in
            if !seal.isGiven, let entry = state.registry[sealer.publicKey.keyID(in: sealer.suite)], entry.role != .operator {
                _ = try seal.key()  // says that --operator-key is required
            }
            return [try signer.sign(options.event, ledgerID: state.ledgerID!) { state.registry[$0]?.department }]
        }
        printReceipts(receipts, json: output.json)
    }
}
