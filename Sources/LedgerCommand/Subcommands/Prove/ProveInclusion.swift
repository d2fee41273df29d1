import ArgumentParser
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger prove inclusion SEQ`: a self-contained receipt for one record.
struct ProveInclusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inclusion",
        abstract: "Prove that record SEQ is in a checkpointed tree: writes a receipt that verifies without the log.",
        discussion: """
            The proof file carries the record's line, the Merkle path and the signed checkpoint (by default \
            the latest one; run `ledger checkpoint` first if it does not cover SEQ yet). Check it with \
            `ledger prove verify-inclusion FILE --key office.pub`.
            """
    )

    @OptionGroup var location: LedgerLocation
    @Argument(help: "The record's sequence number.") var seq: Int
    @Option(help: ArgumentHelp("Prove inclusion in this checkpoint instead of the latest.", valueName: "file")) var checkpoint: String?
    @Option(help: ArgumentHelp("Prove inclusion in the tree of the first N records, without a checkpoint.", valueName: "N")) var size: Int?
    @Option(help: ArgumentHelp("Write the proof to this file instead of printing it.", valueName: "file")) var out: String?

    func run() throws {
        let ledger = try location.open().ledger
        let proof = try Self.receipt(ledger: ledger, seq: seq, checkpointFile: checkpoint, size: size)
        try writeOutput(proof.fileBytes, to: out)
    }

    /// The inclusion proof of `seq` in the checkpoint of `checkpointFile`, the tree of `size`, or the latest checkpoint.
    static func receipt(ledger: Ledger, seq: Int, checkpointFile: String?, size: Int?) throws -> InclusionProof {
        if checkpointFile != nil && size != nil { throw CLIError.input("give --checkpoint or --size, not both") }
        let tree = try LedgerTree(ledger: ledger)
        if let size {
            return try tree.inclusionProof(seq: seq, treeSize: size)
        }
        let note: [UInt8]
        if let checkpointFile {
            note = try readInputFile(checkpointFile, what: "checkpoint")
        } else {
            guard let latest = try CheckpointStore(directory: ledger.directory).latest() else {
                throw CLIError.input("the ledger has no checkpoint yet: run `ledger checkpoint` (or give --size N for a proof without one)")
            }
            note = latest
        }
        let checkpoint = try Checkpoint(text: try SignedNote(parsing: note).text)
        guard checkpoint.origin == tree.origin else { throw CLIError.input("the checkpoint is of \(checkpoint.origin), not of this ledger (\(tree.origin))") }
        guard seq < checkpoint.size else {
            throw CLIError.input("record \(seq) is not in the checkpoint of \(checkpoint.size) records: run `ledger checkpoint` to publish a newer one")
        }
        guard checkpoint.size <= tree.size, try tree.root(size: checkpoint.size) == checkpoint.rootHash else {
            throw TransparencyError.notContained(
                "the log no longer contains the checkpoint of \(checkpoint.size) records: verify it with `ledger verify --checkpoint`")
        }
        var proof = try tree.inclusionProof(seq: seq, treeSize: checkpoint.size)
        proof.checkpoint = note
        return proof
    }
}
