#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file operations the tree store and the checkpoint store make: whole-file reads, atomic
/// durable writes (temporary name, `fsync`, `rename`, directory `fsync`), and directory creation.
///
/// Files are opened without following symbolic links, as every file of a ledger directory is
/// (FORMAT.md §1).
enum FileIO {
    static func error(_ operation: String, _ path: String, _ code: Int32 = errno) -> TransparencyError {
        .store("\(operation) \(path): \(String(cString: strerror(code)))")
    }

    /// The whole content of the regular file at `path`; nil when it does not exist.
    static func read(_ path: String) throws(TransparencyError) -> [UInt8]? {
        guard let (fd, info) = try openForReading(path) else { return nil }
        defer { close(fd) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .store("\(path) is not a regular file") }
        return try read(fd: fd, path: path, count: Int(info.st_size), at: 0)
    }

    /// `path` opened for reading (not following a symbolic link) and its `fstat`; nil when it does not
    /// exist. The caller closes the descriptor.
    private static func openForReading(_ path: String) throws(TransparencyError) -> (Int32, stat)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw error("open", path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw error("fstat", path, code)
        }
        return (fd, info)
    }

    /// Up to `count` bytes at `offset` of an open file (fewer at its end).
    static func read(fd: Int32, path: String, count: Int, at offset: Int) throws(TransparencyError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var total = 0
        while total < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + total, count - total, off_t(offset + total)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw error("read", path)
            }
            if n == 0 { break }
            total += n
        }
        if total < count { bytes.removeLast(count - total) }
        return bytes
    }

    /// Creates `path` and its missing parents (mode 0755).
    static func makeDirectories(_ path: String) throws(TransparencyError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw error("mkdir", prefix) }
        }
    }

    /// Writes `bytes` to `path` through a temporary name and `rename`, so readers see the old or the
    /// new file, never a part. With `durable`, the file and its directory are synced before returning.
    static func writeAtomically(_ path: String, _ bytes: [UInt8], durable: Bool, mode: mode_t = 0o644) throws(TransparencyError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw error("open", temporary) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw error("write", temporary, code)
            }
            written += n
        }
        if durable && fsync(fd) != 0 {
            let code = errno
            close(fd)
            unlink(temporary)
            throw error("fsync", temporary, code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw error("rename", path, code)
        }
        if durable { try syncDirectory(directory.isEmpty ? "." : directory) }
    }

    /// Makes the entries of a directory durable.
    static func syncDirectory(_ path: String) throws(TransparencyError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw error("fsync", path) }
    }

    /// Flushes every written file of the file system holding `path` (one call after writing thousands
    /// of tiles, instead of one `fsync` each).
    static func syncFileSystem(of path: String) throws(TransparencyError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        #if canImport(Glibc)
            guard linuxSyncfs(fd) == 0 else { throw error("syncfs", path) }
        #else
            guard fsync(fd) == 0 else { throw error("fsync", path) }
        #endif
    }

    /// Removes a file or an empty directory; a missing one is not an error.
    static func remove(_ path: String) {
        if unlink(path) != 0 && (errno == EISDIR || errno == EPERM) { rmdir(path) }
    }

    /// The names in a directory (without `.` and `..`); empty when it does not exist.
    static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

#if canImport(Glibc)
    /// glibc's `syncfs(2)`, which the Glibc module hides behind `_GNU_SOURCE`.
    @_silgen_name("syncfs")
    private func linuxSyncfs(_ fd: Int32) -> Int32
#endif

extension FileIO {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func move(_ from: String, _ to: String) throws(TransparencyError) {
        guard rename(from, to) == 0 else { throw error("rename", from) }
    }

    /// Removes a directory and everything in it (never following links).
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in list(path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// The last `count` bytes of the regular file at `path` when it is exactly `expectedSize` bytes long;
    /// nil when it is missing or of another length.
    static func tail(_ path: String, expectedSize: Int, count: Int) throws(TransparencyError) -> [UInt8]? {
        guard let (fd, info) = try openForReading(path) else { return nil }
        defer { close(fd) }
        guard (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == expectedSize, expectedSize >= count else { return nil }
        let bytes = try read(fd: fd, path: path, count: count, at: expectedSize - count)
        return bytes.count == count ? bytes : nil
    }

    /// Appends `bytes` to the file at `path` after truncating it to `expectedSize` (a crash may have left
    /// entries past what the state records); creates the file when it does not exist.
    static func append(_ path: String, _ bytes: [UInt8], expectedSize: Int) throws(TransparencyError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw error("open", path) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(expectedSize)) == 0 else { throw error("ftruncate", path) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, bytes.count - written, off_t(expectedSize + written)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw error("write", path)
            }
            written += n
        }
    }
}
