import Foundation
import LedgerCore

/// One thread per served ledger that runs its append rounds: it sleeps while no submission waits, and
/// when woken takes every waiting submission as one round, runs it, answers each, and looks again.
///
/// Why a thread of its own and not an actor, a `Task` and a Dispatch queue: a round blocks (flock,
/// write, fdatasync), so it must not run on Swift's executor threads (they serve requests); and each
/// hand-off between threads is a futex wake and a context switch, which on a small machine cost as
/// much CPU as the appender's own staging. Here a submission costs one lock and, only when the thread
/// is asleep, one wake; a busy thread finds the next round waiting without being woken. Answers are
/// resumed from this thread.
///
/// Jobs run in order: a ``close(_:)`` queued behind submissions runs after their round.
final class AppendThread: @unchecked Sendable {
    /// A submission waiting for a round, with whom to answer.
    struct Submission {
        let statements: [SignedStatement]
        let verified: VerifiedStatements
        let answer: @Sendable (Result<[Receipt], any Error>) -> Void
    }

    private let condition = NSCondition()
    private var waiting: [Submission] = []
    private var closing: [@Sendable () -> Void] = []
    private var stopping = false
    /// What a round does: appends the batches (each all or nothing) and returns, per batch, its outcome.
    private let round: @Sendable ([[SignedStatement]], VerifiedStatements) -> [Result<[Receipt], any Error>]
    /// What closing does (writes the admission cache and releases the appender).
    private let closeAppender: @Sendable () -> Void

    init(
        name: String, round: @escaping @Sendable ([[SignedStatement]], VerifiedStatements) -> [Result<[Receipt], any Error>],
        close: @escaping @Sendable () -> Void
    ) {
        self.round = round
        self.closeAppender = close
        let thread = Thread { [self] in
            // Set from the thread itself, so that `top -H` and `perf` show it (Linux keeps 15 bytes).
            Thread.current.name = name
            run()
        }
        thread.start()
    }

    /// Queues `submission` for the next round.
    func submit(_ submission: Submission) {
        condition.lock()
        waiting.append(submission)
        condition.signal()
        condition.unlock()
    }

    /// Runs `done` once every submission queued before it has been answered and the appender is closed.
    func close(_ done: @escaping @Sendable () -> Void) {
        condition.lock()
        closing.append(done)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs already queued have run (the ledger is no longer served).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty && closing.isEmpty && !stopping { condition.wait() }
            let taken = waiting
            waiting = []
            // Closing waits for the submissions queued before it (taken now) to be answered.
            let closers = taken.isEmpty ? closing : []
            if taken.isEmpty { closing = [] }
            let done = taken.isEmpty && closers.isEmpty && stopping
            condition.unlock()
            if done { return }
            if !taken.isEmpty {
                var verified = VerifiedStatements()
                for submission in taken { verified.merge(submission.verified) }
                let results = round(taken.map(\.statements), verified)
                for (submission, result) in zip(taken, results) { submission.answer(result) }
            } else {
                closeAppender()
                for closer in closers { closer() }
            }
        }
    }
}
