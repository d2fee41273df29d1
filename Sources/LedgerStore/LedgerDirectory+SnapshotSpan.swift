import LedgerCore
import LedgerCrypto
import LedgerProjector

/// The state at a record between two snapshots, from the two snapshots and the records between them only.
///
/// A snapshot is written after its records passed every check of FORMAT.md §6 (``LedgerDirectory/project(cut:options:useSnapshots:)``
/// verifies what it replays), so it vouches for them. The state after record `seq` is then the earlier
/// snapshot's state (`base`, covering at most records 0…seq) with records base.records…seq applied,
/// provided those records are the ones the later snapshot (`voucher`, covering record seq) saw: each
/// line's `prev` is the hash of the line before it, from base's head to voucher's head. Checking that
/// chain of hashes, instead of every rule and both signatures of every record, is what makes a state
/// as of any record cost at most the records between two snapshots, whatever the ledger's length.
///
/// The span is found without reading the log before it: the line of base's record `records − 1` is
/// found by bisection over the log's bytes and must hash to base's head; the walk ends on voucher's. Anything
/// that does not match (a snapshot of another history, a damaged log, lines after the newest snapshot,
/// which no snapshot vouches for) makes the caller fall back to verifying from genesis.
extension LedgerDirectory {
    /// The projection after record `seq` (nil: the last record, when the newest snapshot covers it) from
    /// snapshots alone; nil when no pair of snapshots spans it as described above.
    func projectBetweenSnapshots(upTo seq: Int?, options: ProjectionOptions) throws -> Projection? {
        // Snapshot files by the records they cover (their names), newest first.
        let files = snapshots().compactMap { path -> (count: Int, path: String)? in
            guard let count = Int(path.split(separator: "/").last?.split(separator: ".").first ?? "") else { return nil }
            return (count, path)
        }
        guard let newest = files.first else { return nil }
        let target = seq ?? (newest.count - 1)
        guard target >= 0, newest.count > target else { return nil }
        let suite: Suite
        do { suite = try ledger.genesis().1.suite } catch { return nil }
        // Base: the newest snapshot made with these options that covers no record after `target`.
        guard
            let (baseFile, base) = files.lazy.filter({ $0.count <= target + 1 }).compactMap({ file in
                (try? self.readSnapshot(file.path, options: options)).flatMap { $0.recordCount == file.count ? (file, $0) : nil }
            }).first,
            let baseEnd = try boundEnd(of: base.recordCount, head: base.head, suite: suite)
        else { return nil }
        var projector = base.projector
        if base.recordCount == target + 1 {
            // The state at the base itself; at the end only when no record follows it.
            if seq == nil, try ledger.line(at: baseEnd) != nil { return nil }
            return Projection(projector: projector, asOf: nil, snapshotUsed: baseFile.path)
        }
        // Voucher: the oldest snapshot (of any options) that covers record `target`.
        guard let voucherFile = files.last(where: { $0.count > target }),
            let voucherOptions = Self.snapshotOptions(voucherFile.path),
            let voucher = try? readSnapshot(voucherFile.path, options: voucherOptions), voucher.recordCount == voucherFile.count
        else { return nil }
        // Records base…voucher − 1: each links to the one before, the last is voucher's head; those up to
        // `target` are applied.
        var head = base.head
        var next = base.recordCount
        var linked = true
        try ledger.readLines(from: baseEnd) { line, _ in
            if next <= target {
                guard let record = try? Record(line: line, expectedSeq: next), FormatRule.same(record.prev, head) else {
                    linked = false
                    return false
                }
                projector.apply(record)
            } else {
                guard Self.prev(of: line).map({ FormatRule.same($0, head) }) == true else {
                    linked = false
                    return false
                }
            }
            head = Record.hash(line: line, suite: suite)
            next += 1
            return next < voucher.recordCount
        }
        guard linked, next == voucher.recordCount, FormatRule.same(head, voucher.head) else { return nil }
        return Projection(projector: projector, asOf: nil, snapshotUsed: baseFile.path)
    }

    /// The byte offset just after the line of record `count − 1`, if that line hashes to `head`.
    private func boundEnd(of count: Int, head: String, suite: Suite) throws -> Int? {
        guard count > 0, let start = try ledger.offset(ofRecord: count - 1), let line = try ledger.line(at: start),
            FormatRule.same(Record.hash(line: line, suite: suite), head)
        else { return nil }
        return start + line.count + 1
    }

    /// The `prev` member of a record line, read without parsing the rest.
    ///
    /// A canonical record line begins `{"accepted":"TIME","prev":"` (members in code-point order; a time
    /// holds no quote), so the first `","prev":"` is the member itself. The caller checks the result
    /// against a hash it holds, so a line that is not a record can only fail to match.
    static func prev(of line: [UInt8]) -> String? {
        let marker = Array(#"","prev":""#.utf8)
        // `{"accepted":"` and a time of at most 35 bytes come first.
        let last = min(line.count - marker.count - 64, 64)
        guard last >= 0 else { return nil }
        for start in 0...last where line[start] == marker[0] && line[start..<(start + marker.count)].elementsEqual(marker) {
            let value = line[(start + marker.count)..<(start + marker.count + 64)]
            return String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}
