import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `--ledger DIR`: which ledger directory a command works on.
struct LedgerLocation: ParsableArguments {
    @Option(
        name: [.customLong("ledger"), .customShort("L")],
        help: ArgumentHelp("The ledger directory (default: $LEDGER_DIR, else the current directory).", valueName: "dir"))
    var path: String?

    var directory: String { path ?? ProcessInfo.processInfo.environment["LEDGER_DIR"] ?? "." }

    func open() throws -> LedgerDirectory {
        try LedgerDirectory(path: directory)
    }

    /// Reads the ledger's state (keys, tasks, head) without checking signatures: enough to know who is who.
    func state() throws -> ChainState {
        try open().ledger.replay(verifySignatures: false).0
    }
}
