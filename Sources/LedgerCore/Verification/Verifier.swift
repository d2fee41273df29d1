import Dispatch
import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outcome of verifying a whole ledger.
public struct VerificationReport: Sendable {
    /// How many records passed every check, from record 0 on.
    public let verifiedRecords: Int
    public let ledgerID: String?
    public let suite: Suite?
    /// The head after the last verified record.
    public let head: String
    /// The first record that failed, and why; nil when every record passed.
    public let failure: RecordError?
    /// A partial last line, if the log ends in one.
    public let tornTail: LogReader.TornTail?
    /// The record whose hash is the anchor the caller gave (a head from a receipt or checkpoint), if the
    /// verified chain contains it. A ledger that lost its anchor was truncated or rewritten.
    public let anchorSeq: Int?
    /// Whether `onRecord` stopped verification before the end of the log (``head`` is then the head
    /// of the records read, which may run past the last delivered one).
    public let stoppedEarly: Bool
    /// The state after the whole log (keys, tasks), when every record verified.
    public let state: ChainState?
    /// The byte offset just past the last record read, when every record verified (where a later
    /// verification resumes, see ``Verifier/ResumePoint``).
    public let endOffset: Int?

    /// Whether the whole log verified and ends cleanly.
    public var isValid: Bool { failure == nil && (tornTail == nil || stoppedEarly) && verifiedRecords > 0 }
}

/// Verifies a ledger the way an inspector would: every line, in order, nothing trusted.
///
/// For each record: canonical form and field types (``Record``), chain link, time, ledger id, statement
/// id uniqueness, key validity at that point and authority (``ChainState``), and the signature. The
/// signature checks, which dominate the cost, are batched and run on every core; the report still names
/// the first failing record, as if checked one by one.
public enum Verifier {
    /// A verified state to resume from: the ``ChainState`` after the records before `offset`, and the
    /// byte offset in the log where the next record's line starts. Whoever passes one vouches for it
    /// (an inspector keeps it under its own signature, FORMAT.md §12.9); the records after it get every
    /// check of FORMAT.md §6, and the first of them must link to the state's head.
    public struct ResumePoint: Sendable {
        public let state: ChainState
        public let offset: Int

        public init(state: ChainState, offset: Int) {
            self.state = state
            self.offset = offset
        }
    }

