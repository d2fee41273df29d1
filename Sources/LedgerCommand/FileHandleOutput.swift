#if canImport(Glibc)
    import Glibc
#endif

/// Unbuffered writes to standard output and error, so messages interleave as they happen.
struct FileHandleOutput {
    let fd: Int32
    static let standardOutput = FileHandleOutput(fd: 1)
    static let standardError = FileHandleOutput(fd: 2)

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
        bytes.removeAll()
    }
}
