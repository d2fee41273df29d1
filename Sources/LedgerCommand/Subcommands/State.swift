import ArgumentParser
import Foundation
import LedgerProjector
import LedgerReport
import LedgerServerAPI
import LedgerStore

/// `ledger state`: the projected state, now or at a point in history.
struct StateCommand: NetworkCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show the tasks' state (status, percent, light) now, --at a record or --as-of a date.",
        discussion:
            "Starts from the newest snapshot that matches the ledger and replays (and verifies) only the records after it, taking the chain state from the admission cache the appender signs when it matches the log (otherwise the chain is checked from genesis); --at a record two snapshots span (see `ledger snapshot create --every`) reads only the records between them, which the later snapshot vouches for (FORMAT.md §9). --json prints the state as canonical JSON: the same records always give the same bytes."
    )

    @OptionGroup var location: LedgerLocation
    @OptionGroup var remote: ServerOptions
    var needsNetwork: Bool { remote.server != nil }
    @OptionGroup var cut: CutFlags
    @OptionGroup var projection: ProjectionFlags
    @Flag(name: .customLong("no-snapshot"), help: "Replay from genesis even when a snapshot matches.") var noSnapshot = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        if let client = try remote.client() {
            let body = try client.get("state", query: cut.query + projection.query + [("format", output.json ? "json" : "text")])
            FileHandleOutput.standardOutput.write(String(decoding: body, as: UTF8.self))
            return
        }
        let ledger = try location.open()
        let loaded = try loadProjection(ledger, cut: try cut.cut(), options: projection.options, useSnapshots: !noSnapshot)
        let state = loaded.state
        if output.json {
            print(String(decoding: state.canonicalBytes, as: UTF8.self))
            return
        }
        print(StateSummary.text(state, snapshot: loaded.snapshotUsed.map { ($0 as NSString).lastPathComponent }), terminator: "")
    }
}
