import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger prove consistency OLD NEW`.
struct ProveConsistency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Prove that the log of OLD records is a prefix of the log of NEW records.",
        discussion: """
            OLD and NEW are tree sizes or checkpoint files (NEW defaults to the latest checkpoint). A size \
            for which the ledger published a checkpoint carries that checkpoint. Check the proof with \
            `ledger prove verify-consistency FILE --key office.pub`. Exits 1 when the log does not contain \
            a given checkpoint (it was truncated or rewritten since).
            """
    )

    @OptionGroup var location: LedgerLocation
    @Argument(help: "The older tree: a size or a checkpoint file.") var old: String
    @Argument(help: "The newer tree: a size or a checkpoint file (default: the latest checkpoint).") var new: String?
    @Option(help: ArgumentHelp("Write the proof to this file instead of printing it.", valueName: "file")) var out: String?

    func run() throws {
        let ledger = try location.open().ledger
        let tree = try LedgerTree(ledger: ledger)
        let store = CheckpointStore(directory: ledger.directory)
        let (oldSize, oldNote) = try Self.tree(old, store: store, tree: tree)
        let (newSize, newNote): (Int, [UInt8]?)
        if let new {
            (newSize, newNote) = try Self.tree(new, store: store, tree: tree)
        } else {
            guard let latest = try store.latest() else { throw CLIError.input("the ledger has no checkpoint yet: give NEW as a size") }
            newSize = try Checkpoint(text: try SignedNote(parsing: latest).text).size
            newNote = latest
        }
        guard oldSize <= newSize else { throw CLIError.input("OLD (\(oldSize) records) is larger than NEW (\(newSize))") }
        var proof = try tree.consistencyProof(oldSize: oldSize, newSize: newSize)
        proof.oldCheckpoint = oldNote
        proof.newCheckpoint = newNote
        try writeOutput(proof.fileBytes, to: out)
    }

    /// A size, or a checkpoint file: its size and note, after checking the log still has its tree.
    static func tree(_ argument: String, store: CheckpointStore, tree: LedgerTree) throws -> (Int, [UInt8]?) {
        let size: Int
        var note: [UInt8]?
        if let n = Int(argument), n >= 0, argument.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            size = n
            note = try store.checkpoint(size: n)
        } else {
            note = try readInputFile(argument, what: "checkpoint")
            size = try Checkpoint(text: try SignedNote(parsing: note!).text).size
        }
        guard size <= tree.size else {
            throw TransparencyError.notContained("the log has \(tree.size) records, fewer than the \(size) of \(argument): it was truncated")
        }
        if let note {
            let checkpoint = try Checkpoint(text: try SignedNote(parsing: note).text)
            guard checkpoint.origin == tree.origin else { throw CLIError.input("\(argument) is a checkpoint of \(checkpoint.origin), not of this ledger") }
            guard try tree.root(size: size) == checkpoint.rootHash else {
                throw TransparencyError.notContained("the first \(size) records no longer have the root of checkpoint \(argument): the log was rewritten")
            }
        }
        return (size, note)
    }
}
