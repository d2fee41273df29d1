import Foundation

/// The deadlines of request bodies still arriving, watched by one timer for the whole server.
///
/// A body must arrive within the request timeout (a slow client gets 408). A timer per request (a
/// `Task.sleep` raced against the read) costs every submission a timer set, a wake-up of the timer
/// thread and a cancellation; here a request only notes its deadline, and one task, running only while
/// some body is being read, looks every ``tick`` for deadlines passed. A timeout is then answered up to
/// one tick late, which no client can tell from a slow network.
final class BodyDeadlines: @unchecked Sendable {
    /// The server's deadlines (one process serves its ledgers with one watcher).
    static let shared = BodyDeadlines(tick: .milliseconds(100))

    private struct Entry {
        let deadline: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }

    let tick: Duration
    private let lock = NSLock()
    private var entries: [UInt64: Entry] = [:]
    private var lastID: UInt64 = 0
    private var watching = false

    init(tick: Duration) { self.tick = tick }

    /// Calls `expire` once `deadline` has passed, unless ``forget(_:)`` came first.
    /// - Returns: the id to forget the deadline by.
    func watch(until deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, start) = lock.withLock { () -> (UInt64, Bool) in
            lastID += 1
            entries[lastID] = Entry(deadline: deadline, expire: expire)
            defer { watching = true }
            return (lastID, !watching)
        }
        if start { Task.detached { await self.watch() } }
        return id
    }

    /// Drops a deadline whose body arrived (or failed) in time.
    func forget(_ id: UInt64) { lock.withLock { _ = entries.removeValue(forKey: id) } }

    /// Expires what is due every tick; ends when no deadline is left (the next ``watch(until:expire:)``
    /// starts it again).
    private func watch() async {
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let (due, done) = lock.withLock { () -> ([Entry], Bool) in
                let due = entries.filter { $0.value.deadline <= now }
                for id in due.keys { entries[id] = nil }
                if entries.isEmpty { watching = false }
                return (Array(due.values), entries.isEmpty)
            }
            for entry in due { entry.expire() }
            if done { return }
        }
    }
}

/// Set once, read after: whether a body's deadline passed before it arrived.
final class DeadlinePassed: @unchecked Sendable {
    private let lock = NSLock()
    private var passed = false

    func set() { lock.withLock { passed = true } }
    var isSet: Bool { lock.withLock { passed } }
}
