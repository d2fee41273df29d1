/// This log's tlog-tiles entry bundles (FORMAT.md §12.11): the records of one tile, each record's log
/// line followed by `0x0A` — the exact bytes of `log.jsonl` for records 256·N … 256·N + W − 1.
///
/// C2SP tlog-tiles frames each entry with a big-endian uint16 length, which holds at most 65,535 bytes;
/// a version 2 record line may be 65,536 bytes (FORMAT.md §2.4) and a version 1 line has no limit, so a
/// uint16 frame cannot carry every record. Like C2SP static-ct-api, which defines its own bundle format
/// for its entries, this log defines its bundle as JSON Lines: a canonical line never contains `0x0A`
/// (JCS escapes it), so the newline delimits each entry unambiguously, and the bundle is a byte range
/// of the log file, servable without re-encoding. The leaf hash of an entry is still RFC 6962's
/// `H(0x00 ‖ line)` (§12.1).
public enum EntryBundle {
    /// The bundle of `lines` (each without its `0x0A`).
    public static func encode(_ lines: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            bytes += line
            bytes.append(0x0A)
        }
        return bytes
    }

    /// The lines of a bundle that must hold exactly `count` entries.
    /// - Throws: `.malformedFile` when it does not end in `0x0A` or holds another number of lines.
    public static func decode(_ bytes: [UInt8], count: Int, path: String) throws(TransparencyError) -> [[UInt8]] {
        guard bytes.last == 0x0A else { throw .malformedFile("entry bundle \(path) does not end with a line feed") }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        guard lines.count == count else { throw .malformedFile("entry bundle \(path) holds \(lines.count) entries, not \(count)") }
        guard !lines.contains(where: \.isEmpty) else { throw .malformedFile("entry bundle \(path) has an empty entry") }
        return lines
    }
}

extension LedgerTree {
    /// The bytes of the tlog-tiles resource `path` in the tree of the first `treeSize` records (default:
    /// the whole tree): a hash tile's `W` hashes, or an entry bundle; nil when the tile reaches beyond
    /// that tree. Any width up to what the tree holds is answered (a partial tile is a prefix of the
    /// full one), so a client holding an older checkpoint still finds the tiles of its size.
    public func tile(_ path: TilePath, treeSize: Int? = nil) throws(TransparencyError) -> [UInt8]? {
        let size = min(treeSize ?? self.size, self.size)
        let first = path.index * TileStore.width
        guard path.index >= 0, path.width >= 1, path.width <= TileStore.width, path.index <= Int.max / TileStore.width - 1 else { return nil }
        switch path.kind {
        case .entries:
            guard first + path.width <= size else { return nil }
            var lines: [[UInt8]] = []
            lines.reserveCapacity(path.width)
            for seq in first..<(first + path.width) { lines.append(try recordLine(seq)) }
            return EntryBundle.encode(lines)
        case .hashes(let level):
            let height = TileStore.height * level
            guard height < Int.bitWidth - 1, first + path.width <= size >> height else { return nil }
            let nodes = (first..<(first + path.width)).map { MerkleNode(level: height, index: $0) }
            return try store.hashes(of: nodes).flatMap { $0 }
        }
    }
}