    /// Verifies the log of `ledger`.
    /// - Parameters:
    ///   - resume: start from this verified state instead of record 0.
    ///   - limit: stop after record `limit − 1` as if the log ended there (the report's state and
    ///     ``VerificationReport/endOffset`` are then those after that record).
    ///   - anchor: a record hash the chain must contain (from a receipt); see ``VerificationReport/anchorSeq``.
    ///   - signaturesFrom: records before this sequence number get every check but the two signature
    ///     checks (for a caller that already holds a verified snapshot of them).
    ///   - batchSize: records per batch of parallel signature checks. Two batches are held at a time (one
    ///     checked, one read), about 2 KB a record; 1,024 records keep every core busy for ~10 ms a batch
    ///     even on 64 cores while holding ~4 MB, where the statement ids of a million records take ~25 MB.
    ///   - onRecord: called with each record, in order, once it has passed every check; returning false
    ///     stops verification there (the report then says ``VerificationReport/stoppedEarly``).
    /// - Throws: `LedgerError.store` only for I/O failures; rule failures are in the report.
    public static func verify(
        _ ledger: Ledger, anchor: String? = nil, signaturesFrom: Int = 0, batchSize: Int = 1024, resume: ResumePoint? = nil,
        limit: Int? = nil, onRecord: ((Record) -> Bool)? = nil
    ) throws(LedgerError) -> VerificationReport {
        // A shared lock on the log keeps a concurrent appender's half-written batch from being mistaken
        // for a torn tail.
        let file: SystemFile
        do { file = try Ledger.lockedLog(ledger.logPath, flags: O_RDONLY, lock: LOCK_SH) } catch { throw .store(error) }

        var state = resume?.state ?? ChainState()
        var endOffset = resume?.offset ?? 0
        var reachedLimit = false
        var pending: [ChainState.SignatureCheck] = []
        // The head before each pending check, so a signature failure can report where the good part ends.
        var pendingPrev: [String] = []
        // Records waiting for their batch's signatures before they go to `onRecord`.
        var pendingRecords: [Record] = []
        var failure: RecordError?
        var failedPrev: String?
        var sequentialFailure: RecordError?
        var anchorSeq: Int?
        var delivered = 0
        var stopped = false

        // Signature checks of one batch run on the worker threads while this thread parses the next
        // batch; outcomes are settled in log order, so the first failure is still the first record's.
        var inflight: SignatureBatch?

        func settle(_ batch: SignatureBatch) {
            batch.group.wait()
            if let bad = batch.outcome.failure {
                failure = bad
                failedPrev = batch.checks.firstIndex(where: { $0.seq == bad.seq }).map { batch.prevs[$0] }
            } else if let onRecord {
                for record in batch.records where !stopped {
                    if onRecord(record) { delivered += 1 } else { stopped = true }
                }
            }
        }

        func flush(waiting: Bool) {
            if let previous = inflight {
                inflight = nil
                settle(previous)
                if failure != nil || stopped { return }
            }
            guard !pending.isEmpty || !pendingRecords.isEmpty else { return }
            let batch = SignatureBatch(checks: pending, prevs: pendingPrev, records: pendingRecords)
            pending.removeAll(keepingCapacity: true)
            pendingPrev.removeAll(keepingCapacity: true)
            pendingRecords.removeAll(keepingCapacity: true)
            batch.start()
            if waiting { settle(batch) } else { inflight = batch }
        }

        let tail: LogReader.TornTail?
        do {
            // Bytes of a batch a crash interrupted are a torn tail from the batch's start (FORMAT.md §3.5).
            let end = try Ledger.interruptedBatchStart(directory: ledger.directory, file: file)
            tail = try LogReader(file: file, end: end).forEachLine(from: resume?.offset ?? 0) { (line, at) throws(RecordError) in
                if let limit, state.nextSeq >= limit {
                    reachedLimit = true
                    throw RecordError(.malformed, "the limit of \(limit) records is reached")
                }
                let record = try Record(line: line, expectedSeq: state.nextSeq)
                let prev = state.head
                let checks = try state.apply(record)
                endOffset = at + line.count + 1
                if record.seq >= signaturesFrom {
                    pending.append(checks.statement)
                    pending.append(checks.seal)
                    pendingPrev.append(prev)
                    pendingPrev.append(prev)
                }
                if onRecord != nil { pendingRecords.append(record) }
                if let anchor, state.head == anchor { anchorSeq = record.seq }
                if pending.count >= 2 * batchSize || pendingRecords.count >= batchSize {
                    flush(waiting: false)
                    if let failure { throw failure }
                    if stopped { throw RecordError(.malformed, "stopped by the caller") }
                }
            }
        } catch let error as RecordError {
            if failure == nil && !stopped && !reachedLimit {
                sequentialFailure = error
                failedPrev = state.head
            }
            tail = nil
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        if failure == nil && !stopped { flush(waiting: true) }
        // A signature failure in the batch comes before the sequential failure that stopped the read.
        let first = failure ?? sequentialFailure
        let count = first?.seq ?? (stopped ? delivered : state.nextSeq)
        return VerificationReport(
            verifiedRecords: count, ledgerID: state.ledgerID, suite: state.suite,
            head: first == nil ? state.head : (failedPrev ?? Record.zeroHash), failure: first,
            tornTail: first == nil && !stopped ? tail : nil, anchorSeq: anchorSeq.flatMap { $0 < (first?.seq ?? Int.max) ? $0 : nil },
            stoppedEarly: stopped, state: first == nil && !stopped ? state : nil, endOffset: first == nil && !stopped ? endOffset : nil)
    }

    /// One batch of signature checks, verified off the parsing thread.
    final class SignatureBatch: @unchecked Sendable {
        /// Written once by the worker before `group` is left; read only after waiting on `group`.
        final class Outcome: @unchecked Sendable { var failure: RecordError? }

        let checks: [ChainState.SignatureCheck]
        let prevs: [String]
        let records: [Record]
        let group = DispatchGroup()
        let outcome = Outcome()

        init(checks: [ChainState.SignatureCheck], prevs: [String], records: [Record]) {
            self.checks = checks
            self.prevs = prevs
            self.records = records
        }

        func start() {
            group.enter()
            let checks = self.checks, outcome = self.outcome, group = self.group
            DispatchQueue.global().async {
                outcome.failure = checks.isEmpty ? nil : Verifier.firstFailure(checks)
                group.leave()
            }
        }
    }

    /// The lowest-numbered failing check, running the checks across all cores.
    static func firstFailure(_ checks: [ChainState.SignatureCheck]) -> RecordError? {
        let workers = max(1, min(ProcessInfoCores.count, checks.count / 64))
        let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
        defer { results.deallocate() }
        results.initialize(repeating: Int.max)
        let chunk = (checks.count + workers - 1) / workers
        nonisolated(unsafe) let out = results
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(checks.count, (worker + 1) * chunk)
            for index in range where !checks[index].isValid {
                out[worker] = index
                return
            }
        }
        guard let index = results.filter({ $0 != Int.max }).min() else { return nil }
        do {
            try checks[index].run()
            return nil
        } catch {
            return error
        }
    }
}

enum ProcessInfoCores {
    static let count: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }()
}
