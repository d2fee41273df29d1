import LedgerCore
import LedgerProjector

extension LedgerDirectory {
    /// Writes the snapshot after every `interval` records (after records `interval`, 2 × `interval`, … up
    /// to the log's end) that is not there yet, in one verified pass.
    ///
    /// The pass starts from the newest snapshot below the first missing one (or genesis) the way
    /// ``project(cut:options:useSnapshots:)`` does, so keeping a series up to date after appends costs
    /// the new records, and each snapshot is written once its records passed every check — which is what
    /// lets two snapshots vouch for the records between them (``projectBetweenSnapshots(upTo:options:)``).
    /// - Returns: the files written, oldest first.
    /// - Throws: ``ProjectionError`` when the ledger does not verify (snapshots before the failing record
    ///   are kept), `LedgerError` or file errors.
    public func writeSnapshots(every interval: Int, options: ProjectionOptions) throws -> [String] {
        precondition(interval > 0, "a snapshot interval is a positive number of records")
        var have: Set<Int> = []
        var usable: [Int: Snapshot] = [:]
        for path in snapshots() {
            guard let snapshot = try? readSnapshot(path, options: options) else { continue }
            have.insert(snapshot.recordCount)
            usable[snapshot.recordCount] = snapshot
        }
        var firstMissing = interval
        while have.contains(firstMissing) { firstMissing += interval }
        let start = usable.keys.filter { $0 < firstMissing }.max().flatMap { usable[$0] }
        if let written = try writeSeries(from: start, every: interval, skipping: have, options: options) { return written }
        // The start snapshot's head is not in this log (another history): every snapshot of the series is rewritten from genesis.
        return try writeSeries(from: nil, every: interval, skipping: [], options: options) ?? []
    }

    /// Replays from `start` to the end writing the series' missing snapshots; nil when `start` does not match the log.
    private func writeSeries(from start: Snapshot?, every interval: Int, skipping have: Set<Int>, options: ProjectionOptions) throws -> [String]? {
        var written: [String] = []
        var writeError: (any Error)?
        let replayed = try replay(from: start, cut: .end, options: options) { projector in
            let count = projector.recordCount
            guard count % interval == 0, !have.contains(count) else { return true }
            do {
                written.append(try writeSnapshot(projector).path)
                return true
            } catch {
                writeError = error
                return false
            }
        }
        if let writeError { throw writeError }
        return replayed == nil ? nil : written
    }
}
