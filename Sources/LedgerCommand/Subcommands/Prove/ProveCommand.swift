import ArgumentParser
import Foundation
import LedgerCrypto
import LedgerTransparency

/// `ledger prove`: inclusion and consistency proofs, and their verification.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Make and check proofs that a record is in the log, and that the log only grew.",
        discussion: """
            inclusion and consistency read the ledger directory and write a proof file (FORMAT.md §12.6). \
            verify-inclusion and verify-consistency need no ledger: only the proof file, the checkpoint(s) \
            (carried in the proof or given) and the office's public key.
            """,
        subcommands: [ProveInclusion.self, ProveConsistency.self, VerifyInclusion.self, VerifyConsistency.self]
    )
}

/// `--key FILE` (repeatable): the public keys a checkpoint may be signed by.
struct TrustedKeys: ParsableArguments {
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp("A PEM public key of the office's operator key that signs checkpoints; repeat for several (after a rotation).", valueName: "file"))
    var paths: [String] = []

    func keys() throws -> [VerifyingKey] {
        try paths.map(loadVerifyingKey)
    }
}

/// Reads a whole file given on the command line.
func readInputFile(_ path: String, what: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.input("cannot read \(what) \(path)") }
    return [UInt8](data)
}

/// Writes a proof to `--out`, or prints it.
func writeOutput(_ bytes: [UInt8], to path: String?) throws {
    guard let path else {
        print(String(decoding: bytes, as: UTF8.self), terminator: "")
        return
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CLIError.input("cannot write \(path)") }
}
