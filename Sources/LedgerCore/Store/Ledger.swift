import Dispatch
import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the ledger hands back for each accepted statement: proof of where it landed.
public struct Receipt: Sendable, Hashable {
    public let seq: Int
    public let statementID: String
    /// The hash of the new record.
    public let recordHash: String
    /// The ledger's head after this record (equal to ``recordHash``; kept separate for batches).
    public let head: String
    public let accepted: Timestamp
}

/// Anything that can go wrong opening, reading or appending to a ledger directory.
public enum LedgerError: Error, Sendable, CustomStringConvertible {
    /// A record or statement broke a rule.
    case record(RecordError)
    /// A system call failed.
    case store(StoreError)
    /// The directory is not a ledger, or already is one.
    case notALedger(String)
    case alreadyExists(String)
    /// The log ends in a partial line; nothing is appended until it is recovered.
    case tornTail(LogReader.TornTail, afterSeq: Int)

    public var description: String {
        switch self {
        case .record(let e): e.description
        case .store(let e): e.description
        case .notALedger(let path): "\(path) is not a ledger directory (no \(Ledger.logFileName))"
        case .alreadyExists(let path): "\(path) already holds a ledger"
        case .tornTail(let tail, let seq):
            "the log ends in a partial line of \(tail.length) bytes at byte \(tail.offset), after record \(seq): an append was interrupted; run `ledger recover` to move it aside"
        }
    }
}

extension Ledger {
    /// The most statements one batch may append (FORMAT.md §2.4: an appender's limit, not a format
    /// rule): a batch is one write and one intent, and a bound keeps a mistaken file from holding the
    /// lock for minutes.
    public static let maxBatchStatements = 10_000
    /// The most bytes of records one batch may write.
    public static let maxBatchBytes = 64 << 20
}

/// Rules beyond the format's, applied at append time (the projector's transition rules are one).
public protocol AdmissionPolicy {
    /// Sees a record already in the log, in order, before any candidate.
    mutating func observe(_ record: Record)
    /// Judges a candidate record that passed the format's rules; when it passes, the policy also takes
    /// it into account for the candidates after it.
    mutating func admit(_ record: Record) throws(RecordError)
    /// The policy's state after the records it has seen, for the admission cache; nil when it cannot be
    /// cached (the appender then replays the log every time).
    func cacheRepresentation(suite: Suite, head: String, recordCount: Int) -> [UInt8]?
    /// Restores the state ``cacheRepresentation(suite:head:recordCount:)`` wrote after `recordCount`
    /// records ending at `head`; false when the bytes do not describe exactly that.
    mutating func restore(cacheRepresentation: [UInt8], suite: Suite, head: String, recordCount: Int) -> Bool
}

extension AdmissionPolicy {
    public func cacheRepresentation(suite: Suite, head: String, recordCount: Int) -> [UInt8]? { nil }
    public mutating func restore(cacheRepresentation: [UInt8], suite: Suite, head: String, recordCount: Int) -> Bool { false }
}

/// A ledger's append-only log (`log.jsonl`) and the files that keep appending to it safe.
///
/// Appends take an exclusive `flock` on the log itself (a regular file, never opened through a link,
/// checked to be still the file at its path), learn the head from the admission cache or the log, check
/// every candidate record with the same parser and ``ChainState`` that verification uses, sync an
/// intent (`pending-append`), write all lines with one `pwrite` and return receipts only after `fsync`.
/// A failed write is truncated away, so refused input leaves the log byte-identical; a crash leaves the
/// whole batch or a torn tail that `recoverTornTail()` moves aside.
public struct Ledger: Sendable {
    public static let logFileName = "log.jsonl"

    public let directory: String
    public var logPath: String { directory + "/" + Ledger.logFileName }

    /// Opens the log (a regular file, not through a link) and takes the `flock` `lock` on it, then checks the path
    /// still names the file it locked (another process may have replaced it meanwhile).
    static func lockedLog(_ path: String, flags: Int32, lock: Int32) throws(StoreError) -> SystemFile {
        let file = try SystemFile.regular(path: path, flags: flags)
        try file.lock(lock)
        try file.checkStillAtPath()
        return file
    }

    /// Opens an existing ledger directory (no I/O beyond checking the log exists).
    /// - Throws: `LedgerError.notALedger` when there is no log.
    public init(directory: String) throws(LedgerError) {
        self.directory = directory
        guard access(logPath, F_OK) == 0 else { throw .notALedger(directory) }
    }

