import LedgerCore
import LedgerCrypto
import LedgerProjector

/// The state at a record after the newest snapshot (plain `ledger state` included), from that snapshot,
/// the admission cache and the records after the snapshot only.
///
/// A snapshot holds the projector's state but not what checking the next record needs (keys and their
/// authority, tasks, the head, the statement ids used so far). The admission cache (FORMAT.md §1.1)
/// holds exactly that, signed by the operator key that sealed the last record it covers, which every
/// append keeps up to date; ``Ledger/admittedState()`` checks it against the log without a private key.
/// So, with the newest snapshot (covering `S` records) and a cache covering `C ≥ S` records:
/// - records `S…C − 1` passed every check of §6 when they were admitted under that key: as between two
///   snapshots (``projectBetweenSnapshots(upTo:options:)``) they are only hash-linked from the
///   snapshot's head to the cache's and applied up to the cut;
/// - records from `C` on get every check of §6 from the cache's state, the statement-id rule against
///   the cache's id buckets (checked against their signed digests as they are read).
/// Nothing before the snapshot is read. A projection to the end keeps the cache in its resume point, so
/// that ``extend(_:)`` checks the records appended later the same way, reading only them. Anything else
/// (no cache, a cache that is not bound to this log or not signed by that key, a cache older than the
/// snapshot, a broken link) makes the caller verify from genesis as before — slower, never laxer.
extension LedgerDirectory {
    /// The projection after record `seq` (nil: the last record) as described above; nil when the
    /// snapshot and the admission cache do not allow it.
    /// - Throws: ``ProjectionError`` when a record after the cache fails a check (naming its seq).
    func projectAfterNewestSnapshot(upTo seq: Int?, options: ProjectionOptions) throws -> Projection? {
        let files = snapshots().compactMap { path -> (count: Int, path: String)? in
            guard let count = Int(path.split(separator: "/").last?.split(separator: ".").first ?? "") else { return nil }
            return (count, path)
        }
        // The newest snapshot made with these options, covering no record after the cut.
        guard
            let (file, snapshot) = files.lazy.filter({ seq == nil || $0.count <= seq! + 1 }).compactMap({ file in
                (try? self.readSnapshot(file.path, options: options)).flatMap { $0.recordCount == file.count ? (file, $0) : nil }
            }).first,
            case .success(let admitted) = ledger.admittedState(), admitted.records >= snapshot.recordCount,
            let suite = snapshot.projector.suite
        else { return nil }
        // The snapshot's last record must be this log's: its line hashes to the snapshot's head.
        guard let start = try ledger.offset(ofRecord: snapshot.recordCount - 1), let line = try ledger.line(at: start),
            FormatRule.same(Record.hash(line: line, suite: suite), snapshot.head)
        else { return nil }
        var projector = snapshot.projector
        var head = snapshot.head
        var next = snapshot.recordCount
        var offset = start + line.count + 1
        if next < admitted.records {
            // Records the cache covers: linked, and applied up to the cut.
            offset = try ledger.readLines(from: offset) { line, _ in
                if seq.map({ next <= $0 }) ?? true {
                    guard let record = try? Record(line: line, expectedSeq: next), FormatRule.same(record.prev, head) else {
                        return false
                    }
                    projector.apply(record)
                } else {
                    guard Self.prev(of: line).map({ FormatRule.same($0, head) }) == true else {
                        return false
                    }
                }
                head = Record.hash(line: line, suite: suite)
                next += 1
                return next < admitted.records
            }
        }
        guard next == admitted.records, FormatRule.same(head, admitted.head), offset == admitted.resume.offset else { return nil }
        if let seq, seq < next {
            return Projection(projector: projector, asOf: nil, snapshotUsed: file.path)
        }
        // Records after the cache: every check of §6 from the cache's state, and the ids before it from its buckets.
        let cached = Projection.ResumePoint(verified: admitted.resume, admitted: admitted)
        guard let (verified, resume) = try verifyRecords(after: cached, limit: seq.map { $0 + 1 }, applyingTo: projector) else { return nil }
        if let seq, seq >= verified.recordCount {
            throw ProjectionError.cutBeyondEnd(requested: seq, records: verified.recordCount)
        }
        var projection = Projection(projector: verified, asOf: nil, snapshotUsed: file.path)
        // To the end of the log: what `extend` resumes from, the cache's buckets included.
        if seq == nil { projection.resumePoint = resume }
        return projection
    }
}
