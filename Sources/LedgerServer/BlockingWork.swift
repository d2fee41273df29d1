import Dispatch

/// Runs file work (flock, pread, projections) off the threads Swift's tasks run on.
///
/// Those are Swift's cooperative pool, one thread per core: a read that waits for the append lock must
/// not hold one of them while connections and other requests need it. So each ledger reads on a concurrent queue, and the async caller waits on a continuation.
/// Appends have a thread of their own (``AppendThread``).
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
