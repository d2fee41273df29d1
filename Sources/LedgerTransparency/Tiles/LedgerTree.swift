import LedgerCore
import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ledger's RFC 6962 tree (FORMAT.md §12), kept as tlog-tiles under the ledger directory and
/// extended lazily from the log.
///
/// Files (all a cache of what `log.jsonl` determines; deleting them only costs a rebuild):
/// - `tile/<L>/<N>[.p/<W>]`: the hash tiles (``TileStore``), servable as a static tlog-tiles log;
/// - `cache/tree`: the covered size, the byte offset where the covered records end, the hash of the
///   last covered record and the root, one canonical JSON line;
/// - `cache/tree-offsets`: the byte offset of each covered record's line, 8 bytes big-endian each,
///   so that a proof can carry its record without scanning the log;
/// - `cache/tree.lock`: held (`flock`) while a process checks, rebuilds or extends the cache.
///
/// The cache is never trusted blindly. Opening checks that the log still has, at the recorded offset,
/// a line whose hash is the recorded last hash and the last leaf of the tiles (the `prev` chain makes
/// that line commit to every record before it), that the offsets file has one entry per record, and
/// that the tiles give the recorded root. Anything else moves the old tiles to `cache/previous/` (where
/// ``CheckpointContainment`` can still use them to name the first changed record) and rebuilds from
/// the log. Every inclusion proof is checked against the record's actual line before it is returned.
public final class LedgerTree {
    public let ledger: Ledger
    public let ledgerID: String
    public let suite: Suite
    public let hasher: MerkleHasher
    /// The tiles; ``size`` leaves.
    public private(set) var store: TileStore
    /// Records covered by the tree.
    public var size: Int { store.leafCount }
    /// Byte offset just past the last covered record's line.
    private var logEnd: Int
    /// The line offsets of the covered records (loaded on demand).
    private var offsetsFile: String { ledger.directory + "/cache/tree-offsets" }
    private var statePath: String { ledger.directory + "/cache/tree" }
    /// Why the cache was rebuilt when the tree was opened, if it was.
    public private(set) var rebuiltBecause: String?

    /// The checkpoint origin of this ledger (FORMAT.md §12.3).
    public var origin: String { Checkpoint.origin(ledgerID: ledgerID) }

    /// Opens the tree of `ledger`, checking the cache against the log (rebuilding it when it does not
    /// hold), and extends it to the log's current end.
    public init(ledger: Ledger, extend: Bool = true) throws(TransparencyError) {
        self.ledger = ledger
        let genesis: (ledgerID: String, genesis: Genesis)
        do { genesis = try ledger.genesis() } catch { throw .store("cannot read record 0 of \(ledger.directory): \(error)") }
        ledgerID = genesis.ledgerID
        suite = genesis.genesis.suite
        hasher = MerkleHasher(suite: suite)
        store = try TileStore.empty(root: ledger.directory, hasher: hasher)
        logEnd = 0
        // One process at a time checks, rebuilds or extends the cache (two would only redo each other's
        // work, but a rebuild must not move tiles another process is extending).
        try FileIO.makeDirectories(ledger.directory + "/cache")
        let lock = open(ledger.directory + "/cache/tree.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lock >= 0 else { throw FileIO.error("open", ledger.directory + "/cache/tree.lock") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw FileIO.error("flock", ledger.directory + "/cache/tree.lock") }
        }
        if let problem = try openCache() {
            try rebuild(because: problem)
        }
        if extend { try update() }
    }

    /// Reads `cache/tree` and checks it; returns why it cannot be used, or nil when it was adopted.
    private func openCache() throws(TransparencyError) -> String? {
        guard let bytes = try FileIO.read(statePath) else {
            return FileIO.list(ledger.directory + "/tile").isEmpty ? nil : "the tiles have no cache/tree beside them"
        }
        guard let json = try? JSONValue.parse(bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes),
            json["tree"]?.intValue == 1, json["suite"]?.stringValue == suite.rawValue,
            let size = json["size"]?.intValue, let end = json["logEnd"]?.intValue, let head = json["head"]?.stringValue,
            let rootText = json["root"]?.stringValue, let root = NoteBase64.decode(rootText), size >= 0, end >= 0
        else { return "cache/tree is damaged" }
        if size == 0 { return nil }
        let line: [UInt8]?
        do { line = try ledger.line(endingAt: end) } catch { throw .store("\(error)") }
        guard let line, Hex.encode(hasher.leafHash(line)) == head else {
            return "the log no longer has, where the tree's last record ended, the record the tree was built over"
        }
        // Only the length and the last entry are read: a million records' offsets are 8 MB.
        guard let last = try FileIO.tail(offsetsFile, expectedSize: size * 8, count: 8) else {
            return "cache/tree-offsets does not have one entry per record"
        }
        guard Self.offset(last, 0) == end - line.count - 1 else { return "cache/tree-offsets does not end at the last record" }
        let opened: TileStore
        do { opened = try TileStore(root: ledger.directory, hasher: hasher, leafCount: size) } catch { return "\(error)" }
        guard (try? opened.hashes(of: [MerkleNode(level: 0, index: size - 1)])) == [hasher.leafHash(line)],
            (try? MerkleTree.root(size: size, reader: opened)) == root
        else { return "the tiles do not give the root recorded in cache/tree" }
        store = opened
        logEnd = end
        return nil
    }

