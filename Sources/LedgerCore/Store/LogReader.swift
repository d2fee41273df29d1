#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams the lines of a log file without loading it whole.
///
/// Memory stays at one read buffer plus the longest line. A final line without its newline is a torn
/// tail from an interrupted append: it is reported through ``TornTail`` and never handed out as a line.
public struct LogReader {
    /// A partial last line: where it starts and how many bytes it has.
    public struct TornTail: Sendable, Equatable {
        /// Byte offset of the partial line.
        public let offset: Int
        public let length: Int
    }

    let file: SystemFile
    let chunkSize: Int
    /// Where the acknowledged log ends, when an interrupted batch left bytes after it (see
    /// `PendingAppend`): lines are read up to here, and everything after is reported as the torn tail.
    let end: Int?

    init(file: SystemFile, end: Int? = nil, chunkSize: Int = 1 << 20) {
        self.file = file
        self.end = end
        self.chunkSize = chunkSize
    }

    /// Calls `body` with each complete line (without its newline) and the line's byte offset, in order.
    /// - Returns: the torn tail, if the file does not end with a newline.
    /// - Throws: `StoreError` from reading, or whatever `body` throws (which stops the stream).
    func forEachLine<E: Error>(_ body: (_ line: [UInt8], _ offset: Int) throws(E) -> Void) throws -> TornTail? {
        try forEachLine(from: 0, body)
    }

    /// The first complete line, reading only as far as its newline; nil when there is none.
    func firstLine() throws(StoreError) -> [UInt8]? {
        var line: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let n = try file.read(into: buffer, at: offset)
            if n == 0 { return nil }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            if let newline = chunk.firstIndex(of: 0x0A) {
                return line + chunk[..<newline]
            }
            line += chunk
            offset += n
        }
    }
}

extension LogReader {
    /// The complete line that ends just before byte `end` (which must follow its `0x0A`), reading
    /// backwards only as far as the line's start; nil when byte `end − 1` is not a line feed.
    func line(endingAt end: Int) throws(StoreError) -> [UInt8]? {
        guard end > 0 else { return nil }
        guard try file.read(count: 1, at: end - 1) == [0x0A] else { return nil }
        var line: [UInt8] = []
        let chunk = 64 * 1024
        var upper = end - 1
        while upper > 0 {
            let lower = max(0, upper - chunk)
            let buffer = try file.read(count: upper - lower, at: lower)
            guard buffer.count == upper - lower else { return nil }
            if let newline = buffer.lastIndex(of: 0x0A) {
                return Array(buffer[(newline + 1)...]) + line
            }
            line = buffer + line
            upper = lower
        }
        return line
    }

    /// Calls `body` with each complete line from byte `offset` on; see ``forEachLine(_:)``.
    func forEachLine<E: Error>(from offset: Int, _ body: (_ line: [UInt8], _ offset: Int) throws(E) -> Void) throws -> TornTail? {
        // With an acknowledged end inside the file, read only up to it; everything after is the tail.
        let size = end == nil ? 0 : try file.size()
        let limit = end.flatMap { $0 < size && offset <= $0 ? $0 : nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        // The start of a line that runs past the end of the chunk read so far.
        var pending: [UInt8] = []
        var fileOffset = offset
        var lineStart = offset
        while true {
            let wanted = limit.map { min(chunkSize, $0 - fileOffset) } ?? chunkSize
            if wanted == 0 { break }
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: fileOffset)
            if n == 0 { break }
            let chunk = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            var start = 0
            while start < n, let found = memchr(chunk.baseAddress! + start, 0x0A, n - start) {
                let i = chunk.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                // Each line gets an array of its own size: the record made from it keeps it.
                let line: [UInt8]
                if pending.isEmpty {
                    line = Array(UnsafeBufferPointer(rebasing: chunk[start..<i]))
                } else {
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<i]))
                    line = pending
                    pending = []
                }
                try body(line, lineStart)
                lineStart = fileOffset + i + 1
                start = i + 1
            }
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<n]))
            fileOffset += n
        }
        if limit != nil { return TornTail(offset: lineStart, length: size - lineStart) }
        return pending.isEmpty ? nil : TornTail(offset: lineStart, length: pending.count)
    }
}
