import ArgumentParser
import LedgerCore
import LedgerTransparency

/// `ledger prove verify-inclusion FILE`: checks a receipt with nothing but it and the office's key.
struct VerifyInclusion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-inclusion",
        abstract: "Check an inclusion proof (a receipt): the record is in the tree the office signed. Needs no ledger.",
        discussion: """
            Checks that the record line hashes to the proof's leaf, that the Merkle path leads to the \
            root, and that the checkpoint (carried, or --checkpoint) is signed by one of the --key public \
            keys for that tree size and root and names the record's ledger. Exits 0 when all hold, 1 \
            when one does not.
            """
    )

    @Argument(help: "The proof file written by `ledger prove inclusion`.") var proof: String
    @Option(help: ArgumentHelp("Check against this checkpoint instead of the one the proof carries.", valueName: "file")) var checkpoint: String?
    @OptionGroup var trusted: TrustedKeys

    func run() throws {
        let keys = try trusted.keys()
        guard !keys.isEmpty else { throw CLIError.input("--key is required: the office's public key the checkpoint is signed by") }
        let file = try InclusionProof(file: try readInputFile(proof, what: "proof"))
        let external = try checkpoint.map { try readInputFile($0, what: "checkpoint") }
        let verified = try file.verify(keys: keys, checkpoint: external)
        let what =
            verified.record.map {
                "record \($0.seq) (statement \($0.signed.statement.id), \($0.signed.statement.department) \($0.signed.statement.event.type))"
            } ?? "leaf \(file.index)"
        let origin = verified.checkpoint?.checkpoint.origin ?? "?"
        print("verified: \(what) is in \(origin)'s log of \(file.treeSize) records, whose checkpoint the office signed")
        print("  record hash \(Hex.encode(file.leafHash))")
    }
}