    static func offset(_ bytes: [UInt8], _ index: Int) -> Int {
        bytes[(index * 8)..<(index * 8 + 8)].reduce(0) { $0 << 8 | Int($1) }
    }

    /// Moves the tiles and state aside to `cache/previous/` and starts an empty tree.
    private func rebuild(because problem: String) throws(TransparencyError) {
        rebuiltBecause = problem
        let previous = ledger.directory + "/cache/previous"
        try FileIO.makeDirectories(previous)
        FileIO.removeTree(previous + "/tile")
        FileIO.remove(previous + "/tree")
        if FileIO.exists(ledger.directory + "/tile") { try FileIO.move(ledger.directory + "/tile", previous + "/tile") }
        if FileIO.exists(statePath) { try FileIO.move(statePath, previous + "/tree") }
        FileIO.remove(offsetsFile)
        store = try TileStore.empty(root: ledger.directory, hasher: hasher)
        logEnd = 0
    }

    /// Extends the tree with the records appended to the log since it was last extended (opening the
    /// tree does this under the cache lock; call it again only in the process that opened the tree).
    /// - Returns: the new size.
    @discardableResult
    public func update() throws(TransparencyError) -> Int {
        var leaves: [[UInt8]] = []
        var offsets: [UInt8] = []
        var lastLine: [UInt8] = []
        let end: Int
        do {
            end = try ledger.forEachLine(from: logEnd) { (line, at) throws(LedgerError) in
                leaves.append(hasher.leafHash(line))
                for shift in stride(from: 56, through: 0, by: -8) { offsets.append(UInt8((at >> shift) & 0xff)) }
                lastLine = line
            }
        } catch {
            throw .store("cannot read the log of \(ledger.directory): \(error)")
        }
        guard !leaves.isEmpty else { return size }
        try FileIO.makeDirectories(ledger.directory + "/cache")
        try FileIO.append(offsetsFile, offsets, expectedSize: size * 8)
        try store.append(leaves, durable: true)
        logEnd = end
        let root = try MerkleTree.root(size: size, reader: store)
        let state: JSONValue = [
            "tree": 1, "suite": .string(suite.rawValue), "size": .number(Double(size)), "logEnd": .number(Double(logEnd)),
            "head": .string(Hex.encode(hasher.leafHash(lastLine))), "root": .string(NoteBase64.encode(root)),
        ]
        try FileIO.writeAtomically(statePath, state.canonicalBytes + [0x0A], durable: true)
        store.removeStalePartials()
        return size
    }

    /// The root of the first `size` records.
    public func root(size: Int) throws(TransparencyError) -> [UInt8] {
        try MerkleTree.root(size: size, reader: store)
    }

    /// The line of record `seq` (without its `0x0A`), read at its recorded offset.
    public func recordLine(_ seq: Int) throws(TransparencyError) -> [UInt8] {
        guard seq >= 0, seq < size else { throw .proofUnavailable("record \(seq) is not among the \(size) records of the tree") }
        let fd = open(offsetsFile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw FileIO.error("open", offsetsFile) }
        defer { close(fd) }
        let bytes = try FileIO.read(fd: fd, path: offsetsFile, count: 8, at: seq * 8)
        guard bytes.count == 8 else { throw .store("cache/tree-offsets has no entry for record \(seq)") }
        let line: [UInt8]?
        do { line = try ledger.line(at: Self.offset(bytes, 0)) } catch { throw .store("\(error)") }
        guard let line else { throw .store("the log has no line where cache/tree-offsets says record \(seq) starts") }
        return line
    }

    /// The inclusion proof of record `seq` in the tree of the first `treeSize` records, with the record's
    /// line; checked against the tiles' root before it is returned.
    public func inclusionProof(seq: Int, treeSize: Int) throws(TransparencyError) -> InclusionProof {
        guard treeSize <= size else { throw .proofUnavailable("the log has \(size) records, fewer than the tree size \(treeSize)") }
        guard seq >= 0, seq < treeSize else { throw .proofUnavailable("record \(seq) is not among the first \(treeSize) records") }
        let line = try recordLine(seq)
        let proof = InclusionProof(
            suite: suite, index: seq, treeSize: treeSize, leafHash: hasher.leafHash(line), record: line,
            hashes: try MerkleTree.inclusionProof(index: seq, size: treeSize, reader: store), rootHash: try root(size: treeSize))
        do {
            try MerkleTree.verifyInclusion(index: seq, size: treeSize, leafHash: proof.leafHash, proof: proof.hashes, root: proof.rootHash, hasher: hasher)
        } catch {
            throw .store("the tree cache gives a wrong proof for record \(seq) (\(error)); delete \(ledger.directory)/cache/tree to rebuild it")
        }
        return proof
    }

    /// The consistency proof from the tree of the first `oldSize` records to the first `newSize`.
    public func consistencyProof(oldSize: Int, newSize: Int) throws(TransparencyError) -> ConsistencyProof {
        guard newSize <= size else { throw .proofUnavailable("the log has \(size) records, fewer than the new tree size \(newSize)") }
        guard oldSize >= 0, oldSize <= newSize else { throw .proofUnavailable("the old size \(oldSize) is larger than the new size \(newSize)") }
        return ConsistencyProof(
            suite: suite, oldSize: oldSize, newSize: newSize, oldRoot: try root(size: oldSize), newRoot: try root(size: newSize),
            hashes: try MerkleTree.consistencyProof(oldSize: oldSize, newSize: newSize, reader: store))
    }
}
