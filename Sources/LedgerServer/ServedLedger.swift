import Dispatch
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One ledger the server serves: the single appender its submissions go through, and its read side.
///
/// Appends are serialised by this actor, without forking: submissions that arrive while a batch is being
/// written wait in a queue, and the next round takes them all under one opening of the appender (one
/// `flock`, one admission-cache read), each submission still its own all-or-nothing batch, synced before
/// its receipt is returned. Between rounds the lock is released, so `ledger verify` and local reads of
/// the same directory never wait for more than one round. The admission rules are exactly
/// `ledger submit`'s: ``LedgerDirectory/appender(sealer:useCache:)`` with the projector's policy.
public actor ServedLedger {
    /// The ledger id from genesis: the name it is served under.
    public nonisolated let id: String
    public nonisolated let directory: LedgerDirectory
    /// The ledger's suite (fixed for its life): how record hashes are computed.
    public nonisolated let suite: Suite
    private let sealer: SigningKey
    private let logger: Logger
    private let appendQueue: DispatchQueue
    private let readQueue: DispatchQueue

    private struct Submission {
        let statements: [SignedStatement]
        let continuation: CheckedContinuation<[Receipt], any Error>
    }

    private var waiting: [Submission] = []
    private var appending = false
    /// Who waits for the appends in progress to end (the shutdown).
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// Projections memoised for the log as it is on disk (see ``LogIdentity``), by cut and options.
    private var memo: [ProjectionKey: Projection] = [:]
    private var memoLog: LogIdentity?
    /// Projections being computed, so that requests arriving together share one replay instead of each
    /// starting their own (eight dashboards opened at once replay the log once).
    private var running: [RunningKey: Task<Projection, any Error>] = [:]

    private struct RunningKey: Hashable {
        let log: LogIdentity?
        let projection: ProjectionKey
    }

    private struct ProjectionKey: Hashable {
        let cut: String
        let options: ProjectionOptions
    }

    /// Opens the ledger and checks the sealing key is an active operator key of it, so a misconfigured
    /// server fails at start, not at the first submission.
    /// - Throws: `LedgerError`, or ``ServerSetupError`` naming the key's problem.
    public init(source: ServerConfiguration.LedgerSource, logger: Logger) throws {
        let directory = try LedgerDirectory(path: source.directory)
        let sealer: SigningKey
        do {
            sealer = try SigningKey.load(contentsOfFile: source.operatorKeyFile)
        } catch {
            throw ServerSetupError("operator key \(source.operatorKeyFile): \(error.reason)")
        }
        let (state, torn) = try directory.ledger.replay(verifySignatures: false)
        guard let ledgerID = state.ledgerID, let suite = state.suite else { throw ServerSetupError("\(source.directory): the log has no genesis record") }
        if torn != nil {
            throw ServerSetupError("\(source.directory): the log ends in a partial line; run `ledger recover -L \(source.directory)` first")
        }
        guard sealer.suite == suite else {
            throw ServerSetupError("operator key \(source.operatorKeyFile) is \(sealer.suite.rawValue) but ledger \(ledgerID) is \(suite.rawValue)")
        }
        let keyID = sealer.publicKey.keyID(in: suite)
        guard let entry = state.registry[keyID], entry.role == .operator, case .active = entry.status else {
            throw ServerSetupError("operator key \(source.operatorKeyFile) (\(keyID.prefix(16))…) is not an active operator key of ledger \(ledgerID)")
        }
        self.id = ledgerID
        self.suite = suite
        self.directory = directory
        self.sealer = sealer
        var logger = logger
        logger[metadataKey: "ledger"] = "\(ledgerID)"
        self.logger = logger
        appendQueue = DispatchQueue(label: "ledger-server.append.\(ledgerID)")
        readQueue = DispatchQueue(label: "ledger-server.read.\(ledgerID)", attributes: .concurrent)
    }

    // MARK: Write path

    /// Appends `statements` as one batch, all or none, and returns their receipts once they are on disk.
    /// - Throws: `LedgerError` exactly as `ledger submit` would see it; the log is then unchanged.
    public func submit(_ statements: [SignedStatement]) async throws -> [Receipt] {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Submission(statements: statements, continuation: continuation))
            if !appending {
                appending = true
                Task { await self.appendWaiting() }
            }
        }
    }

    /// Takes every waiting submission, appends them under one appender, answers each, and repeats until
    /// none are waiting.
    ///
    /// A round ends with every record durable and the lock released: the point at which a checkpoint of
    /// the new log size is signed and a receipt can carry its inclusion proof, once the Merkle tree exists.
    private func appendWaiting() async {
        while !waiting.isEmpty {
            let round = waiting
            waiting = []
            let batches = round.map(\.statements)
            let results = await BlockingWork.run(on: appendQueue) { [directory, sealer, logger] in
                Self.append(batches, to: directory, sealer: sealer, logger: logger)
            }
            for (submission, result) in zip(round, results) { submission.continuation.resume(with: result) }
        }
        appending = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters = []
    }

    /// Returns once no append is in progress: after a shutdown stopped taking requests, the rounds
    /// already started (whose submitters may have gone) still end with their records durable.
    public func finishAppends() async {
        guard appending else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// Opens the appender once and appends each batch separately; the lock is released on return.
    private static func append(
        _ batches: [[SignedStatement]], to directory: LedgerDirectory, sealer: SigningKey, logger: Logger
    ) -> [Result<[Receipt], any Error>] {
        let appender: Ledger.Appender
        do {
            appender = try directory.appender(sealer: sealer)
        } catch {
            logger.error("cannot open the ledger for appending", metadata: ["error": "\(error)"])
            return batches.map { _ in .failure(error) }
        }
        if case .replay(let why) = appender.start {
            logger.notice(
                "read the whole log because the admission cache was not usable", metadata: ["records": "\(appender.chainState.nextSeq)", "why": "\(why)"])
        }
        if let kept = appender.keptInterruptedBatch {
            logger.warning(
                "records written whole by an interrupted append were kept; check their receipts reached the submitter",
                metadata: ["first": "\(kept.lowerBound)", "last": "\(kept.upperBound - 1)"])
        }
        // One intent, one write, one sync for the whole round; each batch still accepted or refused whole.
        let results: [Result<[Receipt], LedgerError>]
        do {
            results = try appender.appendEach(batches)
        } catch {
            logger.error("cannot append", metadata: ["error": "\(error)", "batches": "\(batches.count)"])
            return batches.map { _ in .failure(error) }
        }
        for (batch, result) in zip(batches, results) {
            switch result {
            case .success(let receipts):
                if let first = receipts.first, let last = receipts.last {
                    logger.info("accepted", metadata: ["first": "\(first.seq)", "last": "\(last.seq)", "count": "\(receipts.count)", "head": "\(last.head)"])
                }
            case .failure(let error):
                logger.info("refused", metadata: ["error": "\(error)", "count": "\(batch.count)"])
            }
        }
        return results.map { $0.mapError { $0 as any Error } }
    }

    // MARK: Read path

    /// The ledger projected to `cut` with `options`, exactly as `ledger state` and `ledger report` project it.
    ///
    /// A projection is kept until the log file changes (its size, modification time or inode), so a
    /// dashboard read many times between appends replays and verifies the log once.
    public func projection(cut: ProjectionCut, options: ProjectionOptions) async throws -> Projection {
        let identity = LogIdentity(path: directory.ledger.logPath)
        if identity == nil || identity != memoLog {
            memo = [:]
            memoLog = identity
        }
        let key = ProjectionKey(cut: "\(cut)", options: options)
        if let known = memo[key] { return known }
        let runningKey = RunningKey(log: identity, projection: key)
        let task: Task<Projection, any Error>
        if let shared = running[runningKey] {
            task = shared
        } else {
            task = Task { [directory, readQueue] in
                try await BlockingWork.run(on: readQueue) { try directory.project(cut: cut, options: options) }
            }
            running[runningKey] = task
        }
        let projection: Projection
        do {
            projection = try await task.value
        } catch {
            running[runningKey] = nil
            throw error
        }
        guard running.removeValue(forKey: runningKey) != nil else { return projection }
        for note in projection.notes { logger.notice("\(note)") }
        if memoLog == identity, identity != nil {
            if memo.count >= 32 { memo = [:] }
            memo[key] = projection
        }
        return projection
    }

    /// Every record whose seq is in `range`, in order, with the exact bytes of its log line.
    /// - Throws: `LedgerError` when the log does not pass the format's rules up to the range's end.
    public func records(_ range: Range<Int>) async throws -> [Record] {
        try await BlockingWork.run(on: readQueue) { [directory] in
            var found: [Record] = []
            try directory.ledger.replay(verifySignatures: false) { record, _ in
                if range.contains(record.seq) { found.append(record) }
            }
            return found
        }
    }
}

/// Why the server cannot serve a ledger it was given.
public struct ServerSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What identifies the log file's contents cheaply: a write changes the size or the modification time,
/// a replaced file the inode. Used only to know when a memoised projection is stale.
struct LogIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}
