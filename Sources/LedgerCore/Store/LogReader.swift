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

    init(file: SystemFile, chunkSize: Int = 1 << 20) {
        self.file = file
        self.chunkSize = chunkSize
    }

    /// Calls `body` with each complete line (without its newline) and the line's byte offset, in order.
    /// - Returns: the torn tail, if the file does not end with a newline.
    /// - Throws: `StoreError` from reading, or whatever `body` throws (which stops the stream).
    func forEachLine<E: Error>(_ body: (_ line: [UInt8], _ offset: Int) throws(E) -> Void) throws -> TornTail? {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var pending: [UInt8] = []
        var fileOffset = 0
        var lineStart = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { raw throws(StoreError) in try file.read(into: raw, at: fileOffset) }
            if n == 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == 0x0A {
                pending.append(contentsOf: buffer[start..<i])
                try body(pending, lineStart)
                lineStart = fileOffset + i + 1
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            pending.append(contentsOf: buffer[start..<n])
            fileOffset += n
        }
        return pending.isEmpty ? nil : TornTail(offset: lineStart, length: pending.count)
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
