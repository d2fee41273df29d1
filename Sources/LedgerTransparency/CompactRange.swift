/// The right edge of a Merkle tree being built leaf by leaf: at most one perfect subtree per bit of
/// the size, so O(log n) memory gives the RFC 6962 root at every size.
///
/// This is how a verifier recomputes a checkpoint's root while it reads the log once (`ledger verify
/// --checkpoint`), and how a store checks that its tiles still describe the log.
public struct CompactRange: Sendable {
    /// The tree's hashing.
    public let hasher: MerkleHasher
    /// Leaves appended so far.
    public private(set) var size: Int = 0
    /// The perfect subtrees of the right edge, largest (leftmost) first: one per set bit of `size`.
    public private(set) var peaks: [[UInt8]] = []

    /// An empty range.
    public init(hasher: MerkleHasher) {
        self.hasher = hasher
    }

    /// The range of a tree of `size` leaves with these right-edge `peaks` (as ``peaks`` gives them), to
    /// go on appending where an earlier reader stopped; nil when there is not one peak per set bit of
    /// `size` or a peak is not one hash long.
    public init?(hasher: MerkleHasher, size: Int, peaks: [[UInt8]]) {
        guard size >= 0, peaks.count == size.nonzeroBitCount, peaks.allSatisfy({ $0.count == hasher.hashSize }) else { return nil }
        self.hasher = hasher
        self.size = size
        self.peaks = peaks
    }

    /// Appends the next leaf hash, merging equal-sized subtrees.
    public mutating func append(_ leafHash: [UInt8]) {
        var hash = leafHash
        var merged = size
        // Each trailing 1 bit of the old size is a peak that the new leaf completes.
        while merged & 1 == 1 {
            hash = hasher.nodeHash(peaks.removeLast(), hash)
            merged >>= 1
        }
        peaks.append(hash)
        size += 1
    }

    /// The RFC 6962 root of the leaves appended so far.
    public var root: [UInt8] {
        guard var result = peaks.last else { return hasher.emptyRoot }
        for peak in peaks.dropLast().reversed() {
            result = hasher.nodeHash(peak, result)
        }
        return result
    }
}

/// A Merkle tree held in memory: the leaf hashes and every level above them.
///
/// For tests, small trees and proofs over a range read from the log; a ledger's own tree lives in
/// ``TileStore``.
public struct MemoryTree: MerkleNodeReader, Sendable {
    public let hasher: MerkleHasher
    /// `levels[0]` are the leaf hashes; `levels[l][i]` is the perfect subtree ``MerkleNode(level: l, index: i)``.
    public private(set) var levels: [[[UInt8]]] = [[]]

    /// A tree of `leafHashes`.
    public init(hasher: MerkleHasher, leafHashes: [[UInt8]] = []) {
        self.hasher = hasher
        for leaf in leafHashes { append(leaf) }
    }

    public var leafCount: Int { levels[0].count }

    /// Appends a leaf hash and completes the perfect subtrees it closes.
    public mutating func append(_ leafHash: [UInt8]) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = hasher.nodeHash(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public func hashes(of nodes: [MerkleNode]) throws(TransparencyError) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for node in nodes {
            guard node.level < levels.count, node.index < levels[node.level].count else {
                throw .proofUnavailable("\(node) is beyond the \(leafCount) leaves of the tree")
            }
            result.append(levels[node.level][node.index])
        }
        return result
    }
}
