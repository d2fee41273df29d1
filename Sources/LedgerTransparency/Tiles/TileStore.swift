/// A Merkle tree stored as C2SP tlog-tiles hash tiles (https://c2sp.org/tlog-tiles): the files a
/// static transparency-log server serves, and the store proofs are read from.
///
/// Tile level `L` holds the tree's nodes of height `8L`, 256 to a file: full tiles at
/// `tile/<L>/<N>` (8192 bytes, never rewritten) and the right edge at `tile/<L>/<N>.p/<W>` (`W` hashes,
/// 1…255). Any node is its tile's entries folded: a node of height `8L + r` is `2^r` entries of tile
/// level `L`, so a proof reads at most one tile per level it touches and never rehashes the log.
///
/// The store is a cache of what the log determines. It knows only how many leaves it holds (its owner,
/// ``LedgerTree``, keeps that number with what it checks the store against) and trusts its files to hold
/// what it wrote: readers check lengths, and ``LedgerTree`` checks the roots and proofs it hands out.
public struct TileStore: MerkleNodeReader {
    /// Tree levels per tile (tlog-tiles: 8).
    public static let height = 8
    /// Hashes per full tile (2^height).
    public static let width = 1 << height

    public let hasher: MerkleHasher
    /// The directory that holds `tile/` (for a ledger, the ledger directory).
    public let root: String
    /// The number of leaves stored.
    public private(set) var leafCount: Int
    /// Each tile level's right-edge entries (the partial tile), level 0 first.
    private var edges: [[[UInt8]]]
    /// Each tile level's right-edge tile index when the store was opened or last cleaned: where a
    /// superseded partial tile may still lie.
    private var cleanedEdges: [Int] = []

    /// The path of a tile relative to the directory that holds `tile/`, as tlog-tiles spells it:
    /// the index in groups of three digits, all but the last prefixed `x` (1234067 → `x001/x234/067`),
    /// and `.p/<width>` for a partial tile.
    public static func path(level: Int, index: Int, width: Int = TileStore.width) -> String {
        TilePath(kind: .hashes(level: level), index: index, width: width).description
    }

    /// Opens the store in `root` holding `leafCount` leaves, reading its right-edge tiles.
    /// - Throws: `.store` when a tile the count implies is missing or has the wrong length.
    public init(root: String, hasher: MerkleHasher, leafCount: Int) throws(TransparencyError) {
        self.root = root
        self.hasher = hasher
        self.leafCount = leafCount
        self.edges = []
        var level = 0
        repeat {
            let count = leafCount >> (TileStore.height * level)
            let width = count % TileStore.width
            if width > 0 {
                let bytes = try readTile(level: level, index: count / TileStore.width, width: width)
                edges.append(stride(from: 0, to: bytes.count, by: hasher.hashSize).map { Array(bytes[$0..<($0 + hasher.hashSize)]) })
            } else {
                edges.append([])
            }
            level += 1
        } while (leafCount >> (TileStore.height * level)) > 0
        cleanedEdges = (0..<edges.count).map { (leafCount >> (TileStore.height * $0)) / TileStore.width }
    }

    /// An empty store in `root` (files already there are overwritten as the tree grows).
    public static func empty(root: String, hasher: MerkleHasher) throws(TransparencyError) -> TileStore {
        try TileStore(root: root, hasher: hasher, leafCount: 0)
    }

    /// Reads one tile and checks its length.
    func readTile(level: Int, index: Int, width: Int) throws(TransparencyError) -> [UInt8] {
        let relative = TileStore.path(level: level, index: index, width: width)
        guard let bytes = try FileIO.read(root + "/" + relative) else {
            throw .store("the tree cache has no tile \(relative)")
        }
        guard bytes.count == width * hasher.hashSize else {
            throw .store("tile \(relative) is \(bytes.count) bytes, not \(width * hasher.hashSize)")
        }
        return bytes
    }

    /// Appends leaf hashes, writing each tile that fills and then the new right edge.
    ///
    /// Full tiles are written without a sync each; with `durable`, the file system is synced once at
    /// the end (before the caller records the new size), so a crash never leaves a recorded size
    /// whose tiles are not on disk. Superseded partial tiles are removed by ``removeStalePartials()``.
    public mutating func append(_ leafHashes: [[UInt8]], durable: Bool = true) throws(TransparencyError) {
        guard !leafHashes.isEmpty else { return }
        var touched = Set<Int>()
        for leaf in leafHashes {
            precondition(leaf.count == hasher.hashSize, "a leaf hash has the tree's hash size")
            var hash = leaf
            var level = 0
            while true {
                if edges.count == level { edges.append([]) }
                edges[level].append(hash)
                touched.insert(level)
                guard edges[level].count == TileStore.width else { break }
                let count = (leafCount + 1) >> (TileStore.height * level)
                let index = count / TileStore.width - 1
                try write(level: level, index: index, entries: edges[level], durable: false)
                hash = Self.tileRoot(edges[level], hasher)
                edges[level] = []
                level += 1
            }
            leafCount += 1
        }
        for level in touched.sorted() where !edges[level].isEmpty {
            let count = leafCount >> (TileStore.height * level)
            try write(level: level, index: count / TileStore.width, entries: edges[level], durable: false)
        }
        if durable { try FileIO.syncFileSystem(of: root) }
    }

