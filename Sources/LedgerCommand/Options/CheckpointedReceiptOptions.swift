import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerServerAPI
import LedgerStore
import LedgerTransparency

/// `--receipts DIR`: after an append, publish a checkpoint and write each record's checkpointed receipt
/// (FORMAT.md §8, §12.6), so the submitter can prove inclusion without the log. With `--server`, the
/// receipts come from the server and are kept only once they verify against `--office-key`.
struct CheckpointedReceiptOptions: ParsableArguments {
    @Option(
        name: .customLong("receipts"),
        help: ArgumentHelp(
            "After appending, publish a checkpoint and write receipt-SEQ.json for each new record into this directory: its line, inclusion proof and the signed checkpoint.",
            valueName: "dir"))
    var directory: String?

    @Option(
        name: .customLong("office-key"),
        help: ArgumentHelp(
            "With --server: the office's public key (as given at enrolment) the server's receipts must verify against before they are written; repeat for several (after a rotation).",
            valueName: "file"))
    var officeKeys: [String] = []

    /// The office keys `--receipts` from a server needs: the server's own word on its key is no check of it.
    func pinnedKeys() throws -> [VerifyingKey] {
        guard directory != nil else { return [] }
        guard !officeKeys.isEmpty else {
            throw CLIError.input(
                "--receipts with --server needs --office-key FILE: the office's public key the receipts are checked against (a key the same server serves would prove nothing)"
            )
        }
        return try officeKeys.map(loadVerifyingKey)
    }

    /// Fetches from `client` the checkpointed receipt of each of `receipts`, verifies it against
    /// `--office-key` and writes it (call after the submission was acknowledged).
    func writeServed(_ receipts: [Receipt], client: LedgerServerClient, keys: [VerifyingKey]) throws {
        guard let directory, !receipts.isEmpty else { return }
        var size = 0
        for receipt in receipts {
            let bytes = try ServedReceipt.fetch(from: client, seq: receipt.seq, officeKeys: keys, expected: receipt)
            size = max(size, (try? InclusionProof(file: bytes).treeSize) ?? 0)
            try writeOutput(bytes, to: directory + "/receipt-\(receipt.seq).json")
        }
        FileHandleOutput.standardError.write(
            "wrote \(receipts.count) checkpointed receipts to \(directory), verified against the office key (checkpoint of \(size) records)\n")
    }

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
