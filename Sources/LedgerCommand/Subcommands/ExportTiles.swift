import ArgumentParser
import LedgerCore
import LedgerStore
import LedgerTransparency

/// `ledger export-tiles --out DIR`: the ledger's read side as static tlog-tiles files for any web server.
struct ExportTiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-tiles",
        abstract: "Write the latest checkpoint, its hash tiles and entry bundles as static files (C2SP tlog-tiles) for any web server.",
        discussion: """
            The files are exactly what `ledger-server` answers under a ledger's URL (`checkpoint`, \
            `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), so `ledger mirror` and `ledger verify --server` \
            work against a plain web server serving DIR (the proofs and cosignature endpoints aside). Full tiles \
            already in DIR are kept; run it again after each `ledger checkpoint`. Serve full tiles with \
            `Cache-Control: public, max-age=31536000, immutable` and `checkpoint` and partial tiles with `no-cache`.
            """
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("The directory to write the static log into.", valueName: "dir")) var out: String

    func run() throws {
        let ledger = try location.open().ledger
        guard let note = try CheckpointStore(directory: ledger.directory).latest() else {
            throw CLIError.input("the ledger has no checkpoint yet: run `ledger checkpoint` first")
        }
        let outcome = try StaticExport.write(tree: try LedgerTree(ledger: ledger), checkpoint: note, to: out)
        print("exported the checkpoint of \(outcome.size) records to \(out): \(outcome.written) files written, \(outcome.kept) full tiles kept")
    }
}