    /// Creates a new ledger whose record 0 is `genesis`, accepted at `accepted` and sealed by `operatorKey`
    /// (the key the genesis statement names).
    ///
    /// The log is written to a temporary name, synced and renamed, so a crash leaves either no ledger
    /// or a complete one.
    /// - Throws: `LedgerError.alreadyExists`, `.record` if the statement is not a valid genesis, `.store`.
    @discardableResult
    public static func create(
        directory: String, genesis: SignedStatement, operatorKey: SigningKey, accepted: Timestamp
    ) throws(LedgerError) -> (Ledger, Receipt) {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw .store(StoreError(operation: "mkdir", path: directory, errno: errno))
        }
        let logPath = directory + "/" + logFileName
        if access(logPath, F_OK) == 0 { throw .alreadyExists(directory) }
        try checkNotInFuture(accepted, seq: 0)
        var state = ChainState()
        let record: Record
        do {
            record = try Record(seq: 0, prev: Record.zeroHash, accepted: accepted, signed: genesis, sealer: operatorKey)
        } catch {
            throw .record(RecordError(.badSignature, field: "seal", seq: 0, "cannot seal: \(error.reason)"))
        }
        do {
            try state.apply(record).run()
        } catch {
            throw .record(error)
        }
        do {
            // A temporary name of this creator's own, then link(2), which fails when the log exists: of
            // two creators at once exactly one wins, and nobody's acknowledged genesis is overwritten.
            let temporary = logPath + ".new-\(getpid())-\(Identifier.newStatementID().prefix(8))"
            let file = try SystemFile(path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
            defer { unlink(temporary) }
            try file.write(record.line + [0x0A], at: 0)
            try file.sync()
            if link(temporary, logPath) != 0 {
                if errno == EEXIST { throw LedgerError.alreadyExists(directory) }
                throw StoreError(operation: "link", path: logPath, errno: errno)
            }
            try SystemFile.syncDirectory(directory)
        } catch let error as LedgerError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        let ledger = try Ledger(directory: directory)
        let hash = record.hash(genesis.statement.event.genesisSuite!)
        return (ledger, Receipt(seq: 0, statementID: genesis.statement.id, recordHash: hash, head: hash, accepted: accepted))
    }

    /// The ledger id and genesis body from record 0 (parsed, not verified).
    /// - Throws: `LedgerError.record` when record 0 is missing or not a genesis record.
    public func genesis() throws(LedgerError) -> (ledgerID: String, genesis: Genesis) {
        let file: SystemFile
        do { file = try SystemFile.regular(path: logPath, flags: O_RDONLY) } catch { throw .store(error) }
        let first: [UInt8]
        do {
            guard let line = try LogReader(file: file).firstLine() else {
                throw LedgerError.record(RecordError(.malformed, seq: 0, "the log has no complete record"))
            }
            first = line
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .store(error as! StoreError)
        }
        do throws(RecordError) {
            let record = try Record(line: first, expectedSeq: 0)
            guard case .genesis(let g) = record.signed.statement.event else {
                throw RecordError(.malformed, field: "statement.type", seq: 0, "record 0 is not a genesis record")
            }
            return (record.signed.statement.ledger, g)
        } catch {
            throw .record(error)
        }
    }

    /// Reads the log from the start, calling `body` with each record (parsed, canonical, chained and
    /// authorised; signatures are checked only when `verifySignatures` is set).
    ///
    /// - Returns: the state after the last complete record, and the torn tail if there is one.
    /// - Throws: `LedgerError.record` at the first record that breaks a rule; `.store` for I/O.
    @discardableResult
    public func replay(
        verifySignatures: Bool, _ body: (Record, ChainState) throws(LedgerError) -> Void = { _, _ in }
    ) throws(LedgerError) -> (ChainState, LogReader.TornTail?) {
        let (file, end) = try openForReading()
        return try Ledger.fold(file: file, end: end, verifySignatures: verifySignatures, body)
    }

