import ArgumentParser
import Foundation
import LedgerCore
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
            let ledger = try location.open()
            let loaded = try loadProjection(ledger, cut: at.map { .record($0) } ?? .end, options: projection.options)
            let projector = loaded.projector
            let suite = try reporting { try ledger.genesis().genesis.suite }
            let bytes = projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount)
            let dir = ledger.directory + "/" + snapshotDirectoryName
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/" + String(format: "%012d.json", projector.recordCount)
            guard FileManager.default.createFile(atPath: path + ".new", contents: Data(bytes + [0x0A])),
                rename(path + ".new", path) == 0
            else { throw CLIError.input("cannot write \(path)") }
            let digest = try JSONValue.parse(bytes)["digest"]?.stringValue ?? ""
            if output.json {
                printJSON([
                    "path": .string(path), "records": .number(Double(projector.recordCount)), "head": .string(projector.head), "digest": .string(digest),
                ])
            } else {
                print("wrote \(path)\n  covers records 0…\(projector.recordCount - 1), head \(projector.head)\n  digest (\(suite.hashName)) \(digest)")
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
            let ledger = try location.open()
            let paths = files.isEmpty ? snapshotFiles(ledger) : files
            guard !paths.isEmpty else { throw CLIError.input("no snapshots in \(ledger.directory)/\(snapshotDirectoryName)") }
            var results: [JSONValue] = []
            var failed = 0
            for path in paths {
                let problem = try check(path, ledger: ledger)
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

        /// Nil when the snapshot is exactly what a verified replay from genesis writes; else why not.
        func check(_ path: String, ledger: Ledger) throws -> String? {
            guard let data = FileManager.default.contents(atPath: path) else { return "cannot read the file" }
            var bytes = [UInt8](data)
            if bytes.last == 0x0A { bytes.removeLast() }
            // The snapshot's own options (a snapshot is checked as written, not against today's flags).
            guard let value = try? JSONValue.parse(bytes), let o = value["options"],
                let warning = o["warningDays"]?.intValue, let tolerance = o["scheduleTolerance"]?.numberValue, let silence = o["silenceDays"]?.intValue
            else { return "not a snapshot (no readable options)" }
            let options = ProjectionOptions(warningDays: warning, scheduleTolerance: tolerance, silenceDays: silence)
            let snapshot: Snapshot
            do {
                snapshot = try readSnapshot(path, ledger: ledger, options: options)
            } catch let error as SnapshotError {
                return error.reason
            }
            let loaded = try loadProjection(ledger, cut: .record(max(0, snapshot.recordCount - 1)), options: options, useSnapshots: false)
            let projector = loaded.projector
            guard projector.recordCount == snapshot.recordCount else {
                return "covers \(snapshot.recordCount) records, the ledger has \(projector.recordCount)"
            }
            guard projector.head == snapshot.head else {
                return
                    "its head \(snapshot.head.prefix(16))… is not record \(snapshot.recordCount - 1) of this ledger (\(projector.head.prefix(16))…): it belongs to another history"
            }
            let suite = try reporting { try ledger.genesis().genesis.suite }
            guard projector.snapshot(suite: suite, head: projector.head, recordCount: projector.recordCount) == bytes else {
                return "its state differs from a full replay of records 0…\(snapshot.recordCount - 1)"
            }
            return nil
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the ledger's snapshots with the records they cover.")
        @OptionGroup var location: LedgerLocation

        func run() throws {
            let ledger = try location.open()
            for path in snapshotFiles(ledger) {
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
