import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger bundle`: one file an inspector takes away and checks with nothing else (FORMAT.md §12.10).
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write an offline audit bundle: a range of records, the checkpoint with its cosignatures, the proofs and the keys.",
        discussion: """
            The bundle is one JSON Lines file: a header, the signed checkpoint (with the inspectors' \
            cosignatures), optionally a consistency proof from an older checkpoint (--since), the records \
            that enrolled every key needed, the records of the range, each with its inclusion proof in the \
            checkpoint, and optionally evidence files named by their digest. `ledger verify --bundle FILE` \
            (or tools/independent-verify.py --bundle FILE) checks it without the ledger.
            """
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("The first record of the range (default: 0).", valueName: "seq")) var from: Int = 0
    @Option(help: ArgumentHelp("The record after the range (default: the checkpoint's size).", valueName: "seq")) var to: Int?
    @Option(help: ArgumentHelp("The signed checkpoint that contains the range (default: the ledger's latest, with its cosignatures).", valueName: "file"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("An older signed checkpoint: the bundle then proves the log grew from it.", valueName: "file")) var since: String?
    @Option(help: ArgumentHelp("An evidence file to carry, named in the bundle by its digest; repeat for several.", valueName: "file"))
    var evidence: [String] = []
    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the bundle (default: standard output).", valueName: "file")) var out: String?

    func run() throws {
        let ledger = try location.open().ledger
        let note: [UInt8]
        if let checkpoint {
            note = try readInputFile(checkpoint, what: "checkpoint")
        } else if let latest = try CheckpointStore(directory: ledger.directory).latest() {
            note = latest
        } else {
            throw CLIError.input("the ledger has no published checkpoint (run ledger checkpoint first, or give --checkpoint)")
        }
        let size = try Checkpoint(text: SignedNote(parsing: note).text).size
        let end = to ?? size
        guard end > from else { throw CLIError.input("--to \(end) must be above --from \(from)") }
        let bytes = try AuditBundle.write(
            ledger: ledger,
            AuditBundle.Request(
                first: from, count: end - from, checkpoint: note, since: try since.map { try readInputFile($0, what: "checkpoint") },
                evidence: try evidence.map { try readInputFile($0, what: "evidence file") }))
        try writeOutput(bytes, to: out)
        if let out { FileHandleOutput.standardError.write("wrote the bundle of records \(from)…\(end - 1) in the checkpoint of \(size) records to \(out)\n") }
    }
}