    /// Folds the lines of the log from byte `offset` (a line start) into `state`, which must be the state
    /// after the records before it.
    static func fold(
        file: SystemFile, from offset: Int = 0, end: Int?, state start: ChainState = ChainState(), verifySignatures: Bool,
        _ body: (Record, ChainState) throws(LedgerError) -> Void
    ) throws(LedgerError) -> (ChainState, LogReader.TornTail?) {
        var state = start
        let tail: LogReader.TornTail?
        do {
            // The state is reached through a pointer, so `body` borrows it instead of getting a copy of
            // every table in it for every record.
            tail = try withUnsafeMutablePointer(to: &state) { state in
                try LogReader(file: file, end: end).forEachLine(from: offset) { (line, _) throws(LedgerError) in
                    let record: Record
                    do throws(RecordError) {
                        record = try Record(line: line, expectedSeq: state.pointee.nextSeq)
                        if verifySignatures {
                            try state.pointee.apply(record).run()
                        } else {
                            _ = try state.pointee.applyWithoutChecks(record)
                        }
                    } catch {
                        throw .record(error)
                    }
                    try body(record, state.pointee)
                }
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        return (state, tail)
    }

    /// Appends signed statements as one batch: all are accepted, or none.
    ///
    /// - Parameters:
    ///   - statements: the statements, in the order they should be chained.
    ///   - sealer: an active operator key; it seals each record (vouching for its position and time).
    ///   - accepted: the acceptance time to record; the system clock when nil. It may not precede the head.
    ///   - policy: a further rule set (e.g. the projector's transition rules): it observes every record
    ///     already in the log, then judges each candidate after the format's own rules; a refusal
    ///     refuses the whole batch.
    /// - Returns: one receipt per statement, after the lines are durable.
    /// - Throws: `LedgerError`; the log is byte-identical afterwards.
    @discardableResult
    public func append(
        _ statements: [SignedStatement], sealer: SigningKey, accepted: Timestamp? = nil,
        policy: (any AdmissionPolicy)? = nil
    ) throws(LedgerError) -> [Receipt] {
        let appender = try Appender(ledger: self, sealer: sealer, policy: policy)
        return try appender.append(statements, accepted: accepted)
    }

    /// Holds the append lock across many batches, so a long import reads the log once.
    ///
    /// Opening an appender costs what the admission cache (``AdmissionCache``, `cache/` in the ledger
    /// directory) saves: it starts from the cache when the cache is signed by `sealer` and bound to the
    /// log's last record, and replays the log (then rewrites the cache) otherwise; ``start`` says which.
    /// Each ``append(_:accepted:)`` is all-or-nothing and durable on return: every candidate record is
    /// built, then parsed back from its exact bytes and checked by the verifier's own ``ChainState``,
    /// signature and seal included, before anything is written. The lock is released when the appender
    /// is released; until then ``Verifier/verify(_:anchor:signaturesFrom:batchSize:onRecord:)`` of the
    /// same ledger waits for it, in this process too (release the appender before verifying).
    public final class Appender {
        /// Where an appender's knowledge of the log came from.
        public enum Start: Sendable, Equatable {
            /// The admission cache, plus this many records appended after it was written.
            case cache(tail: Int)
            /// A replay of the whole log, because the cache could not be used.
            case replay(CacheProblem)
        }

        /// The log, opened and locked (`flock(LOCK_EX)` on the log itself, which cannot be swapped out from
        /// under the lock as a separate lock file could).
        private let file: SystemFile
        private let directory: String
        private let sealer: SigningKey
        private var state: ChainState
        private var policy: (any AdmissionPolicy)?
        /// The policy as given, before it saw any record: what a replay starts from.
        private let initialPolicy: (any AdmissionPolicy)?
        private var end: Int
        /// The acknowledged end of the log when an interrupted batch is pending (the folds then report the
        /// rest as a torn tail and refuse to append).
        private let interruptedAt: Int?
        private var cache: AdmissionCache
        private var buckets: [AdmissionCache.Bucket] = []
        /// Ids in the log but not yet in the cache's buckets (all of them after a replay).
        private var unindexed: [StatementKey] = []
        private var rebuildCache: Bool
        private let cacheEnabled: Bool
        /// How this appender learnt the log's state.
        public private(set) var start: Start
        /// A batch a crash interrupted after it was completely written (so it is kept, whole): the seqs of
        /// its records. Whether its receipts reached anyone is unknown; nothing of it is lost or partial.
        public private(set) var keptInterruptedBatch: Range<Int>?
        /// Why the cache could not be written the last time, if it could not (the appends themselves
        /// succeeded; the next appender replays).
        public private(set) var cacheWriteFailure: String?

        /// Takes the exclusive lock and learns the log's state, from the admission cache or a replay.
        /// - Parameters:
        ///   - sealer: the operator key that seals every record this appender writes (and signs its cache).
        ///   - useCache: false to replay the log whatever the cache holds.
        /// - Throws: `LedgerError.tornTail` when the log ends in a partial line; `.record` when it does not
        ///   pass the format's rules, signatures included (the cache it writes vouches for every record it covers).
        public init(ledger: Ledger, sealer: SigningKey, policy: (any AdmissionPolicy)? = nil, useCache: Bool = true) throws(LedgerError) {
            self.policy = policy
            initialPolicy = policy
            self.sealer = sealer
            cacheEnabled = useCache
            do {
                file = try Ledger.lockedLog(ledger.logPath, flags: O_RDWR, lock: LOCK_EX)
            } catch {
                throw .store(error)
            }
            directory = ledger.directory
            // An intent left by a crash: a whole batch stays (and is reported); a partial one is a torn
            // tail from its start, which the folds below report as such.
            let interruptedAt: Int?
            do {
                interruptedAt = try Ledger.interruptedBatchStart(directory: directory, file: file)
                if interruptedAt == nil, let pending = PendingAppend.read(directory: directory), try pending.isComplete(in: file) {
                    keptInterruptedBatch = pending.firstSeq..<(pending.firstSeq + pending.records)
                    PendingAppend.remove(directory: directory)
                }
            } catch {
                throw .store(error)
            }
            self.interruptedAt = interruptedAt
            cache = AdmissionCache(ledgerDirectory: ledger.directory, suite: sealer.suite)
            // The head is whatever the log says now, under the lock: two appenders can never both chain onto it.
            var problem = CacheProblem.notUsed
            if useCache {
                switch try Self.resume(file: file, end: interruptedAt, cache: &cache, sealer: sealer, policy: policy) {
                case .success(let resumed):
                    state = resumed.state
                    self.policy = resumed.policy
                    buckets = resumed.buckets
                    unindexed = resumed.unindexed
                    end = resumed.end
                    rebuildCache = false
                    start = .cache(tail: resumed.unindexed.count)
                    dirty = !unindexed.isEmpty
                    return
                case .failure(let why):
                    problem = why
                }
            }
            state = ChainState()
            end = 0
            start = .replay(problem)
            rebuildCache = true
            try replayLog(because: problem)
        }

        /// Folds the whole log, signatures checked, into a fresh state and policy.
        private static func replay(
            file: SystemFile, end: Int?, policy: (any AdmissionPolicy)?
        ) throws(LedgerError) -> (state: ChainState, policy: (any AdmissionPolicy)?, end: Int) {
            var observer = policy
            // Signatures too: the cache written after this vouches that its records passed every check of
            // FORMAT.md §6 (`ledger state` trusts it for the records between the newest snapshot and it).
            let (replayed, torn) = try Ledger.fold(file: file, end: end, verifySignatures: true) { record, _ throws(LedgerError) in
                observer?.observe(record)
            }
            if let torn { throw LedgerError.tornTail(torn, afterSeq: replayed.nextSeq - 1) }
            let end: Int
            do { end = try file.size() } catch { throw .store(error) }
            return (replayed, observer, end)
        }

        /// Learns the log by reading all of it (when opening without a usable cache, or when the cache
        /// turns out damaged mid-session); the cache is then rewritten from scratch.
        private func replayLog(because problem: CacheProblem) throws(LedgerError) {
            let replayed = try Self.replay(file: file, end: interruptedAt, policy: initialPolicy)
            state = replayed.state
            policy = replayed.policy
            end = replayed.end
            start = .replay(problem)
            rebuildCache = true
            unindexed = Array(replayed.state.statementIDs)
            dirty = cacheEnabled && replayed.state.genesis != nil
        }

        private struct Resumed {
            var state: ChainState
            var policy: (any AdmissionPolicy)?
            var buckets: [AdmissionCache.Bucket]
            var unindexed: [StatementKey]
            var end: Int
        }

        /// The state from the cache, checked against the log, with any records after it folded in.
        private static func resume(
            file: SystemFile, end interruptedAt: Int?, cache: inout AdmissionCache, sealer: SigningKey, policy: (any AdmissionPolicy)?
        ) throws(LedgerError) -> Result<Resumed, CacheProblem> {
            let contents: AdmissionCache.Contents
            switch cache.read(sealer: sealer) {
            case .success(let c): contents = c
            case .failure(let problem): return .failure(problem)
            }
            let suite = sealer.suite
            let sealerID = sealer.publicKey.keyID(in: suite)
            let last: [UInt8]?
            let size: Int
            do {
                size = try file.size()
                last = contents.logLength <= size ? try LogReader(file: file).line(endingAt: contents.logLength) : nil
            } catch {
                throw .store(error)
            }
            if let problem = AdmissionCache.binding(of: contents, last: last, key: sealer.publicKey, keyID: sealerID, suite: suite) {
                return .failure(problem)
            }
            var policy = policy
            if policy != nil {
                guard let bytes = contents.policy,
                    policy!.restore(cacheRepresentation: bytes, suite: suite, head: contents.head, recordCount: contents.records)
                else { return .failure(.otherPolicy) }
            }
            // Records appended after the cache was written: fold them as a replay would.
            var tailIDs: [StatementKey] = []
            let (state, torn) = try Ledger.fold(
                file: file, from: contents.logLength, end: interruptedAt, state: contents.chain, verifySignatures: true
            ) {
                record, _ throws(LedgerError) in
                policy?.observe(record)
                if let id = StatementKey(record.signed.statement.id) { tailIDs.append(id) }
            }
            if let torn { throw LedgerError.tornTail(torn, afterSeq: state.nextSeq - 1) }
            // A tail record that repeats an id already in the buckets would make the log invalid; the
            // replay would refuse it, so the cache must not hide it.
            for id in tailIDs {
                do {
                    if try cache.contains(id, buckets: contents.buckets) { return .failure(.notThisLog("a record after the cache repeats a statement id")) }
                } catch {
                    return .failure(error)
                }
            }
            let end: Int
            do { end = try file.size() } catch { throw .store(error) }
            return .success(Resumed(state: state, policy: policy, buckets: contents.buckets, unindexed: tailIDs, end: end))
        }

        /// The chain state after the last appended record.
        public var chainState: ChainState { state }

        /// Whether ``suspend()`` released the lock (and ``resume()`` has not taken it back).
        public private(set) var isSuspended = false

        /// Releases the lock while keeping what this appender knows of the log, so that a long-lived
        /// writer (the server between rounds) lets `ledger verify` and local reads in without paying a
        /// cache read, a replay or a cache write per round. Call ``resume()`` before the next append.
        public func suspend() throws(LedgerError) {
            guard !isSuspended else { return }
            do { try file.lock(LOCK_UN) } catch { throw .store(error) }
            isSuspended = true
        }

        /// Takes the lock back after ``suspend()`` and checks the log is exactly as this appender left it:
        /// the same file at the path, the same length, no `pending-append`, and its last line the record
        /// whose hash is the head. Otherwise someone else wrote (another appender, `ledger recover`) and
        /// this appender's knowledge is stale: it returns false, will not write its cache, and must be
        /// released, and a new appender opened, which learns the log as any appender does.
        /// - Throws: `LedgerError.store` when the lock cannot be taken.
        public func resume() throws(LedgerError) -> Bool {
            guard isSuspended else { return !isStale }
            do { try file.lock(LOCK_EX) } catch { throw .store(error) }
            isSuspended = false
            let unchanged: Bool
            do {
                try file.checkStillAtPath()
                if try file.size() != end || access(directory + "/" + PendingAppend.fileName, F_OK) == 0 {
                    unchanged = false
                } else if let suite = state.suite, let line = try LogReader(file: file).line(endingAt: end) {
                    // A record's hash is the hash of its line's bytes: a last line hashing to the head is
                    // the record this appender wrote, byte for byte, with no need to parse it again.
                    unchanged = FormatRule.same(Record.hash(line: line, suite: suite), state.head)
                } else {
                    unchanged = false
                }
            } catch {
                unchanged = false
            }
            if !unchanged {
                isStale = true
                dirty = false
            }
            return unchanged
        }

        /// Set when ``resume()`` found the log changed by someone else; every append then throws.
        private var isStale = false

        /// Appends one batch; see ``Ledger/append(_:sealer:accepted:policy:)``.
        @discardableResult
        public func append(_ statements: [SignedStatement], accepted: Timestamp? = nil) throws(LedgerError) -> [Receipt] {
            try Self.checkBatchSize(statements.count)
            return try appendEach([statements], accepted: accepted)[0].get()
        }

        /// Appends several independent batches, each all or nothing, with one intent, one write and one
        /// sync: submissions that arrive together share the disk's flush (a server's group commit).
        ///
        /// Each batch is judged after the ones before it that were accepted, exactly as consecutive
        /// ``append(_:accepted:)`` calls would judge them; a refused batch is left out and the others go
        /// ahead. All accepted records carry the same acceptance time. Nothing is acknowledged before the
        /// sync: a crash leaves the whole group or a torn tail from its start, as for one batch.
        /// - Returns: per batch, its receipts (durable) or why it was refused.
        /// - Throws: `LedgerError` when nothing could be appended at all (the clock, a failed write); the
        ///   log is then byte-identical.
        /// - Parameter verified: statement signatures the caller already checked (``VerifiedStatements``);
        ///   a record whose statement check is exactly one of them does not run it again.
        public func appendEach(
            _ batches: [[SignedStatement]], accepted: Timestamp? = nil, verified: VerifiedStatements = VerifiedStatements()
        ) throws(LedgerError) -> [Result<[Receipt], LedgerError>] {
            guard !isSuspended, !isStale else {
                throw .store(
                    StoreError(
                        operation: "append", path: directory + "/" + Ledger.logFileName, errno: ENOLCK,
                        reason: isStale ? "the log was changed by another writer; open a new appender" : "the appender is suspended; resume it first"))
            }
            let time = accepted ?? Timestamp.now()
            try Ledger.checkNotInFuture(time, seq: state.nextSeq)
            if let last = state.lastAccepted, time < last {
                throw LedgerError.record(
                    RecordError(
                        .timeWentBackwards, field: "accepted", seq: state.nextSeq,
                        "acceptance time \(time) would be earlier than record \(state.nextSeq - 1)'s \(last); check the system clock"))
            }
            // Ids already in the log that the batches repeat: ask the cache's buckets (a replayed state
            // holds every id itself). A bucket that does not match its digest costs a replay, not a refusal.
            var known: [StatementKey] = []
            if case .cache = start {
                do {
                    for signed in batches.joined() {
                        if let id = StatementKey(signed.statement.id), try cache.contains(id, buckets: buckets) { known.append(id) }
                    }
                } catch {
                    try replayLog(because: error)
                    known = []
                }
            }
            // Build and judge every batch with its signature checks set aside, then run those checks on
            // all cores at once (they change no state); if any fails, judge the round again one check at
            // a time, which is the rule itself, so the outcome is exactly that of the serial appender.
            var round = stageRound(batches, time: time, known: known, deferringSignatures: true, verified: verified)
            if round.judgeSerially || Self.anySignatureFails(round.deferred ?? []) {
                round = stageRound(batches, time: time, known: known, deferringSignatures: false, verified: VerifiedStatements())
            }
            let bytes = round.bytes
            guard !bytes.isEmpty else { return round.results }
            do {
                try file.checkStillAtPath()
                // A batch of several records needs the intent, synced first: a crash in the middle of the
                // write then leaves a torn tail from its start, never the first records of a batch nobody
                // acknowledged (FORMAT.md §3.5). A round of one-record batches does not: whatever prefix of
                // the write a crash keeps is whole batches and at most one partial line, which §3.4 alone
                // makes a torn tail. That saves a sync and a signature on every single-record round.
                let intent = round.largestBatch > 1
                if intent {
                    try PendingAppend(start: end, firstSeq: state.nextSeq, records: round.records, bytes: bytes, sealer: sealer)
                        .write(directory: directory, sealer: sealer)
                }
                try file.write(bytes, at: end)
                try file.syncData()
                if intent { PendingAppend.remove(directory: directory) }
            } catch {
                // Leave the log as it was: a half-written batch must not become history.
                try? file.truncate(to: end)
                try? file.sync()
                throw .store(error)
            }
            let (candidate, candidatePolicy, ids, results) = (round.candidate, round.policy, round.ids, round.results)
            end += bytes.count
            state = candidate
            policy = candidatePolicy
            unindexed += ids
            dirty = true
            // The cache may lag the log (a later appender folds the difference from the log), so a long
            // session writes it now and then and when it ends, not after every batch.
            if unindexed.count >= Appender.cacheInterval { persistCache() }
            return results
        }

        /// One round of batches built on the appender's state: the bytes to write, the state after the
        /// accepted batches, and per batch its receipts or refusal.
        private struct StagedRound {
            var candidate: ChainState
            var policy: (any AdmissionPolicy)?
            var bytes: [UInt8] = []
            var ids: [StatementKey] = []
            var records = 0
            /// The most records an accepted batch of the round has.
            var largestBatch = 0
            var results: [Result<[Receipt], LedgerError>] = []
            /// The signature checks set aside (nil when they were run as each record was judged).
            var deferred: [ChainState.SignatureCheck]?
            /// A refused batch's set-aside signature failed: the refusal must be judged serially.
            var judgeSerially = false
        }

        /// Judges each batch after the accepted ones before it, as consecutive appends would.
        private func stageRound(
            _ batches: [[SignedStatement]], time: Timestamp, known: [StatementKey], deferringSignatures: Bool, verified: VerifiedStatements
        ) -> StagedRound {
            var round = StagedRound(candidate: state, policy: policy, deferred: deferringSignatures ? [] : nil)
            for id in known { round.candidate.noteStatementInLog(id) }
            for statements in batches {
                let before = (state: round.candidate, policy: round.policy, checks: round.deferred?.count ?? 0)
                switch stage(statements, time: time, candidate: &round.candidate, policy: &round.policy, deferred: &round.deferred, verified: verified) {
                case .success(let staged):
                    round.bytes += staged.bytes
                    round.ids += staged.ids
                    round.records += statements.count
                    round.largestBatch = max(round.largestBatch, statements.count)
                    let head = round.candidate.head
                    round.results.append(
                        .success(
                            staged.receipts.map {
                                Receipt(seq: $0.seq, statementID: $0.statementID, recordHash: $0.recordHash, head: head, accepted: $0.accepted)
                            }))
                case .failure(let refusal):
                    (round.candidate, round.policy) = (before.state, before.policy)
                    if round.deferred != nil {
                        // The serial appender runs a record's signatures before the policy: if one of
                        // these fails, the refusal must name it, so the round is judged serially.
                        if round.deferred![before.checks...].contains(where: { !$0.isValid }) { round.judgeSerially = true }
                        round.deferred!.removeSubrange(before.checks...)
                    }
                    round.results.append(.failure(refusal))
                }
            }
            return round
        }

        /// Whether any of `checks` fails, running them on every core when there are enough of them (a
        /// round's statement signatures and seals are independent of each other once the records are built).
        ///
        /// A few checks run on the calling thread: handing half of them to another core costs a thread
        /// wake-up and a context switch each way, more CPU than an Ed25519 check, and a server round at a
        /// handful of submitters has a handful of seals.
        static func anySignatureFails(_ checks: [ChainState.SignatureCheck]) -> Bool {
            let workers = checks.count < parallelChecks ? 1 : max(1, min(ProcessInfoCores.count, checks.count))
            if workers == 1 { return checks.contains { !$0.isValid } }
            let failed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: workers)
            defer { failed.deallocate() }
            failed.initialize(repeating: false)
            let chunk = (checks.count + workers - 1) / workers
            nonisolated(unsafe) let out = failed
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let range = (worker * chunk)..<min(checks.count, (worker + 1) * chunk)
                if !range.isEmpty { out[worker] = checks[range].contains { !$0.isValid } }
            }
            return failed.contains(true)
        }

        /// A batch's records built on `candidate` and checked by the verifier's own rules, both
        /// signatures included (run here, or appended to `deferred` for the caller to run before it
        /// writes), so nothing is written that verification would reject.
        private func stage(
            _ statements: [SignedStatement], time: Timestamp, candidate: inout ChainState, policy candidatePolicy: inout (any AdmissionPolicy)?,
            deferred: inout [ChainState.SignatureCheck]?, verified: VerifiedStatements
        ) -> Result<(bytes: [UInt8], receipts: [Receipt], ids: [StatementKey]), LedgerError> {
            do {
                try Self.checkBatchSize(statements.count)
            } catch {
                return .failure(error)
            }
            var bytes: [UInt8] = []
            var receipts: [Receipt] = []
            var ids: [StatementKey] = []
            for signed in statements {
                let seq = candidate.nextSeq
                do throws(RecordError) {
                    // The tool's input rule: no control characters in what it seals (InputText).
                    try InputText.check(signed.statement.json, path: "statement")
                    let built = try Record(seq: seq, prev: candidate.head, accepted: time, signed: signed, sealer: sealer)
                    // What verify will read is these bytes: run its parser and its rules on them.
                    let record = try Record(line: built.line, expectedSeq: seq)
                    let checks = try candidate.apply(record)
                    if deferred != nil {
                        if !verified.covers(checks.statement) { deferred!.append(checks.statement) }
                        deferred!.append(checks.seal)
                    } else {
                        try checks.run()
                    }
                    try candidatePolicy?.admit(record)
                    bytes += record.line
                    bytes.append(0x0A)
                    if let id = StatementKey(signed.statement.id) { ids.append(id) }
                } catch {
                    return .failure(.record(error.seq == nil ? error.at(seq: seq) : error))
                }
                receipts.append(Receipt(seq: seq, statementID: signed.statement.id, recordHash: candidate.head, head: candidate.head, accepted: time))
            }
            guard bytes.count <= Ledger.maxBatchBytes else {
                return .failure(
                    .record(
                        RecordError(
                            .invalidValue, field: "batch",
                            "a batch writes at most \(Ledger.maxBatchBytes) bytes (this one would write \(bytes.count)); split it")))
            }
            return .success((bytes, receipts, ids))
        }

        private static func checkBatchSize(_ count: Int) throws(LedgerError) {
            guard count <= Ledger.maxBatchStatements else {
                throw .record(
                    RecordError(
                        .invalidValue, field: "batch", "a batch holds at most \(Ledger.maxBatchStatements) statements (this one has \(count)); split it"))
            }
        }

        /// From how many signature checks a round spreads them over the cores.
        static let parallelChecks = 8

        /// Records appended between two cache writes of one appender session.
        static let cacheInterval = 4096
        /// Whether records were appended since the cache was last written.
        private var dirty = false

        deinit {
            // A suspended appender does not hold the lock, so it must not write the cache (the next
            // appender folds what the cache lacks from the log).
            if dirty && !isSuspended { persistCache() }
        }

        /// Writes the admission cache for the state now (it is also written every few thousand records
        /// and when the appender is released); a failure only costs the next appender a replay.
        public func persistCache() {
            guard !isSuspended, !isStale else { return }
            dirty = false
            // Only a key that may seal here signs a cache (the cache is trusted as that key's word).
            guard cacheEnabled, let suite = state.suite, let entry = state.registry[sealer.publicKey.keyID(in: suite)], entry.role == .operator,
                entry.status == .active
            else { return }
            let representation = policy?.cacheRepresentation(suite: sealer.suite, head: state.head, recordCount: state.nextSeq)
            if policy != nil && representation == nil { return }
            do {
                buckets = try cache.write(
                    ids: unindexed, rebuild: rebuildCache, buckets: buckets, chain: state, policy: representation, logLength: end, sealer: sealer)
                unindexed = []
                rebuildCache = false
                cacheWriteFailure = nil
            } catch {
                cache.invalidate()
                cacheWriteFailure = "\(error)"
            }
        }
    }

