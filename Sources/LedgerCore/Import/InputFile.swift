#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file the tool reads as input (statements, a batch, a plan, a public key), with a size limit per kind
/// and no repair of its bytes.
///
/// Input rules of the tool, not format rules (a verifier judges records by FORMAT.md alone): a file
/// larger than its kind's limit is refused before it is parsed, so one mistaken file cannot make the tool
/// hold gigabytes; a file that is not valid UTF-8 is refused naming the line, because text read by
/// replacing bad bytes with U+FFFD would be signed as something its author never wrote.
public enum InputFile {
    /// What a file is read as; each kind has its limit.
    public enum Kind: Sendable, CaseIterable {
        /// Signed statements, one per line (`ledger submit`).
        case statements
        /// A batch of rows, CSV or JSON Lines (`ledger append --batch`).
        case batch
        /// A work plan (`ledger plan import`).
        case plan
        /// A public key in PEM (`ledger key enroll`, `rotate`).
        case publicKey

        /// The largest file of this kind the tool reads, in bytes.
        public var limit: Int {
            switch self {
            case .statements, .batch: 16 << 20
            case .plan: 4 << 20
            case .publicKey: 64 << 10
            }
        }

        /// How the file is named in a refusal.
        public var name: String {
            switch self {
            case .statements: "statement file"
            case .batch: "batch file"
            case .plan: "plan file"
            case .publicKey: "public key file"
            }
        }
    }

    /// Why an input file was refused; `description` names the file.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads the whole file at `path` as `kind`: at most `kind.limit` bytes, valid UTF-8.
    /// - Throws: ``Refusal`` naming the file (and the line of the first invalid UTF-8 byte).
    public static func read(_ path: String, as kind: Kind) throws(Refusal) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw Refusal(path: path, reason: "cannot open the \(kind.name): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let tooLarge = Refusal(
            path: path, reason: "the \(kind.name) is larger than the limit of \(describe(kind.limit)); split it (nothing was changed)")
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > kind.limit { throw tooLarge }
        // Not only regular files (a pipe from a shell's `<(…)` is fine), so the limit is kept while reading.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { readSome(fd, $0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Refusal(path: path, reason: "cannot read the \(kind.name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
            if bytes.count > kind.limit { throw tooLarge }
        }
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw Refusal(
                path: path,
                reason:
                    "line \(line): the bytes from offset \(bad) are not valid UTF-8; the \(kind.name) must be UTF-8 (nothing is repaired, since a signature must cover exactly the text meant)"
            )
        }
        return bytes
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    public static func firstInvalidUTF8(_ bytes: some Collection<UInt8>) -> Int? {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}

/// `read(2)`, outside ``InputFile`` whose own `read` would shadow it.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(fd, buffer.baseAddress, buffer.count)
}
