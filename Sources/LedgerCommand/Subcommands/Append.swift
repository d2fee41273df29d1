import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `ledger append TYPE …`: sign and submit in one step, on the machine that holds the ledger.
struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a statement and append it to the ledger in one step.",
        subcommands: [AppendEvent<ProgressOptions>.self, AppendEvent<CompletedOptions>.self, AppendEvent<DelayedOptions>.self, AppendEvent<AssignedOptions>.self]
    )
}

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
        let state = try location.state()
        guard let ledgerID = state.ledgerID else { throw CLIError.input("the ledger has no genesis record") }
        let signed = try signer.sign(options.event, ledgerID: ledgerID) { state.registry[$0]?.department }
        let sealer = seal.operatorKey == nil && ProcessInfo.processInfo.environment["LEDGER_OPERATOR_KEY"] == nil && state.registry[signed.statement.keyID]?.role == .operator
            ? try loadSigningKey(signer.key) : try seal.key()
        printReceipts(try appendChecked([signed], to: location, sealer: sealer, acceptedAt: try acceptance.time()), json: output.json)
    }
}
