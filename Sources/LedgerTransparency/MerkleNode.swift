/// A perfect subtree of a Merkle tree: the `2^level` leaves from `index << level` on.
///
/// Level 0 nodes are the leaves themselves. Only perfect subtrees are ever stored (tiles hold them);
/// the hash of any other range of leaves is computed from them (``MerkleTree/subtreeHash(_:_:reader:)``).
public struct MerkleNode: Sendable, Hashable, CustomStringConvertible {
    /// The node's height above the leaves.
    public let level: Int
    /// The node's position among the nodes of its level, from 0.
    public let index: Int

    public init(level: Int, index: Int) {
        precondition(level >= 0 && level < 63 && index >= 0, "a Merkle node has a level below 63 and an index from 0")
        self.level = level
        self.index = index
    }

    /// The first leaf the node covers.
    public var firstLeaf: Int { index << level }
    /// One past the last leaf the node covers.
    public var endLeaf: Int { (index + 1) << level }

    public var description: String { "node(level \(level), index \(index))" }
}

/// Anything that can give the hashes of perfect subtrees: a tile store on disk, or leaves in memory.
///
/// Proof generation asks for O(log n) nodes at once, so that a store can read each tile once.
public protocol MerkleNodeReader {
    /// The tree's hashing.
    var hasher: MerkleHasher { get }
    /// The number of leaves the reader holds; every node asked for lies within them.
    var leafCount: Int { get }
    /// The hashes of `nodes`, in the same order.
    func hashes(of nodes: [MerkleNode]) throws(TransparencyError) -> [[UInt8]]
}
