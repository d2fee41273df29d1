import Dispatch
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import Logging
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// One ledger the server serves: the single appender its submissions go through, and its read side.
///
/// Appends are serialised by one thread per ledger (``AppendThread``), without forking: submissions that
/// arrive while a round is being written and synced wait in a queue, and the next round takes them all, each submission still its own
/// all-or-nothing batch, with one write and one sync for the round (group commit), synced before its
/// receipt is returned. The appender stays open between rounds with what it knows of the log (head,
/// keys, statement ids, the projector's admission state) warm in memory, so a round pays no cache read,
/// replay or cache write; but it releases its `flock` between rounds (``Ledger/Appender/suspend()``), so
/// `ledger verify` and local reads of the same directory wait for at most one round. When it takes the
/// lock back it checks nobody else wrote meanwhile (a local `ledger append`); if someone did, it drops
/// what it knew and opens the ledger afresh, as any appender would. The admission cache on disk is
/// written every few thousand records and when the server stops (``finishAppends()``). The admission
/// rules are exactly `ledger submit`'s: ``LedgerDirectory/appender(sealer:useCache:)`` with the
/// projector's policy.
///
/// A submission's statement signatures are checked as it arrives, on any core, while the round before it
/// is sealed and synced (``VerifiedStatements``); a round then seals each record, checks the seals on all
/// cores, writes once and syncs once.
///
/// Reads keep the latest projection to the end of the log per set of options, and after an append fold
/// only the new records into it (``LedgerStore/LedgerDirectory/extend(_:)``), so a dashboard read after
/// a submission costs the tail, not the log.
public final class ServedLedger: Sendable {
    /// The ledger id from genesis: the name it is served under.
    public let id: String
    public let directory: LedgerDirectory
    /// The ledger's suite (fixed for its life): how record hashes are computed.
    public let suite: Suite
    private let sealer: SigningKey
    private let logger: Logger
    private let readQueue: DispatchQueue
    /// The keys enrolled after the last round, by key id: what submissions are checked against.
    private let signerKeys: SignerKeys

    /// The thread that runs the append rounds, with the appender it keeps open between them.
    private let appendThread: AppendThread

    /// What reads remember between requests (see ``ReadMemory``), behind a lock held for a few dictionary
    /// operations. Not an actor: a hop on and off an actor costs every read more than the lock, and when
    /// Swift's tasks were tried on the event loops, reads through the actor stalled now and then for up
    /// to a second (p99 of `/head` 0.8 s under wrk, against 7 ms with this lock; docs/runs/bench-server.txt).
    private let reads = NIOLockedValueBox(ReadMemory())

    /// What the appender has done since the server started (``AppendCounts``), updated once a round.
    private let counts: NIOLockedValueBox<AppendCounts>

