import ArgumentParser
import Foundation
import LedgerCore
import LedgerServerAPI

/// `ledger sign TYPE` for every type a unit, the office or an inspector signs: one event type's options, signed into a
/// statement line.
struct SignEvent<Options: EventOptions>: NetworkCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Options.type, abstract: Options.abstract)
    }

    @Option(name: .customLong("ledger-id"), help: ArgumentHelp("The id of the ledger the statement is for.", valueName: "id"))
    var ledgerID: String
    @OptionGroup var signer: SignerOptions
    @OptionGroup var options: Options
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the signed statement here (default: standard output).", valueName: "file"))
    var out: String?
    @Flag(help: "Also submit the signed statement to the --server and print its receipt.") var submit = false
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @OptionGroup var output: OutputOptions
    @OptionGroup var checkpointed: CheckpointedReceiptOptions

    func validate() throws {
        if submit && remote.server == nil { throw ValidationError("--submit needs --server URL: the served ledger to submit to") }
        if !submit && remote.server != nil { throw ValidationError("--server is used with --submit") }
        if !submit && checkpointed.directory != nil { throw ValidationError("--receipts is used with --submit --server URL") }
    }

    func run() throws {
        guard Identifier.isLedgerID(ledgerID) else { throw CLIError.input("--ledger-id: \"\(ledgerID)\" is not a ledger id") }
        let signed = try signer.sign(options.event, ledgerID: ledgerID)
        let line = signed.json.canonicalString + "\n"
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(line.utf8)) else {
                throw CLIError.input("cannot write \(out)")
            }
            let about: String
            switch signed.statement.event {
            case .findingOpened: about = "(the finding's id)"
            case .findingRectified(let finding, _, _), .findingClosed(let finding, _), .findingKeptOpen(let finding, _): about = "on finding \(finding)"
            default: about = "for task \(signed.statement.event.task ?? "-")"
            }
            FileHandleOutput.standardError.write("signed \(Options.type) statement \(signed.statement.id) \(about) → \(out)\n")
        } else if !submit {
            print(line, terminator: "")
        }
        if submit, let client = try remote.client() {
            let keys = try checkpointed.pinnedKeys()
            let receipts = try client.submit([signed])
            printReceipts(receipts, json: output.json)
            try checkpointed.writeServed(receipts, client: client, keys: keys)
        }
    }
}
