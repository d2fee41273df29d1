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
    /// Why, when it is the store's own refusal rather than the system's.
    public let reason: String?

    init(operation: String, path: String, errno: Int32, reason: String? = nil) {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.reason = reason
    }

    public var description: String {
        "\(operation) \(path): \(reason ?? String(cString: strerror(errno)))"
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

    /// Opens a file of the ledger directory: never through a symbolic link, and only a regular file
    /// (a FIFO or a device is refused at once, without blocking on it).
    static func regular(path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) -> SystemFile {
        let file: SystemFile
        do {
            file = try SystemFile(path: path, flags: flags | O_NOFOLLOW | O_NONBLOCK, mode: mode)
        } catch where error.errno == ELOOP {
            throw StoreError(operation: "open", path: path, errno: ELOOP, reason: "is a symbolic link; a ledger's files must be its own")
        }
        guard try file.identity().isRegular else {
            throw StoreError(operation: "open", path: path, errno: EINVAL, reason: "is not a regular file")
        }
        return file
    }

    /// The device and inode an open file is, and whether it is a regular file.
    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
        let isRegular: Bool
    }

    func identity() throws(StoreError) -> Identity {
        var info = stat()
        _ = try Self.retrying("fstat", path) { fstat(fd, &info) }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), isRegular: (info.st_mode & S_IFMT) == S_IFREG)
    }

    /// Fails when `path` no longer names this open file (deleted, replaced or renamed over): a lock held
    /// on a file nobody else opens any more protects nothing.
    func checkStillAtPath() throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0, UInt64(info.st_dev) == (try identity()).device, UInt64(info.st_ino) == (try identity()).inode else {
            throw StoreError(operation: "check", path: path, errno: ESTALE, reason: "was replaced or removed while this process held it")
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

    /// Makes the file's data durable, and the metadata needed to read it back (its size): what an append
    /// needs, without waiting for timestamps to reach the disk (`fdatasync` where there is one).
    func syncData() throws(StoreError) {
        #if canImport(Glibc)
            _ = try Self.retrying("fdatasync", path) { fdatasync(fd) }
        #else
            _ = try Self.retrying("fsync", path) { fsync(fd) }
        #endif
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
