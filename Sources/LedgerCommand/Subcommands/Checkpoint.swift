import ArgumentParser
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger checkpoint`: signs and publishes a checkpoint of the whole log (FORMAT.md §12).
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the current log with the operator key and publish it in the ledger directory.",
        discussion: """
            A checkpoint is a signed statement "the log's first N records have this Merkle root" (a C2SP \
            tlog-checkpoint in a signed note). Inspectors keep it; later, a consistency proof shows the \
            log grew from it without losing or changing a record, and an inclusion proof shows a record \
            is in it. The checkpoint is written to checkpoints/NNNNNNNNNNNN and to checkpoint (the \
            latest), and printed.

            Before signing, the log is verified and must still contain the latest checkpoint: the office \
            never signs a tree that contradicts one it signed before. Exits 1 when it does not. The \
            verification resumes from the publishing state kept in cache/checkpoint/ (signed by this \
            operator key), so only the records since the latest checkpoint are read; without a usable \
            state the whole log is verified (signatures from the latest checkpoint this key signed on) \
            and the state is written anew.
            """
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var seal: SealOptions

    func run() throws {
        let ledger = try location.open().ledger
        let outcome = try CheckpointPublisher.publish(ledger: ledger, key: try seal.key())
        let size = outcome.checkpoint.checkpoint.size
        let how =
            outcome.resumedFrom.map { "records \($0)… checked from the publishing state" }
            ?? "the whole log verified, signatures from record \(outcome.signaturesCheckedFrom): \(outcome.fullPassBecause ?? "")"
        FileHandleOutput.standardError.write(
            outcome.isNew
                ? "published the checkpoint of \(size) records in checkpoints/\(String(CheckpointStore(directory: ledger.directory).path(size: size).suffix(12))) and checkpoint (\(how))\n"
                : "no record since the latest checkpoint (\(size) records); it is unchanged\n")
        if let reason = outcome.treeRebuilt { FileHandleOutput.standardError.write("the tree cache was rebuilt: \(reason)\n") }
        print(String(decoding: outcome.checkpoint.bytes, as: UTF8.self), terminator: "")
    }
}
