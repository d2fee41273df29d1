import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import LedgerCrypto
import LedgerProjector
import LedgerStore

/// `--warning-days`, `--tolerance`, `--silence-days`: how lights and silence are judged.
struct ProjectionFlags: ParsableArguments {
    @Option(name: .customLong("warning-days"), help: "Yellow when a task is due within this many days.") var warningDays = 30
    @Option(help: ArgumentHelp("Yellow when percent is this many points behind the straight-line schedule.", valueName: "points")) var tolerance = 10.0
    @Option(name: .customLong("silence-days"), help: "A department is silent after this many days without a report.") var silenceDays = 60

    var options: ProjectionOptions { ProjectionOptions(warningDays: warningDays, scheduleTolerance: tolerance, silenceDays: silenceDays) }
}

/// `--at SEQ` / `--as-of DATE`: the point in history to show.
struct CutFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The state as of record SEQ (inclusive).", valueName: "seq")) var at: Int?
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The state at the end of DATE (YYYY-MM-DD, in the ledger's UTC offset); lights are judged then.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if at != nil && asOf != nil { throw ValidationError("give --at or --as-of, not both") }
        if let at, at < 0 { throw ValidationError("--at must be a record number (0 or more)") }
    }

    func cut() throws -> ProjectionCut {
        if let at { return .record(at) }
        if let asOf { return .day(try parseDay(asOf, option: "--as-of")) }
        return .end
    }
}

/// Replays the ledger to `cut` (from the newest matching snapshot when `useSnapshots`), telling the user
/// on standard error about snapshots it could not use.
func loadProjection(_ directory: LedgerDirectory, cut: ProjectionCut, options: ProjectionOptions, useSnapshots: Bool = true) throws -> Projection {
    let projection = try directory.project(cut: cut, options: options, useSnapshots: useSnapshots)
    for note in projection.notes { FileHandleOutput.standardError.write("ledger: note: \(note)\n") }
    return projection
}
