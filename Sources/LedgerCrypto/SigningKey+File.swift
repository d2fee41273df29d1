#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension SigningKey {
    /// Loads a PKCS#8 PEM private key from the file at `path`, refusing insecure files.
    ///
    /// Like ssh, a key file whose mode grants any permission to group or others
    /// (`mode & 0o077 != 0`) is refused before it is read. The mode is checked with
    /// `fstat` on the opened descriptor, so the check and the read see the same file.
    ///
    /// - Throws: `.insecureKeyFile` with a message such as `private key file PATH is
    ///   accessible by group or others (mode 0644); run: chmod 600 PATH`; `.fileIO` if
    ///   the file cannot be opened or read or is not a regular file; otherwise the errors
    ///   of ``init(pemRepresentation:)``, their reason prefixed with `private key file PATH: `.
    public static func load(contentsOfFile path: String) throws(CryptoError) -> SigningKey {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else {
            throw CryptoError(code: .fileIO, reason: "cannot open private key file \(path): \(errnoDescription())")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CryptoError(code: .fileIO, reason: "cannot stat private key file \(path): \(errnoDescription())")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CryptoError(code: .fileIO, reason: "private key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o7777
        guard mode & 0o077 == 0 else {
            throw CryptoError(
                code: .insecureKeyFile,
                reason: "private key file \(path) is accessible by group or others "
                    + "(mode \(octal(mode))); run: chmod 600 \(path)"
            )
        }
        var contents = try readAll(fd, path: path)
        defer { PKey.wipe(&contents) }
        do {
            return try SigningKey(pemRepresentation: String(decoding: contents, as: UTF8.self))
        } catch {
            throw CryptoError(code: error.code, reason: "private key file \(path): \(error.reason)")
        }
    }

    /// Writes the key as PKCS#8 PEM to a new file at `path` with mode 0600.
    ///
    /// The file is created with `O_CREAT | O_EXCL` (never overwriting, never following a
    /// symlink at `path`) and mode 0600, then `fchmod`ed to 0600 so the umask cannot
    /// matter, written, and `fsync`ed together with its directory. On failure after
    /// creation the partial file is removed.
    ///
    /// - Throws: `.fileIO` if the file exists or cannot be created, written or synced;
    ///   `.signingFailed` if the key cannot be encoded.
    public func write(toFile path: String) throws(CryptoError) {
        var pem = Array(try pemRepresentation().utf8)
        defer { PKey.wipe(&pem) }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            let reason =
                errno == EEXIST
                ? "refusing to overwrite existing file \(path)"
                : "cannot create private key file \(path): \(errnoDescription())"
            throw CryptoError(code: .fileIO, reason: reason)
        }
        var completed = false
        defer {
            if !completed {
                close(fd)
                unlink(path)
            }
        }
        guard fchmod(fd, 0o600) == 0 else {
            throw CryptoError(code: .fileIO, reason: "cannot chmod 600 \(path): \(errnoDescription())")
        }
        try writeAll(fd, pem, path: path)
        guard fsync(fd) == 0 else {
            throw CryptoError(code: .fileIO, reason: "cannot fsync \(path): \(errnoDescription())")
        }
        completed = true
        guard close(fd) == 0 else {
            unlink(path)
            throw CryptoError(code: .fileIO, reason: "cannot close \(path): \(errnoDescription())")
        }
        syncParentDirectory(of: path)
    }
}

/// Reads `fd` to end of file (at most 1 MiB: no key file is larger).
private func readAll(_ fd: Int32, path: String) throws(CryptoError) -> [UInt8] {
    let limit = 1 << 20
    var contents: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw CryptoError(code: .fileIO, reason: "cannot read private key file \(path): \(errnoDescription())")
        }
        if count == 0 { break }
        contents.append(contentsOf: chunk[0..<count])
        guard contents.count <= limit else {
            throw CryptoError(code: .fileIO, reason: "private key file \(path) is larger than 1 MiB")
        }
    }
    PKey.wipe(&chunk)
    return contents
}

/// Writes all of `bytes` to `fd`, retrying short writes and `EINTR`.
private func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(CryptoError) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if written < 0 {
            if errno == EINTR { continue }
            throw CryptoError(code: .fileIO, reason: "cannot write \(path): \(errnoDescription())")
        }
        offset += written
    }
}

/// Best-effort `fsync` of the directory holding `path`, so the new directory entry is
/// durable. Failures are ignored: the file itself is already synced.
private func syncParentDirectory(of path: String) {
    let directory: String
    if let slash = path.lastIndex(of: "/") {
        directory = slash == path.startIndex ? "/" : String(path[..<slash])
    } else {
        directory = "."
    }
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
}

/// `mode` as four octal digits, e.g. `0644`.
private func octal(_ mode: mode_t) -> String {
    let digits = String(mode, radix: 8)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// `strerror(errno)` as a Swift string.
private func errnoDescription() -> String {
    let code = errno
    return String(cString: strerror(code)) + " (errno \(code))"
}
