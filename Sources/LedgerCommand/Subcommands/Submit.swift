import ArgumentParser
import Foundation
import LedgerCore
import LedgerServerAPI

/// `ledger submit FILE…`: the office appends statements departments signed.
struct Submit: NetworkCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append signed statement files to the ledger, all or none.",
        discussion:
            "Each file holds one signed statement per line, as `ledger sign` writes them. A replayed or duplicate statement, a bad signature or a department acting outside its tasks refuses the whole submission. With --server the statements go to a served ledger, which seals them with its own operator key."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @OptionGroup var seal: SealOptions
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var checkpointed: CheckpointedReceiptOptions
    @Argument(help: ArgumentHelp("Signed statement files.", valueName: "file")) var files: [String]

    func run() throws {
        var statements: [SignedStatement] = []
        for file in files {
            let data = try InputFile.read(file, as: .statements)
            do {
                statements += try StatementLines.parse(data)
            } catch {
                throw CLIError.input("\(file):\(error.line): \(error.reason)")
            }
        }
        guard !statements.isEmpty else { throw CLIError.input("no statements in \(files.joined(separator: ", "))") }
        if let client = try remote.client() {
            let keys = try checkpointed.pinnedKeys()
            let receipts = try client.submit(statements)
            printReceipts(receipts, json: output.json)
            try checkpointed.writeServed(receipts, client: client, keys: keys)
            return
        }
        let sealer = try seal.key()
        let receipts = try appendChecked(to: location, sealer: sealer, acceptedAt: try acceptance.time()) { _ in statements }
        printReceipts(receipts, json: output.json)
        try checkpointed.write(receipts, location: location, sealer: sealer)
    }
}
