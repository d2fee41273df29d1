import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file replacement that a crash cannot leave half done.
enum DurableFile {
    /// Writes `bytes` to `path` through a temporary file that is synced, renamed over `path`, and the
    /// directory synced: afterwards `path` holds the old content or the new, never a mix.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFailure(operation: "open", path: temporary) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, bytes.count - written, off_t(written)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(operation: "write", path: temporary)
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw POSIXFailure(operation: "fsync", path: temporary) }
        guard rename(temporary, path) == 0 else { throw POSIXFailure(operation: "rename", path: temporary) }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            defer { close(dfd) }
            guard fsync(dfd) == 0 else { throw POSIXFailure(operation: "fsync", path: directory) }
        }
    }
}

/// A failed system call outside the log (snapshot files).
public struct POSIXFailure: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    init(operation: String, path: String) {
        self.operation = operation
        self.path = path
        code = errno
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
