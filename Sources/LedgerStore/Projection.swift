import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector

/// The point in history a projection stops at.
public enum ProjectionCut: Sendable, Equatable {
    /// After the last record.
    case end
    /// After record `seq` (inclusive).
    case record(Int)
    /// At the end of a calendar day in the ledger's UTC offset: the records accepted before it, with
    /// lights judged one second before midnight.
    case day(CalendarDay)
}

/// The projector after replaying a ledger to a cut, and how it got there.
public struct Projection: Sendable {
    public var projector: Projector
    /// When lights are judged (nil: the last record's acceptance time).
    public var asOf: Timestamp?
    /// The snapshot the replay started from, if any.
    public var snapshotUsed: String?
    /// Snapshots that were not used, and why, for the caller to tell a person.
    public var notes: [String] = []
    /// For a projection to the end of the log: the verified state after its last record and where the
    /// next record starts, from which ``LedgerDirectory/extend(_:)`` folds only what was appended since.
    public var resumePoint: ResumePoint?

    /// The projected state at the cut.
    public var state: ProjectedState { projector.state(asOf: asOf) }
}

/// Why a ledger could not be projected.
public enum ProjectionError: Error, Sendable, CustomStringConvertible {
    /// A record does not verify; nothing after it can be trusted.
    case verificationFailed(RecordError)
    /// `--at` beyond the last record.
    case cutBeyondEnd(requested: Int, records: Int)

    public var description: String {
        switch self {
        case .verificationFailed(let failure):
            "the ledger does not verify at record \(failure.seq.map(String.init) ?? "?"): \(failure.description); run `ledger verify` for details"
        case .cutBeyondEnd(let seq, let records):
            "--at \(seq): the ledger has only \(records) records (0…\(records - 1))"
        }
    }
}

extension LedgerDirectory {
    /// Replays the ledger into a projector to `cut`, verifying every record it applies: between two
    /// snapshots, or from the newest snapshot with the admission cache's chain state (records after the
    /// cache get every check), or from the newest snapshot that matches the ledger (its head is checked
    /// against the log, and records it covers get every check but their signatures), or from genesis.
    /// - Throws: ``ProjectionError``, `LedgerError` for I/O.
    public func project(cut: ProjectionCut = .end, options: ProjectionOptions, useSnapshots: Bool = true) throws -> Projection {
        var notes: [String] = []
        if useSnapshots {
            // At a record two snapshots span (or at the newest one), only the records between them are read.
            let target: Int?? =
                switch cut {
                case .end: .some(nil)
                case .record(let seq): .some(seq)
                case .day: nil
                }
            if let target, let projection = try projectBetweenSnapshots(upTo: target, options: options) { return projection }
            // After the newest snapshot: its state, the admission cache's chain state and the records after it.
            if let target, let projection = try projectAfterNewestSnapshot(upTo: target, options: options) { return projection }
            for candidate in snapshots() {
                let start: Snapshot
                do {
                    start = try readSnapshot(candidate, options: options)
                } catch let error as SnapshotError {
                    notes.append("snapshot \(candidate) not used: \(error.reason)")
                    continue
                }
                if case .record(let seq) = cut, start.recordCount > seq + 1 { continue }
                if case .day(let day) = cut, let last = start.projector.state().asOf as Timestamp?, last >= start.projector.endOfDay(day) { continue }
                if var projection = try replay(from: start, cut: cut, options: options) {
                    projection.snapshotUsed = candidate
                    projection.notes = notes
                    return projection
                }
                notes.append("snapshot \(candidate) not used: its head \(start.head.prefix(16))… is not record \(start.recordCount - 1) of this ledger")
            }
        }
        var projection = try replay(from: nil, cut: cut, options: options)!
        projection.notes = notes
        return projection
    }

    /// The projection at the end of the log now, from `projection` (made to the end of this ledger's log
    /// earlier) by verifying and folding only the records appended after it: what a server's dashboard
    /// costs after a submission is the new records, not the log.
    ///
    /// The records `projection` covers are not read again: its caller vouches that the log still begins
    /// with them (a server that is the log's only writer, and checks the file is the same and no shorter).
    /// The new records get every check of FORMAT.md §6 and the first must link to the projection's head;
    /// when the projection started from the admission cache (after the newest snapshot), their statement
    /// ids are also looked up in the cache's id buckets, as ``project(cut:options:useSnapshots:)`` does.
    /// A projection without a resume point (cut before the end), a log that does not continue it, or a
    /// cache bucket that no longer matches its digest: the ledger is projected again, as `ledger state`
    /// would, which also names a record that fails.
    /// - Throws: ``ProjectionError``, `LedgerError` for I/O.
    public func extend(_ projection: Projection) throws -> Projection {
        let options = projection.projector.options
        // A log shorter than what the projection covered was cut or replaced: nothing to extend.
        let size = (try? FileManager.default.attributesOfItem(atPath: ledger.logPath)[.size] as? Int) ?? nil
        guard let point = projection.resumePoint, projection.asOf == nil, let size, size >= point.offset else {
            return try project(cut: .end, options: options)
        }
        // Whatever goes wrong, projecting afresh says it the way `ledger state` would.
        guard let (projector, resume) = try? verifyRecords(after: point, applyingTo: projection.projector) else {
            return try project(cut: .end, options: options)
        }
        var extended = projection
        extended.projector = projector
        extended.resumePoint = resume
        extended.notes = []
        return extended
    }

    /// Replays from a snapshot (nil: from genesis); nil when the snapshot's head does not match the log.
    /// `afterEach` sees the projector after each record past the snapshot, once the record verified;
    /// returning false stops the replay there.
    func replay(
        from snapshot: Snapshot?, cut: ProjectionCut, options: ProjectionOptions, afterEach: ((Projector) -> Bool)? = nil
    ) throws -> Projection? {
        var projector = snapshot?.projector ?? Projector(options: options)
        let covered = snapshot?.recordCount ?? 0
        var headMatches = snapshot == nil
        var limit: Timestamp?
        let report = try Verifier.verify(ledger, signaturesFrom: covered) { record in
            if record.seq < covered {
                if record.seq == covered - 1, let snapshot, let suite = snapshot.projector.suite {
                    headMatches = FormatRule.same(record.hash(suite), snapshot.head)
                }
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
            return afterEach?(projector) ?? true
        }
        if let failure = report.failure { throw ProjectionError.verificationFailed(failure) }
        guard headMatches else { return nil }
        if case .record(let seq) = cut, seq >= projector.recordCount {
            throw ProjectionError.cutBeyondEnd(requested: seq, records: projector.recordCount)
        }
        var asOf: Timestamp?
        if case .day(let day) = cut { asOf = projector.endOfDay(day).adding(seconds: -1) }
        var projection = Projection(projector: projector, asOf: asOf, snapshotUsed: nil)
        if case .end = cut, let state = report.state, let offset = report.endOffset {
            projection.resumePoint = Projection.ResumePoint(verified: Verifier.ResumePoint(state: state, offset: offset), admitted: nil)
        }
        return projection
    }
}
