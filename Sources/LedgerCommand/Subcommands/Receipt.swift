import ArgumentParser
import Foundation
import LedgerCore
import LedgerServerAPI
import LedgerStore
import LedgerTransparency

/// `ledger receipt SEQ…`: the receipts a department keeps instead of the log (FORMAT.md §8).
struct ReceiptCommand: NetworkCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Write a self-contained receipt for each record: its line, its inclusion proof and the signed checkpoint.",
        discussion: """
            Give it to the department that signed the record: with the office's public key, `ledger prove \
            verify-inclusion RECEIPT --key office.pub` then proves the record is in the log the office \
            signed, without the log. When the latest checkpoint does not cover a record yet, a new one is \
            published first (this needs --operator-key).

            With --server URL the receipts come from the served ledger (which publishes a checkpoint \
            when its latest does not cover the record) and are written only once they verify against \
            the --office-key given.
            """
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var seal: SealOptions
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @Option(
        name: .customLong("office-key"),
        help: ArgumentHelp(
            "With --server: the office's public key the receipts must verify against; repeat for several (after a rotation).", valueName: "file"))
    var officeKeys: [String] = []
    @Argument(help: "The records' sequence numbers.") var seqs: [Int]
    @Option(help: ArgumentHelp("Write receipt-SEQ.json files into this directory instead of printing them.", valueName: "dir")) var outDir: String?

    func run() throws {
        guard !seqs.isEmpty else { throw CLIError.input("name at least one record") }
        if let client = try remote.client() {
            guard !officeKeys.isEmpty else {
                throw CLIError.input("--server needs --office-key FILE: the office's public key the receipts are checked against")
            }
            let keys = try officeKeys.map(loadVerifyingKey)
            for seq in seqs {
                let bytes = try ServedReceipt.fetch(from: client, seq: seq, officeKeys: keys)
                try writeOutput(bytes, to: outDir.map { $0 + "/receipt-\(seq).json" })
            }
            return
        }
        let ledger = try location.open().ledger
        let store = CheckpointStore(directory: ledger.directory)
        let covered = try store.latest().map { try Checkpoint(text: try SignedNote(parsing: $0).text).size } ?? 0
        if let newest = seqs.max(), newest >= covered {
            guard seal.isGiven else {
                throw CLIError.input("record \(newest) is not in the latest checkpoint (\(covered) records): give --operator-key to publish a new one")
            }
            let outcome = try CheckpointPublisher.publish(ledger: ledger, key: try seal.key())
            FileHandleOutput.standardError.write("published the checkpoint of \(outcome.checkpoint.checkpoint.size) records\n")
        }
        for seq in seqs {
            let receipt = try ProveInclusion.receipt(ledger: ledger, seq: seq, checkpointFile: nil, size: nil)
            if let outDir {
                try writeOutput(receipt.fileBytes, to: outDir + "/receipt-\(seq).json")
            } else {
                try writeOutput(receipt.fileBytes, to: nil)
            }
        }
    }
}
