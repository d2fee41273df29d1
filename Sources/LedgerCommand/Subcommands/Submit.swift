import ArgumentParser
import Foundation
import LedgerCore

/// `ledger submit FILE…`: the office appends statements departments signed.
struct Submit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append signed statement files to the ledger, all or none.",
        discussion:
            "Each file holds one signed statement per line, as `ledger sign` writes them. A replayed or duplicate statement, a bad signature or a department acting outside its tasks refuses the whole submission."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var seal: SealOptions
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var checkpointed: CheckpointedReceiptOptions
    @Argument(help: ArgumentHelp("Signed statement files.", valueName: "file")) var files: [String]

    func run() throws {
        var statements: [SignedStatement] = []
        for file in files {
            let data = try InputFile.read(file, as: .statements)
            for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D })
            {
                do {
                    let value = try JSONValue.parse(Array(line))
                    statements.append(try SignedStatement(json: value))
                    try InputText.check(value, path: "statement")
                } catch let error as JSONError {
                    throw CLIError.input("\(file):\(index + 1): not valid JSON at byte \(error.offset): \(error.reason)")
                } catch let error as RecordError {
                    throw CLIError.input(
                        "\(file):\(index + 1): \((error.field?.hasPrefix("statement") == true ? error : error.nested(under: "statement")).description)")
                }
            }
        }
        guard !statements.isEmpty else { throw CLIError.input("no statements in \(files.joined(separator: ", "))") }
        let sealer = try seal.key()
        let receipts = try appendChecked(to: location, sealer: sealer, acceptedAt: try acceptance.time()) { _ in statements }
        printReceipts(receipts, json: output.json)
        try checkpointed.write(receipts, location: location, sealer: sealer)
    }
}
