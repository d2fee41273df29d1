import Dispatch
import Foundation
import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The signature checks of a verification, run on every core while one thread parses and chains.
///
/// The parsing thread fills a ``SignatureBatch`` with the checks of a few hundred records and
/// ``submit(_:)``s it; the batch runs whole on one worker (GCD's pool, as wide as the machine), which
/// checks its signatures in order with a ``SignatureVerifier`` of its own (one OpenSSL context per key,
/// re-initialised per signature) and stops at the first that fails. Several batches are in flight at
/// once, so a worker that finishes one takes the next without waiting for the parser; the parser blocks
/// only when ``limit`` batches are waiting (memory stays a few batches). Batches are settled in log order
/// by the parsing thread, so the first failing batch holds the first failing signature of the log.
final class SignaturePipeline {
    /// How many batches may be submitted and not yet settled: enough to keep every worker busy while the
    /// parser fills the next one and settles the oldest.
    let limit: Int
    private let pool = VerifierPool()
    private let cancellation = Cancellation()
    /// Submitted, not yet settled, oldest first: at most ``limit`` (plus one batch without checks), so
    /// removing the first is cheap; a settled batch is dropped at once with its messages.
    private var inflight: [SignatureBatch] = []

    init(workers: Int = ProcessInfoCores.count) {
        limit = 2 * max(1, workers) + 1
    }

    /// Batches submitted and not yet settled, oldest first.
    var pending: [SignatureBatch] { inflight }

    /// Starts checking `batch` (a batch without checks is done at once and only keeps its place in line).
    func submit(_ batch: SignatureBatch) {
        inflight.append(batch)
        guard !batch.checks.isEmpty else {
            batch.finishedWithoutWorker()
            return
        }
        let pool = self.pool, cancellation = self.cancellation
        DispatchQueue.global().async {
            let verifier = pool.take()
            batch.run(with: verifier, cancellation: cancellation)
            pool.give(verifier)
        }
    }

    /// The oldest unsettled batch, removed from the line: when it is done, or at once if `waiting`.
    func next(waiting: Bool) -> SignatureBatch? {
        guard let batch = inflight.first else { return nil }
        if waiting { batch.wait() } else if !batch.isDone() { return nil }
        inflight.removeFirst()
        return batch
    }

    /// Tells the workers the rest is not needed (a failure or the caller stopped) and waits for them.
    func cancel() {
        cancellation.set()
        while next(waiting: true) != nil {}
    }
}

/// The signature checks of consecutive records, with what settling them needs.
final class SignatureBatch: @unchecked Sendable {
    // Filled by the parsing thread before submit; read-only afterwards.
    var checks: [ChainState.SignatureCheck] = []
    /// The head before each check's record, so a failure can report where the good part ends.
    var prevs: [String] = []
    /// The records, when the caller wants them delivered once their signatures are checked.
    var records: [Record] = []
    /// Written by the worker before `done` is signalled; read by the parsing thread after waiting.
    private(set) var failureIndex: Int?
    private let done = DispatchSemaphore(value: 0)
    /// Parsing thread only: whether `done` was already waited for.
    private var settled = false

    init(capacity: Int) {
        checks.reserveCapacity(2 * capacity)
        prevs.reserveCapacity(2 * capacity)
    }

    var isEmpty: Bool { checks.isEmpty && records.isEmpty }

    /// The first failing check's error (re-running it to name the key and department).
    var failure: (error: RecordError, prev: String)? {
        guard let index = failureIndex else { return nil }
        do {
            try checks[index].run()
            // A signature that failed on the worker and passes here: report it as failing all the same.
            return (RecordError(.badSignature, field: checks[index].field, seq: checks[index].seq, "signature does not verify"), prevs[index])
        } catch {
            return (error, prevs[index])
        }
    }

    func run(with verifier: SignatureVerifier, cancellation: Cancellation) {
        for index in checks.indices {
            if index & 31 == 0, cancellation.isSet { break }
            let check = checks[index]
            if !verifier.isValid(check.signature, for: check.message, by: check.key) {
                failureIndex = index
                break
            }
        }
        done.signal()
    }

    func finishedWithoutWorker() { done.signal() }

    func wait() {
        guard !settled else { return }
        done.wait()
        settled = true
    }

    func isDone() -> Bool {
        if !settled, done.wait(timeout: .now()) == .success { settled = true }
        return settled
    }
}

/// One ``SignatureVerifier`` per worker at a time, kept for the next batch.
final class VerifierPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [SignatureVerifier] = []

    func take() -> SignatureVerifier {
        lock.withLock { free.popLast() } ?? SignatureVerifier()
    }

    func give(_ verifier: SignatureVerifier) {
        lock.withLock { free.append(verifier) }
    }
}

/// Set once by the parsing thread; read by workers between checks.
final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

enum ProcessInfoCores {
    static let count: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }()
}
