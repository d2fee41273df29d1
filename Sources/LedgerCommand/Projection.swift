import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector

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

enum ProjectionCut {
    case end
    case record(Int)
    case day(CalendarDay)
}

/// The projector after replaying a ledger to a cut, and what happened on the way.
struct LoadedProjection {
    var projector: Projector
    /// When lights are judged (nil: the last record's acceptance time).
    var asOf: Timestamp?
    var snapshotUsed: String?
    var state: ProjectedState { projector.state(asOf: asOf) }
}

let snapshotDirectoryName = "snapshots"

/// Replays the ledger into a projector, verifying every record it applies: from the newest snapshot that
/// matches the ledger (its head is checked against the log) or from genesis. A snapshot that does not
/// match is reported on standard error and not used.
func loadProjection(_ ledger: Ledger, cut: ProjectionCut, options: ProjectionOptions, useSnapshots: Bool = true) throws -> LoadedProjection {
    if useSnapshots {
        for candidate in snapshotFiles(ledger) {
            let start: Snapshot
            do {
                start = try readSnapshot(candidate, ledger: ledger, options: options)
            } catch let error as SnapshotError {
                FileHandleOutput.standardError.write("ledger: note: snapshot \(candidate) not used: \(error.reason)\n")
                continue
            }
            if case .record(let seq) = cut, start.recordCount > seq + 1 { continue }
            if case .day(let day) = cut, let last = start.projector.state().asOf as Timestamp?, last >= start.projector.endOfDay(day) { continue }
            if let loaded = try replay(ledger, from: start, cut: cut, options: options) {
                return LoadedProjection(projector: loaded.projector, asOf: loaded.asOf, snapshotUsed: candidate)
            }
            FileHandleOutput.standardError.write(
                "ledger: note: snapshot \(candidate) not used: its head \(start.head.prefix(16))… is not record \(start.recordCount - 1) of this ledger\n")
        }
    }
    return try replay(ledger, from: nil, cut: cut, options: options)!
}

/// Replays from a snapshot (nil: from genesis); nil when the snapshot's head does not match the log.
private func replay(_ ledger: Ledger, from snapshot: Snapshot?, cut: ProjectionCut, options: ProjectionOptions) throws -> LoadedProjection? {
    var projector = snapshot?.projector ?? Projector(options: options)
    let covered = snapshot?.recordCount ?? 0
    var headMatches = snapshot == nil
    var limit: Timestamp?
    let report = try reporting {
        try Verifier.verify(ledger, signaturesFrom: covered) { record in
            if record.seq < covered {
                if record.seq == covered - 1 { headMatches = record.hash(snapshot!.projector.suite!) == snapshot!.head }
                return record.seq < covered - 1 || headMatches
            }
            switch cut {
            case .end: break
            case .record(let seq): if record.seq > seq { return false }
            case .day(let day):
                if limit == nil, projector.recordCount > 0 { limit = projector.endOfDay(day) }
                if let limit, record.accepted >= limit { return false }
            }
            projector.apply(record)
            return true
        }
    }
    if let failure = report.failure {
        throw CLIError.verificationFailed(
            "the ledger does not verify at record \(failure.seq.map(String.init) ?? "?"): \(failure.description); run `ledger verify` for details")
    }
    guard headMatches else { return nil }
    if case .record(let seq) = cut, seq >= projector.recordCount {
        throw CLIError.input("--at \(seq): the ledger has only \(projector.recordCount) records (0…\(projector.recordCount - 1))")
    }
    var asOf: Timestamp?
    if case .day(let day) = cut { asOf = projector.endOfDay(day).adding(seconds: -1) }
    return LoadedProjection(projector: projector, asOf: asOf, snapshotUsed: nil)
}

/// Snapshot files of the ledger, newest (most records) first.
func snapshotFiles(_ ledger: Ledger) -> [String] {
    let dir = ledger.directory + "/" + snapshotDirectoryName
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted(by: >)
    return names.map { dir + "/" + $0 }
}

/// Reads a snapshot file and checks it against the ledger's identity and the options.
func readSnapshot(_ path: String, ledger: Ledger, options: ProjectionOptions) throws -> Snapshot {
    guard let data = FileManager.default.contents(atPath: path) else { throw SnapshotError(.malformed, "cannot read \(path)") }
    let (ledgerID, genesis) = try reporting { try ledger.genesis() }
    let snapshot = try Snapshot(bytes: [UInt8](data), suite: genesis.suite, options: options)
    guard snapshot.ledgerID == ledgerID else { throw SnapshotError(.wrongLedger, "it was made from ledger \(snapshot.ledgerID), this is \(ledgerID)") }
    return snapshot
}
