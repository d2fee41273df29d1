import LedgerCrypto

/// The RFC 6962 / RFC 9162 §2.1.1 hashing of a Merkle tree, with a ledger suite's hash function.
///
/// A leaf is `H(0x00 ‖ data)` and an interior node `H(0x01 ‖ left ‖ right)`; the empty tree's root is
/// `H("")`. A record hash (FORMAT.md §3.2) is exactly the leaf hash of the record's line, so the tree of
/// a ledger is built over the record hashes as they are. `H` is SHA-256 for `ed25519-sha256` ledgers
/// and SM3 for `sm2-sm3` ledgers: one hash per ledger, everywhere.
public struct MerkleHasher: Sendable, Hashable {
    /// The suite whose hash function this hasher uses.
    public let suite: Suite

    /// A hasher for `suite`'s hash function.
    public init(suite: Suite) {
        self.suite = suite
    }

    /// The length in bytes of every hash (32 for both suites).
    public var hashSize: Int { suite.digestByteCount }

    /// `H(0x00 ‖ data)`: the leaf hash of `data` (for a ledger, of a record's line without its `0x0A`).
    public func leafHash(_ data: [UInt8]) -> [UInt8] {
        var stream = DigestStream(suite: suite)
        stream.update([0x00])
        stream.update(data)
        return stream.finalize()
    }

    /// `H(0x01 ‖ left ‖ right)`: the hash of an interior node.
    public func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(1 + left.count + right.count)
        bytes.append(0x01)
        bytes.append(contentsOf: left)
        bytes.append(contentsOf: right)
        return suite.hash(bytes)
    }

    /// `H("")`: the root of the tree with no leaves.
    public var emptyRoot: [UInt8] { suite.hash([]) }
}
