#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: which operation, on which path, and the system's reason.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }
}

/// An open file descriptor with typed, EINTR-safe wrappers for the calls the store makes.
///
/// Kept deliberately small (the habits of apple/swift-system): every call returns a value or throws a
/// `StoreError` naming the operation and path; the descriptor is closed exactly once, in `deinit`.
final class SystemFile {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) {
        self.path = path
        let fd = try Self.retrying("open", path) { open(path, flags | O_CLOEXEC, mode) }
        self.fd = fd
    }

    deinit { close(fd) }

    static func retrying(_ operation: String, _ path: String, _ call: () -> Int32) throws(StoreError) -> Int32 {
        while true {
            let result = call()
            if result >= 0 { return result }
            if errno != EINTR { throw StoreError(operation: operation, path: path, errno: errno) }
        }
    }

    /// Blocks until this process holds the lock (`LOCK_EX` or `LOCK_SH`).
    func lock(_ operation: Int32) throws(StoreError) {
        _ = try Self.retrying("flock", path) { flock(fd, operation) }
    }

    func size() throws(StoreError) -> Int {
        var info = stat()
        _ = try Self.retrying("fstat", path) { fstat(fd, &info) }
        return Int(info.st_size)
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read (0 at the end).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(StoreError) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw StoreError(operation: "read", path: path, errno: errno) }
        }
    }

    /// Reads up to `count` bytes at `offset` (fewer at the end of the file).
    func read(count: Int, at offset: Int) throws(StoreError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
        defer { buffer.deallocate() }
        var total = 0
        while total < count {
            let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total..<count]), at: offset + total)
            if n == 0 { break }
            total += n
        }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[..<total]))
    }

    /// Writes all of `bytes` at `offset`, looping over short writes.
    func write(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                pwrite(fd, buffer.baseAddress! + written, buffer.count - written, off_t(offset + written))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError(operation: "write", path: path, errno: errno)
            }
            written += n
        }
    }

    func sync() throws(StoreError) {
        _ = try Self.retrying("fsync", path) { fsync(fd) }
    }

    func truncate(to size: Int) throws(StoreError) {
        _ = try Self.retrying("ftruncate", path) { ftruncate(fd, off_t(size)) }
    }

    /// Makes a directory entry durable (after creating or renaming a file in it).
    static func syncDirectory(_ path: String) throws(StoreError) {
        let dir = try SystemFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }
}
