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
    ///   - batchSize: records per batch of signature checks, each batch checked whole on one core. Up to
    ///     2 × cores + 1 batches are held at a time, about 2 KB a record: 256 records keep a core busy for
    ///     ~30 ms (Ed25519) and hold ~2.5 MB on two cores, where the statement ids of a million records take
    ///     ~25 MB.
    ///   - onRecord: called with each record, in order, once it has passed every check; returning false
    ///     stops verification there (the report then says ``VerificationReport/stoppedEarly``).
    /// - Throws: `LedgerError.store` only for I/O failures; rule failures are in the report.
    public static func verify(
        _ ledger: Ledger, anchor: String? = nil, signaturesFrom: Int = 0, batchSize: Int = 256, resume: ResumePoint? = nil,
        limit: Int? = nil, onRecord: ((Record) -> Bool)? = nil
    ) throws(LedgerError) -> VerificationReport {
        // A shared lock on the log keeps a concurrent appender's half-written batch from being mistaken
        // for a torn tail.
        let file: SystemFile
        do { file = try Ledger.lockedLog(ledger.logPath, flags: O_RDONLY, lock: LOCK_SH) } catch { throw .store(error) }

        var state = resume?.state ?? ChainState()
        var endOffset = resume?.offset ?? 0
        var reachedLimit = false
        let batchSize = max(1, batchSize)
        // The batch this thread is filling; the pipeline checks submitted ones on the other cores.
        var batch = SignatureBatch(capacity: batchSize)
        let pipeline = SignaturePipeline()
        var failure: RecordError?
        var failedPrev: String?
        var sequentialFailure: RecordError?
        var anchorSeq: Int?
        var delivered = 0
        var stopped = false

        /// Takes a checked batch's outcome: its first failure, or its records for `onRecord`.
        func settle(_ batch: SignatureBatch) {
            if let (error, prev) = batch.failure {
                failure = error
                failedPrev = prev
            } else if let onRecord {
                for record in batch.records where !stopped {
                    if onRecord(record) { delivered += 1 } else { stopped = true }
                }
            }
        }

        /// Settles the batches that are done, in order (all of them if `waiting`), up to the first failure.
        func settleReady(waiting: Bool) {
            while failure == nil && !stopped, let done = pipeline.next(waiting: waiting) { settle(done) }
        }

        func submit() {
            guard !batch.isEmpty else { return }
            pipeline.submit(batch)
            batch = SignatureBatch(capacity: batchSize)
            settleReady(waiting: false)
            // Hold at most `limit` batches: wait for the oldest when the workers are behind.
            while failure == nil && !stopped && pipeline.pending.count >= pipeline.limit, let oldest = pipeline.next(waiting: true) {
                settle(oldest)
            }
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
                    batch.checks.append(checks.statement)
                    batch.checks.append(checks.seal)
                    batch.prevs.append(prev)
                    batch.prevs.append(prev)
                }
                if onRecord != nil { batch.records.append(record) }
                if let anchor, state.head == anchor { anchorSeq = record.seq }
                if batch.checks.count >= 2 * batchSize || batch.records.count >= batchSize {
                    submit()
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
            pipeline.cancel()
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        // The records read before the end (or before a failure) are all in submitted batches; settle them
        // in order. A signature failure there comes before the sequential failure that stopped the read.
        if failure == nil && !stopped {
            pipeline.submit(batch)
            settleReady(waiting: true)
        }
        pipeline.cancel()
        let first = failure ?? sequentialFailure
        let count = first?.seq ?? (stopped ? delivered : state.nextSeq)
        return VerificationReport(
            verifiedRecords: count, ledgerID: state.ledgerID, suite: state.suite,
            head: first == nil ? state.head : (failedPrev ?? Record.zeroHash), failure: first,
            tornTail: first == nil && !stopped ? tail : nil, anchorSeq: anchorSeq.flatMap { $0 < (first?.seq ?? Int.max) ? $0 : nil },
            stoppedEarly: stopped, state: first == nil && !stopped ? state : nil, endOffset: first == nil && !stopped ? endOffset : nil)
    }
}
