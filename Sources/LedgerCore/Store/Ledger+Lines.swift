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
        try readLines(from: offset) { (line, at) throws(LedgerError) in
            try body(line, at)
            return true
        }
    }

    /// Like ``forEachLine(from:_:)``, but stops reading as soon as `body` returns false (the line it returned false for counts as handed out).
    /// - Returns: the byte offset just past the last line handed out.
    @discardableResult
    public func readLines(from offset: Int, _ body: (_ line: [UInt8], _ offset: Int) throws(LedgerError) -> Bool) throws(LedgerError) -> Int {
        struct Stop: Error {}
        let (file, end) = try openForReading()
        var next = offset
        do {
            _ = try LogReader(file: file, end: end).forEachLine(from: offset) { (line, at) throws(any Error) in
                let more = try body(line, at)
                next = at + line.count + 1
                if !more { throw Stop() }
            }
        } catch is Stop {
            return next
        } catch let error as LedgerError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        return next
    }

    /// The byte offset where the line of record `seq` starts, found by bisection over the log's bytes
    /// (each probe reads one line and its `seq`); nil when no line of the log has that `seq`.
    ///
    /// For code that resumes at a known record (a snapshot's): the caller checks what it finds (the
    /// line's hash against the one it holds), since a damaged log can mislead the search.
    public func offset(ofRecord seq: Int) throws(LedgerError) -> Int? {
        do {
            let file = try SystemFile.regular(path: logPath, flags: O_RDONLY)
            let size = try file.size()
            /// The `seq` of the line starting at `start` and where the next line starts.
            func probe(_ start: Int) throws(StoreError) -> (seq: Int, next: Int)? {
                var line: [UInt8] = []
                var at = start
                while true {
                    let chunk = try file.read(count: 4096, at: at)
                    if chunk.isEmpty { return nil }
                    if let newline = chunk.firstIndex(of: 0x0A) {
                        line += chunk[..<newline]
                        break
                    }
                    line += chunk
                    at += chunk.count
                }
                guard let value = try? JSONValue.parse(line), let found = value["seq"]?.intValue else { return nil }
                return (found, start + line.count + 1)
            }
            /// The first line start at or after `offset`.
            func lineStart(atOrAfter offset: Int) throws(StoreError) -> Int? {
                if offset == 0 { return 0 }
                var at = offset - 1
                while at < size {
                    let chunk = try file.read(count: 4096, at: at)
                    if chunk.isEmpty { return nil }
                    if let newline = chunk.firstIndex(of: 0x0A) { return at + (newline - chunk.startIndex) + 1 }
                    at += chunk.count
                }
                return nil
            }
            // Invariant: the wanted line, if any, starts in low..<high.
            var low = 0
            var high = size
            while low < high {
                let mid = low + (high - low) / 2
                guard let start = try lineStart(atOrAfter: mid), start < size else {
                    high = mid
                    continue
                }
                guard let (found, next) = try probe(start) else { return nil }
                if found == seq { return start }
                if found < seq { low = max(next, mid + 1) } else { high = mid }
            }
            return nil
        } catch {
            throw .store(error)
        }
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
