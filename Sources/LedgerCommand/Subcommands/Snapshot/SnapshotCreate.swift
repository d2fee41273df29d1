import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore

/// `ledger snapshot create`: saves the state at a record so later replays start there.
struct SnapshotCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the state after the last record (or --at SEQ) to snapshots/, with its record count, head and digest."
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("Cover records 0…SEQ only.", valueName: "seq")) var at: Int?
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var output: OutputOptions

    func run() throws {
        let directory = try location.open()
        let projector = try loadProjection(directory, cut: at.map { .record($0) } ?? .end, options: projection.options).projector
        let (path, digest) = try directory.writeSnapshot(projector)
        if output.json {
            printJSON([
                "path": .string(path), "records": .number(Double(projector.recordCount)), "head": .string(projector.head), "digest": .string(digest),
            ])
        } else {
            let hashName = projector.suite?.hashName ?? ""
            print("wrote \(path)\n  covers records 0…\(projector.recordCount - 1), head \(projector.head)\n  digest (\(hashName)) \(digest)")
        }
    }
}
