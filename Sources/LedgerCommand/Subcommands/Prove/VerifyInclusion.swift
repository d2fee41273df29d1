import ArgumentParser
import LedgerCore
import LedgerCrypto
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
    @Option(
        name: .customLong("inspector"),
        help: ArgumentHelp(
            "An inspector's public key as DEPT=FILE: the checkpoint must carry its cosignature, which must verify (FORMAT.md §12.4); repeat for several.",
            valueName: "dept=file"))
    var inspectors: [String] = []

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
        if let signed = verified.checkpoint { try Self.showCosignatures(signed, inspectors: inspectors) }
    }

    /// Prints the checkpoint's cosignatures by the `--inspector` keys (each must be there and verify) and
    /// names the other cosignature lines it carries, unchecked.
    static func showCosignatures(_ signed: SignedCheckpoint, inspectors: [String]) throws {
        let origin = signed.checkpoint.origin
        var given: [(department: String, verifier: NoteVerifier)] = []
        for item in inspectors {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Identifier.isDepartmentCode(parts[0]) else { throw CLIError.input("--inspector: \"\(item)\" is not DEPT=FILE") }
            let key = try loadVerifyingKey(parts[1])
            given.append(
                (parts[0], try NoteVerifier(name: CheckpointCosigners.name(origin: origin, department: parts[0]), type: .cosignature(key.suite), key: key)))
        }
        let found = try signed.cosignatures(by: given.map(\.verifier))
        for (department, verifier) in given {
            guard let match = found.first(where: { $0.cosigner == verifier }) else {
                throw CLIError.verificationFailed("the checkpoint carries no cosignature by inspector \(department)")
            }
            print("  cosigned by inspector \(department) at \(Timestamp(secondsSinceEpoch: Int64(match.timestamp)))")
        }
        for line in signed.note.signatures where line.name != origin && !given.contains(where: { $0.verifier.name == line.name }) {
            print("  also carries a cosignature line by \(line.name) (not checked: give --inspector DEPT=FILE)")
        }
    }
}