    /// How far an acceptance time may run ahead of this machine's clock: a record accepted in the future
    /// would make every later append look like time going backwards until then.
    public static let maximumClockSkew: Int64 = 300

    static func checkNotInFuture(_ time: Timestamp, seq: Int) throws(LedgerError) {
        let now = Timestamp.now()
        guard time <= now.adding(seconds: maximumClockSkew) else {
            throw LedgerError.record(
                RecordError(
                    .invalidValue, field: "accepted", seq: seq,
                    "acceptance time \(time) is later than this machine's clock (\(now)) by more than \(maximumClockSkew) s; a record accepted in the future would refuse every append until then"
                ))
        }
    }

    /// Moves a torn tail (a partial last line left by a crash) to `torn-OFFSET.bin` beside the log and
    /// truncates the log to its last complete record.
    /// - Returns: the path the bytes were saved to, or nil when there was no torn tail.
    public func recoverTornTail() throws(LedgerError) -> String? {
        do {
            let file = try Ledger.lockedLog(logPath, flags: O_RDWR, lock: LOCK_EX)
            let end = try Ledger.interruptedBatchStart(directory: directory, file: file)
            guard let tail = try LogReader(file: file, end: end).forEachLine({ (_, _) throws(StoreError) in }) else {
                PendingAppend.remove(directory: directory)
                return nil
            }
            var bytes = [UInt8](repeating: 0, count: tail.length)
            _ = try bytes.withUnsafeMutableBytes { raw throws(StoreError) in try file.read(into: raw, at: tail.offset) }
            // A second crash at the same offset keeps the first torn bytes: torn-OFFSET.bin, then -2, -3, …
            var savedPath = directory + "/torn-\(tail.offset).bin"
            var attempt = 1
            while access(savedPath, F_OK) == 0 {
                attempt += 1
                savedPath = directory + "/torn-\(tail.offset)-\(attempt).bin"
            }
            let saved = try SystemFile(path: savedPath, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
            try saved.write(bytes, at: 0)
            try saved.sync()
            try file.truncate(to: tail.offset)
            try file.sync()
            PendingAppend.remove(directory: directory)
            try SystemFile.syncDirectory(directory)
            return savedPath
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}

extension Event {
    var genesisSuite: Suite? {
        if case .genesis(let g) = self { g.suite } else { nil }
    }
}
