import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerStore
import LedgerTransparency

/// `--receipts DIR`: after an append, publish a checkpoint and write each record's checkpointed receipt
/// (FORMAT.md §8, §12.6), so the submitter can prove inclusion without the log.
struct CheckpointedReceiptOptions: ParsableArguments {
    @Option(
        name: .customLong("receipts"),
        help: ArgumentHelp(
            "After appending, publish a checkpoint and write receipt-SEQ.json for each new record into this directory: its line, inclusion proof and the signed checkpoint.",
            valueName: "dir"))
    var directory: String?

    /// Publishes a checkpoint with `sealer` and writes the receipts of `receipts` (call after the appender is released).
    func write(_ receipts: [Receipt], location: LedgerLocation, sealer: SigningKey) throws {
        guard let directory, !receipts.isEmpty else { return }
        let ledger = try location.open().ledger
        let outcome = try CheckpointPublisher.publish(ledger: ledger, key: sealer)
        for receipt in receipts {
            let proof = try ProveInclusion.receipt(ledger: ledger, seq: receipt.seq, checkpointFile: nil, size: nil)
            try writeOutput(proof.fileBytes, to: directory + "/receipt-\(receipt.seq).json")
        }
        FileHandleOutput.standardError.write(
            "wrote \(receipts.count) checkpointed receipts to \(directory) (checkpoint of \(outcome.checkpoint.checkpoint.size) records)\n")
    }
}
