import Dispatch

/// Runs file work (flock, pread, fsync, signature checks) off Swift's cooperative pool.
///
/// The pool has one thread per core (two here); a read that waits for the append lock, or an fsync, must
/// not hold one of them while the event loops and other requests need it. So each ledger appends on its
/// own serial queue and reads on a concurrent one, and the async caller waits on a continuation.
enum BlockingWork {
    static func run<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func run<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
