import ArgumentParser
import Foundation
import LedgerProjector
import LedgerStore

/// `ledger state`: the projected state, now or at a point in history.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the tasks' state (status, percent, light) now, --at a record or --as-of a date.",
        discussion:
            "Starts from the newest snapshot that matches the ledger and replays (and verifies) only the records after it. --json prints the state as canonical JSON: the same records always give the same bytes."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var cut: CutFlags
    @OptionGroup var projection: ProjectionFlags
    @Flag(name: .customLong("no-snapshot"), help: "Replay from genesis even when a snapshot matches.") var noSnapshot = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        let ledger = try location.open()
        let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options, useSnapshots: !noSnapshot)
        let state = loaded.state
        if output.json {
            print(String(decoding: state.canonicalBytes, as: UTF8.self))
            return
        }
        print("\(state.title)  \(state.ledgerID)")
        print(
            "as of \(state.asOf) · records 0…\(state.recordCount - 1) · head \(state.head.prefix(16))…\(loaded.snapshotUsed.map { " · from snapshot \(($0 as NSString).lastPathComponent)" } ?? "")"
        )
        let counts = Dictionary(grouping: state.tasks, by: \.light).mapValues(\.count)
        print("tasks \(state.tasks.count): 🔴 \(counts[.red] ?? 0)  🟡 \(counts[.yellow] ?? 0)  🟢 \(counts[.green] ?? 0)  · findings \(state.findings.count)")
        for task in state.tasks {
            let light = task.light == .red ? "🔴" : task.light == .yellow ? "🟡" : "🟢"
            print(
                "\(light) \(task.id.padding(toLength: 5, withPad: " ", startingAt: 0)) \(task.status.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(String(format: "%5.1f%%", task.percent))  due \(task.deadline)  \(task.title)  — \(task.lightReason)"
            )
        }
    }
}