    /// What the appender has done since the server started: served at `/metrics`.
    public var appendCounts: AppendCounts { counts.withLockedValue { $0 } }

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
        let signerKeys = SignerKeys(state.registry)
        self.signerKeys = signerKeys
        let warm = WarmAppender()
        let counts = NIOLockedValueBox(AppendCounts(logRecords: state.nextSeq))
        self.counts = counts
        appendThread = AppendThread(
            name: "ledger-append",
            round: { [logger] batches, verified in
                Self.append(batches, verified: verified, to: directory, sealer: sealer, warm: warm, keys: signerKeys, counts: counts, logger: logger)
            },
            close: { [logger] in warm.close(logger: logger) })
        readQueue = DispatchQueue(label: "ledger-server.read.\(ledgerID)", attributes: .concurrent)
    }

    // MARK: Write path

    /// Appends `statements` as one batch, all or none, and returns their receipts once they are on disk.
    /// - Throws: `LedgerError` exactly as `ledger submit` would see it; the log is then unchanged.
    ///
    /// The statements' signatures are checked first, by the submitting task, with the keys the
    /// registry held after the last round, so that a round's critical path (seal, check the seal, write,
    /// sync) does not wait for them; the appender still runs every check it cannot match exactly.
    ///
    /// The checks run on the calling task itself: a signature check is tens of microseconds of CPU (SM2:
    /// a few hundred), not a wait, so handing it to another thread and back would cost more in wake-ups
    /// than it spares the thread it runs on.
    public func submit(_ statements: [SignedStatement]) async throws -> [Receipt] {
        let keys = signerKeys.current
        var verified = VerifiedStatements()
        for signed in statements {
            if let key = keys[signed.statement.keyID] { verified.check(signed, key: key) }
        }
        return try await enqueue(statements, verified: verified)
    }

    private func enqueue(_ statements: [SignedStatement], verified: VerifiedStatements) async throws -> [Receipt] {
        try await withCheckedThrowingContinuation { continuation in
            appendThread.submit(
                .init(statements: statements, verified: verified) { continuation.resume(with: $0) })
        }
    }

    /// Returns once the appends queued before it are answered, with the admission cache written and the
    /// appender released: after a shutdown stopped taking requests, the rounds already started (whose
    /// submitters may have gone) still end with their records durable, and the next `ledger` command
    /// starts from the cache.
    public func finishAppends() async {
        await withCheckedContinuation { continuation in appendThread.close { continuation.resume() } }
    }

    deinit { appendThread.stop() }

    /// Appends each batch separately in one round, with the warm appender (or one opened now); the lock
    /// is released on return.
    private static func append(
        _ batches: [[SignedStatement]], verified: VerifiedStatements, to directory: LedgerDirectory, sealer: SigningKey, warm: WarmAppender,
        keys: SignerKeys, counts: NIOLockedValueBox<AppendCounts>, logger: Logger
    ) -> [Result<[Receipt], any Error>] {
        let appender: Ledger.Appender
        do {
            appender = try warm.take(directory: directory, sealer: sealer, logger: logger)
        } catch {
            logger.error("cannot open the ledger for appending", metadata: ["error": "\(error)"])
            counts.withLockedValue { $0.failed += batches.count }
            return batches.map { _ in .failure(error) }
        }
        defer { warm.putBack(appender, logger: logger) }
        // One write and one sync for the whole round (and a synced intent first when a batch has several
        // records); each batch still accepted or refused whole.
        let results: [Result<[Receipt], LedgerError>]
        do {
            results = try appender.appendEach(batches, verified: verified)
            keys.update(appender.chainState.registry)
        } catch {
            logger.error("cannot append", metadata: ["error": "\(error)", "batches": "\(batches.count)"])
            warm.discard()
            counts.withLockedValue { $0.failed += batches.count }
            return batches.map { _ in .failure(error) }
        }
        // One line per round, not per submission (a busy server's log would otherwise cost as much as
        // its signatures); each refusal keeps its own line, with why.
        var accepted = (submissions: 0, first: Int?.none, last: 0, head: "")
        var refused = 0
        var failed = 0
        for (batch, result) in zip(batches, results) {
            switch result {
            case .success(let receipts):
                if let first = receipts.first, let last = receipts.last {
                    accepted.submissions += 1
                    accepted.first = accepted.first ?? first.seq
                    accepted.last = last.seq
                    accepted.head = last.head
                }
            case .failure(let error):
                if FormatRule.same(HTTPRefusal(error).code, HTTPRefusal.sealFailed) {
                    // Not the submitter's fault: a seal this machine made did not verify, or could not be
                    // made; nothing was written.
                    failed += 1
                    logger.critical(
                        "a seal this server made did not verify (or could not be made) and nothing was written; check this machine (its CPU, its memory) before trusting it to seal",
                        metadata: ["error": "\(error)"])
                } else {
                    refused += 1
                    logger.info("refused", metadata: ["error": "\(error)", "count": "\(batch.count)"])
                }
            }
        }
        let records = accepted.first.map { accepted.last - $0 + 1 } ?? 0
        let logRecords = appender.chainState.nextSeq
        counts.withLockedValue { counts in
            counts.accepted += accepted.submissions
            counts.refused += refused
            counts.failed += failed
            counts.records += records
            if records > 0 { counts.rounds += 1 }
            counts.logRecords = logRecords
        }
        if let first = accepted.first {
            logger.info(
                "accepted",
                metadata: [
                    "submissions": "\(accepted.submissions)", "first": "\(first)", "last": "\(accepted.last)",
                    "count": "\(accepted.last - first + 1)", "head": "\(accepted.head)",
                ])
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
        let key = ReadMemory.ProjectionKey(cut: "\(cut)", options: options)
        let runningKey = ReadMemory.RunningKey(log: identity, projection: key)
        let found = reads.withLockedValue { memory -> (known: Projection?, running: Task<Projection, any Error>?) in
            if identity == nil || identity != memory.memoLog {
                memory.memo = [:]
                memory.memoLog = identity
            }
            if let known = memory.memo[key] { return (known, nil) }
            if let shared = memory.running[runningKey] { return (nil, shared) }
            // To the end of a log that only grew since the latest projection (same file, no shorter than
            // what it covered): fold the new records into it.
            var base: Projection?
            if case .end = cut, let identity, let previous = memory.latest[options], let point = previous.projection.resumePoint,
                previous.log.device == identity.device, previous.log.inode == identity.inode, identity.size >= Int64(point.offset)
            {
                base = previous.projection
            }
            let task = Task { [directory, readQueue, base] in
                try await BlockingWork.run(on: readQueue) {
                    if let base { return try directory.extend(base) }
                    return try directory.project(cut: cut, options: options)
                }
            }
            memory.running[runningKey] = task
            return (nil, task)
        }
        if let known = found.known { return known }
        guard let task = found.running else { preconditionFailure("a read found neither a projection nor one being made") }
        let projection: Projection
        do {
            projection = try await task.value
        } catch {
            reads.withLockedValue { _ = $0.running.removeValue(forKey: runningKey) }
            throw error
        }
        let first = reads.withLockedValue { memory -> Bool in
            guard memory.running.removeValue(forKey: runningKey) != nil else { return false }
            if memory.memoLog == identity, let identity {
                if memory.memo.count >= 32 { memory.memo = [:] }
                memory.memo[key] = projection
                if case .end = cut, projection.resumePoint != nil {
                    // Options come from query parameters: keep a few, not one per parameter anyone tries.
                    if memory.latest.count >= 8 && memory.latest[options] == nil { memory.latest = [:] }
                    memory.latest[options] = (projection, identity)
                }
            }
            return true
        }
        if first { for note in projection.notes { logger.notice("\(note)") } }
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

/// What a served ledger's appender has done since the server started, as `/metrics` reports it.
public struct AppendCounts: Sendable, Equatable {
    /// Submissions (one `POST /statements` each, all or none) accepted, refused by the admission rules,
    /// and failed by the server's own fault (the log could not be written, or a seal it made did not
    /// verify): the log unchanged, the submitter answered 500.
    public var accepted = 0
    public var refused = 0
    public var failed = 0
    /// Records appended.
    public var records = 0
    /// Rounds that appended records: each is one write and one `fdatasync` of the log, so records over
    /// rounds is how many submissions shared a sync (group commit).
    public var rounds = 0
    /// Records in the log after the last round (at start, as the server found it).
    public var logRecords: Int

    public init(logRecords: Int) { self.logRecords = logRecords }
}

/// What a ``ServedLedger``'s reads remember between requests.
struct ReadMemory: Sendable {
    /// The latest projection to the end of the log, per options, and the log file it was made from: the
    /// base the next read after an append extends.
    var latest: [ProjectionOptions: (projection: Projection, log: LogIdentity)] = [:]
    /// Projections memoised for the log as it is on disk (see ``LogIdentity``), by cut and options.
    var memo: [ProjectionKey: Projection] = [:]
    var memoLog: LogIdentity?
    /// Projections being computed, so that requests arriving together share one replay instead of each
    /// starting their own (eight dashboards opened at once replay the log once).
    var running: [RunningKey: Task<Projection, any Error>] = [:]

    struct RunningKey: Hashable {
        let log: LogIdentity?
        let projection: ProjectionKey
    }

    struct ProjectionKey: Hashable {
        let cut: String
        let options: ProjectionOptions
    }
}

/// The appender a ``ServedLedger`` keeps open between rounds, suspended (its lock released) while idle.
///
/// Only the ledger's append thread touches it, which is what makes it safe to share.
final class WarmAppender: @unchecked Sendable {
    private var appender: Ledger.Appender?

    /// The appender with the lock held: the warm one when the log is as it left it, else a new one.
    func take(directory: LedgerDirectory, sealer: SigningKey, logger: Logger) throws -> Ledger.Appender {
        if let appender {
            if try appender.resume() { return appender }
            logger.notice("the log was changed by another writer between rounds; reading it again")
            self.appender = nil
        }
        let opened = try directory.appender(sealer: sealer)
        if case .replay(let why) = opened.start {
            logger.notice(
                "read the whole log because the admission cache was not usable", metadata: ["records": "\(opened.chainState.nextSeq)", "why": "\(why)"])
        }
        if let kept = opened.keptInterruptedBatch {
            logger.warning(
                "records written whole by an interrupted append were kept; check their receipts reached the submitter",
                metadata: ["first": "\(kept.lowerBound)", "last": "\(kept.upperBound - 1)"])
        }
        appender = opened
        return opened
    }

    /// Keeps `appender` for the next round with its lock released; one that cannot release its lock is
    /// dropped (which releases it).
    func putBack(_ appender: Ledger.Appender, logger: Logger) {
        guard self.appender === appender else { return }
        do {
            try appender.suspend()
        } catch {
            logger.warning("cannot release the append lock; closing the appender", metadata: ["error": "\(error)"])
            self.appender = nil
        }
    }

    /// Drops the appender (after a failed write: the next round learns the log afresh).
    func discard() { appender = nil }

    /// Takes the lock back, so the appender writes the admission cache as it is released, and releases it.
    func close(logger: Logger) {
        guard let appender else { return }
        do {
            _ = try appender.resume()
        } catch {
            logger.warning("cannot take the append lock to write the admission cache", metadata: ["error": "\(error)"])
        }
        self.appender = nil
    }
}

/// The key registry's keys as of the last round, shared between the append queue (which updates them)
/// and submissions checking their signatures before they wait for a round.
final class SignerKeys: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: VerifyingKey]
    private var count: Int

    init(_ registry: KeyRegistry) {
        keys = registry.keys.mapValues(\.key)
        count = registry.keys.count
    }

    var current: [String: VerifyingKey] { lock.withLock { keys } }

    /// Takes the registry after a round (keys are only ever added to it; a status change does not change
    /// a key, and the appender judges status itself).
    func update(_ registry: KeyRegistry) {
        guard lock.withLock({ count }) != registry.keys.count else { return }
        let fresh = registry.keys.mapValues(\.key)
        lock.withLock {
            keys = fresh
            count = fresh.count
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
