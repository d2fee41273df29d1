import ArgumentParser
import LedgerCore
import LedgerStore

/// `ledger snapshot verify`: proves snapshots equal a full replay.
struct SnapshotVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Replay from genesis and prove each snapshot is byte-identical to the state a full replay gives.",
        discussion:
            "Detects an edited snapshot, one whose head is not in this ledger, and one written by another projector version. Exits 1 if any snapshot fails."
    )

    @OptionGroup var location: LedgerLocation
    @Argument(help: ArgumentHelp("Snapshot files (default: every file in snapshots/).", valueName: "file")) var files: [String] = []
    @OptionGroup var output: OutputOptions

    func run() throws {
        let directory = try location.open()
        let paths = files.isEmpty ? directory.snapshots() : files
        guard !paths.isEmpty else { throw CLIError.input("no snapshots in \(directory.path)/\(LedgerDirectory.snapshotDirectoryName)") }
        var results: [JSONValue] = []
        var failed = 0
        for path in paths {
            let problem = try directory.checkSnapshot(path)
            if problem != nil { failed += 1 }
            if output.json {
                results.append(["path": .string(path), "valid": .bool(problem == nil), "reason": problem.map { .string($0) } ?? .null])
            } else {
                print(problem.map { "FAILED \(path): \($0)" } ?? "ok     \(path): byte-identical to a full replay")
            }
        }
        if output.json { printJSON(.array(results)) }
        if failed > 0 { throw ExitCode(1) }
    }
}
