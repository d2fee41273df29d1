import ArgumentParser
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore

/// `ledger snapshot create`: saves the state at a record so later replays start there.
struct SnapshotCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the state after the last record (or --at SEQ) to snapshots/, with its record count, head and digest.",
        discussion:
            "--every N writes the snapshot after every N records (N, 2N, … up to the last record) that is missing, in one verified pass from the newest snapshot before the first missing one: run it after appends to keep the series. With a snapshot on each side, `ledger state --at SEQ` reads only the records between them."
    )

    @OptionGroup var location: LedgerLocation
    @Option(help: ArgumentHelp("Cover records 0…SEQ only.", valueName: "seq")) var at: Int?
    @Option(help: ArgumentHelp("Write the missing snapshots after every N records instead.", valueName: "n")) var every: Int?
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let every, every <= 0 { throw ValidationError("--every takes a positive number of records") }
        if every != nil, at != nil { throw ValidationError("--every and --at cannot be combined") }
    }

    func run() throws {
        let directory = try location.open()
        if let every {
            let written = try directory.writeSnapshots(every: every, options: projection.options)
            if output.json {
                printJSON(.array(written.map { .string($0) }))
            } else {
                print(written.isEmpty ? "no snapshot missing (one after every \(every) records)" : written.map { "wrote \($0)" }.joined(separator: "\n"))
            }
            return
        }
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
