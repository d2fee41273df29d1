import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto
import LedgerProjector

/// `ledger snapshot create | verify | list`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save the projected state so later replays start there; prove a snapshot equals a full replay.",
        subcommands: [Create.self, VerifySnapshot.self, List.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
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

    struct VerifySnapshot: ParsableCommand {
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

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the ledger's snapshots with the records they cover.")
        @OptionGroup var location: LedgerLocation

        func run() throws {
            for path in try location.open().snapshots() {
                if let data = FileManager.default.contents(atPath: path), let value = try? JSONValue.parse([UInt8](data.dropLast(data.last == 0x0A ? 1 : 0))) {
                    print(
                        "\(path)  records \(value["records"]?.intValue ?? -1)  head \(value["head"]?.stringValue?.prefix(16) ?? "?")…  projector \(value["projector"]?.stringValue ?? "?")"
                    )
                } else {
                    print("\(path)  (unreadable)")
                }
            }
        }
    }
}
