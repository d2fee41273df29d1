#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw access to the log's acknowledged lines, for code that indexes the log rather than verifies it
/// (the Merkle tree of FORMAT.md §12 hashes each line as it is).
extension Ledger {
    /// Calls `body` with each complete, acknowledged line from byte `offset` (a line start) on, without
    /// its `0x0A`, and the line's byte offset, under a shared lock on the log. Lines of an interrupted
    /// batch (§3.5) and a torn tail (§3.4) are never handed out.
    /// - Returns: the byte offset just past the last line handed out.
    @discardableResult
    public func forEachLine(from offset: Int, _ body: (_ line: [UInt8], _ offset: Int) throws(LedgerError) -> Void) throws(LedgerError) -> Int {
        let (file, end) = try openForReading()
        var next = offset
        do {
            _ = try LogReader(file: file, end: end).forEachLine(from: offset) { (line, at) throws(LedgerError) in
                try body(line, at)
                next = at + line.count + 1
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        return next
    }

    /// The complete line that starts at byte `offset`, without its `0x0A`; nil when there is none there.
    public func line(at offset: Int) throws(LedgerError) -> [UInt8]? {
        do {
            let file = try SystemFile.regular(path: logPath, flags: O_RDONLY)
            if offset > 0, try file.read(count: 1, at: offset - 1) != [0x0A] { return nil }
            var line: [UInt8] = []
            var at = offset
            while true {
                let chunk = try file.read(count: 64 * 1024, at: at)
                if chunk.isEmpty { return nil }
                if let newline = chunk.firstIndex(of: 0x0A) { return line + chunk[..<newline] }
                line += chunk
                at += chunk.count
            }
        } catch {
            throw .store(error)
        }
    }

    /// The complete line that ends just before byte `end` (just after its `0x0A`); nil when byte
    /// `end − 1` is not a line feed or is beyond the log.
    public func line(endingAt end: Int) throws(LedgerError) -> [UInt8]? {
        do {
            let file = try SystemFile.regular(path: logPath, flags: O_RDONLY)
            return try LogReader(file: file).line(endingAt: end)
        } catch {
            throw .store(error)
        }
    }

    /// The log under a shared lock, and where its acknowledged lines end: at an interrupted batch's
    /// start (§3.5) if there is one, else nil (the reader stops at a torn tail itself).
    func openForReading() throws(LedgerError) -> (file: SystemFile, end: Int?) {
        do {
            let file = try Ledger.lockedLog(logPath, flags: O_RDONLY, lock: LOCK_SH)
            return (file, try Ledger.interruptedBatchStart(directory: directory, file: file))
        } catch {
            throw .store(error)
        }
    }
}