    /// The hash of a full tile's 256 entries: the node 8 levels above them.
    static func tileRoot(_ entries: [[UInt8]], _ hasher: MerkleHasher) -> [UInt8] {
        var level = entries
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { hasher.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }

    private func write(level: Int, index: Int, entries: [[UInt8]], durable: Bool) throws(TransparencyError) {
        let relative = TileStore.path(level: level, index: index, width: entries.count)
        let path = root + "/" + relative
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        try FileIO.makeDirectories(directory)
        try FileIO.writeAtomically(path, entries.flatMap { $0 }, durable: durable)
    }

    /// Removes the partial tiles that a full tile or a wider partial tile has replaced. Call after the
    /// new size is recorded: until then, a crash may still need them.
    public mutating func removeStalePartials() {
        for level in 0..<edges.count {
            let count = leafCount >> (TileStore.height * level)
            let current = count / TileStore.width
            let width = count % TileStore.width
            // The partial tiles of the index the edge had before, and those of the current index narrower than the edge.
            let earlier = level < cleanedEdges.count ? cleanedEdges[level] : current
            for index in Set([earlier, current]) where index <= current {
                let directory = root + "/" + TileStore.path(level: level, index: index, width: 1).dropLast(2)
                for name in FileIO.list(directory) where index < current || Int(name) != width {
                    FileIO.remove(directory + "/" + name)
                }
                if index < current || width == 0 { FileIO.remove(directory) }
            }
        }
        cleanedEdges = (0..<edges.count).map { (leafCount >> (TileStore.height * $0)) / TileStore.width }
    }

    public func hashes(of nodes: [MerkleNode]) throws(TransparencyError) -> [[UInt8]] {
        var tiles: [String: [UInt8]] = [:]
        var result: [[UInt8]] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            guard node.endLeaf <= leafCount else {
                throw .proofUnavailable("\(node) is beyond the \(leafCount) leaves of the tree")
            }
            let tileLevel = node.level / TileStore.height
            let r = node.level % TileStore.height
            let first = node.index << r  // first entry at tree level 8·tileLevel
            let entriesAtLevel = leafCount >> (TileStore.height * tileLevel)
            let tileIndex = first / TileStore.width
            let width = min(TileStore.width, entriesAtLevel - tileIndex * TileStore.width)
            let key = "\(tileLevel)/\(tileIndex)/\(width)"
            let bytes: [UInt8]
            if let cached = tiles[key] {
                bytes = cached
            } else if width < TileStore.width, tileLevel < edges.count, edges[tileLevel].count == width {
                bytes = edges[tileLevel].flatMap { $0 }
                tiles[key] = bytes
            } else {
                bytes = try readTile(level: tileLevel, index: tileIndex, width: width)
                tiles[key] = bytes
            }
            result.append(Self.fold(bytes, offset: first - tileIndex * TileStore.width, count: 1 << r, hasher: hasher))
        }
        return result
    }

    /// The node over `count` (a power of two) consecutive entries of a tile's bytes from entry `offset`:
    /// how a node of height 8·L + r is read from tile level L (one rule for the local and the remote tiles).
    static func fold(_ bytes: [UInt8], offset: Int, count: Int, hasher: MerkleHasher) -> [UInt8] {
        let size = hasher.hashSize
        var level = (0..<count).map { i in Array(bytes[((offset + i) * size)..<((offset + i + 1) * size)]) }
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { hasher.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }
}

extension TileStore {
    /// The first `count` leaf hashes, read from the level-0 tiles.
    public func leafHashes(count: Int) throws(TransparencyError) -> [[UInt8]] {
        guard count <= leafCount else { throw .proofUnavailable("the tiles hold \(leafCount) leaves, fewer than \(count)") }
        var result: [[UInt8]] = []
        result.reserveCapacity(count)
        var index = 0
        while result.count < count {
            let width = min(TileStore.width, leafCount - index * TileStore.width)
            let bytes = try readTile(level: 0, index: index, width: width)
            for i in 0..<min(width, count - result.count) {
                result.append(Array(bytes[(i * hasher.hashSize)..<((i + 1) * hasher.hashSize)]))
            }
            index += 1
        }
        return result
    }
}
