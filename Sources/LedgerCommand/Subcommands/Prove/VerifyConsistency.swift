import ArgumentParser
import LedgerTransparency

/// `ledger prove verify-consistency FILE`: the log only grew between two checkpoints.
struct VerifyConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-consistency",
        abstract: "Check a consistency proof: the older checkpoint's log is a prefix of the newer one's. Needs no ledger.",
        discussion: """
            Both checkpoints (carried in the proof, or --old/--new) must be signed by one of the --key \
            public keys and match the proof's sizes and roots. A failure (exit 1) means the log was \
            truncated, rewritten or forked between the two checkpoints, or the proof is not for them.
            """
    )

    @Argument(help: "The proof file written by `ledger prove consistency`.") var proof: String
    @Option(help: ArgumentHelp("The older checkpoint, instead of the one the proof carries.", valueName: "file")) var old: String?
    @Option(help: ArgumentHelp("The newer checkpoint, instead of the one the proof carries.", valueName: "file")) var new: String?
    @OptionGroup var trusted: TrustedKeys

    func run() throws {
        let keys = try trusted.keys()
        guard !keys.isEmpty else { throw CLIError.input("--key is required: the office's public key the checkpoints are signed by") }
        let file = try ConsistencyProof(file: try readInputFile(proof, what: "proof"))
        let (older, newer) = try file.verify(
            keys: keys, oldCheckpoint: try old.map { try readInputFile($0, what: "checkpoint") },
            newCheckpoint: try new.map { try readInputFile($0, what: "checkpoint") })
        print("verified: \(newer?.checkpoint.origin ?? "?")'s log of \(file.newSize) records extends its log of \(file.oldSize) records unchanged")
        _ = older
    }
}
