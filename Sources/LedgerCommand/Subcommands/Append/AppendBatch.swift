import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto

/// `ledger append --batch FILE`: a department's many statements at once.
struct AppendBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Sign every row of a batch file with --key and append them all, or none (`ledger append --batch FILE`).",
        discussion: """
            --batch reads JSON Lines or the CSV a spreadsheet exports (columns: \(BatchFile.csvColumns.joined(separator: ", "))). \
            Every row is signed with --key and the whole batch is appended, or, when one row is wrong, none of it: \
            the error names the row and the field.
            """
    )

    @Option(help: ArgumentHelp("A batch file of statements to sign and append, all or nothing (.csv or JSON Lines).", valueName: "file"))
    var batch: String
    @Option(help: ArgumentHelp("The batch file's format (default: from the file name).", valueName: "jsonl|csv"))
    var format: String?
    @Option(help: ArgumentHelp("The signing department's private key; it signs every row.", valueName: "file")) var key: String
    @Option(help: ArgumentHelp("The signing department's code (default: the key's enrolled department).", valueName: "code")) var dept: String?
    @OptionGroup var location: LedgerLocation
    @OptionGroup var seal: SealOptions
    @OptionGroup var acceptance: AcceptanceOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let fileFormat: BatchFile.Format
        if let format {
            guard let f = BatchFile.Format(rawValue: format) else { throw CLIError.input("--format: \"\(format)\" is not jsonl or csv") }
            fileFormat = f
        } else {
            fileFormat = BatchFile.format(forPath: batch)
        }
        let data = try InputFile.read(batch, as: .batch)
        let rows: [BatchRow]
        do {
            rows = try BatchFile.parse(data, format: fileFormat)
        } catch {
            // "row 3.percent" reads better as "row 3: percent".
            let field = error.field.map { f in f.firstIndex(of: ".").map { "\(f[..<$0]): \(f[f.index(after: $0)...])" } ?? f }
            throw CLIError.input("refused \(batch): \(field.map { "\($0): " } ?? "")\(error.reason) (nothing was appended)")
        }
        let signer = SignerOptions(key: key, dept: dept)
        let signingKey = try loadSigningKey(key)
        let sealer = try seal.key()
        let acceptedAt = try acceptance.time()
        let appender = try openAppender(location, sealer: sealer)
        let state = appender.chainState
        let statements = try rows.map { row in
            try signer.sign({ _ in row.event }, ledgerID: state.ledgerID!, claimed: row.claimed, signingKey: signingKey) { state.registry[$0]?.department }
        }
        let receipts: [Receipt]
        do {
            receipts = try appender.append(statements, accepted: acceptedAt)
        } catch {
            // Point at the spreadsheet row, which is what the department can fix.
            if case .record(let refusal) = error, let seq = refusal.seq, seq >= state.nextSeq, seq - state.nextSeq < rows.count {
                let row = rows[seq - state.nextSeq].row
                throw CLIError.input("refused: row \(row): \(refusal.field.map { "\($0): " } ?? "")\(refusal.reason) (nothing was appended)")
            }
            throw error
        }
        printReceipts(receipts, json: output.json)
        if !output.json { print("appended \(receipts.count) statements from \(batch)") }
    }
}
