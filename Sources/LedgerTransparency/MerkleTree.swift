/// RFC 6962 / RFC 9162 §2.1 Merkle tree algorithms: roots, inclusion proofs and consistency proofs,
/// generated from any ``MerkleNodeReader`` and verified from the proof alone.
///
/// Generation follows the recursive definitions of RFC 9162 §2.1.3.1 (`PATH`) and §2.1.4.1
/// (`SUBPROOF`) over leaf ranges; each range's hash is folded from the perfect subtrees that make it
/// up, which the reader supplies in one batch. So a proof for a tree of a million leaves reads about
/// forty stored nodes and hashes nothing but the folds. Verification is the iterative algorithm of
/// RFC 9162 §2.1.3.2 and §2.1.4.2 and needs only the hashes it is given.
public enum MerkleTree {
    // MARK: Ranges

    /// The largest power of two strictly below `n` (n ≥ 2): the size of the left subtree of `n` leaves.
    static func splitPoint(_ n: Int) -> Int {
        precondition(n >= 2)
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The perfect subtrees whose fold is the RFC 6962 hash of leaves `lo..<hi`, largest first.
    ///
    /// Valid for the ranges the recursive definitions produce: `hi − lo`'s binary digits, from the
    /// highest, each start on a multiple of their own size.
    public static func perfectNodes(_ lo: Int, _ hi: Int) -> [MerkleNode] {
        precondition(lo < hi)
        var nodes: [MerkleNode] = []
        var start = lo
        var remaining = hi - lo
        var level = Int.bitWidth - 1 - remaining.leadingZeroBitCount
        while remaining > 0 {
            let size = 1 << level
            if remaining >= size {
                precondition(start % size == 0, "range \(lo)..<\(hi) is not made of aligned perfect subtrees")
                nodes.append(MerkleNode(level: level, index: start >> level))
                start += size
                remaining -= size
            }
            level -= 1
        }
        return nodes
    }

    /// Folds perfect subtree hashes (largest first) right to left into the hash of their range.
    static func fold(_ hashes: ArraySlice<[UInt8]>, _ hasher: MerkleHasher) -> [UInt8] {
        var result = hashes.last!
        for hash in hashes.dropLast().reversed() {
            result = hasher.nodeHash(hash, result)
        }
        return result
    }

    /// The hashes of each of `ranges`, reading every perfect subtree needed in one call.
    static func rangeHashes(_ ranges: [Range<Int>], reader: some MerkleNodeReader) throws(TransparencyError) -> [[UInt8]] {
        let pieces = ranges.map { perfectNodes($0.lowerBound, $0.upperBound) }
        let hashes = try reader.hashes(of: pieces.flatMap { $0 })
        var result: [[UInt8]] = []
        var at = 0
        for piece in pieces {
            result.append(fold(hashes[at..<(at + piece.count)], reader.hasher))
            at += piece.count
        }
        return result
    }

    // MARK: Generation

    /// The RFC 6962 hash of leaves `lo..<hi` (see ``perfectNodes(_:_:)`` for which ranges are valid).
    public static func subtreeHash(_ lo: Int, _ hi: Int, reader: some MerkleNodeReader) throws(TransparencyError) -> [UInt8] {
        try rangeHashes([lo..<hi], reader: reader)[0]
    }

    /// The root of the tree of the first `size` leaves (`H("")` for 0).
    public static func root(size: Int, reader: some MerkleNodeReader) throws(TransparencyError) -> [UInt8] {
        guard size <= reader.leafCount, size >= 0 else {
            throw .proofUnavailable("a tree of \(size) leaves, but only \(reader.leafCount) are known")
        }
        if size == 0 { return reader.hasher.emptyRoot }
        return try subtreeHash(0, size, reader: reader)
    }

    /// The ranges whose hashes make up `PATH(index, D[lo:hi])`, leaf first (RFC 9162 §2.1.3.1).
    static func inclusionRanges(_ index: Int, _ lo: Int, _ hi: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var lo = lo
        var hi = hi
        // Descend from the root, collecting siblings; the proof lists them from the leaf up.
        while hi - lo > 1 {
            let k = splitPoint(hi - lo)
            if index < lo + k {
                ranges.append((lo + k)..<hi)
                hi = lo + k
            } else {
                ranges.append(lo..<(lo + k))
                lo += k
            }
        }
        return ranges.reversed()
    }

    /// The inclusion proof of leaf `index` in the tree of the first `size` leaves.
    public static func inclusionProof(index: Int, size: Int, reader: some MerkleNodeReader) throws(TransparencyError) -> [[UInt8]] {
        guard index >= 0, index < size else {
            throw .proofUnavailable("leaf \(index) is not in a tree of \(size) leaves")
        }
        guard size <= reader.leafCount else {
            throw .proofUnavailable("a tree of \(size) leaves, but only \(reader.leafCount) are known")
        }
        return try rangeHashes(inclusionRanges(index, 0, size), reader: reader)
    }

    /// The ranges whose hashes make up `SUBPROOF(m, D[lo:hi], b)` (RFC 9162 §2.1.4.1); `m` is absolute.
    static func consistencyRanges(_ m: Int, _ lo: Int, _ hi: Int, _ b: Bool) -> [Range<Int>] {
        if m == hi { return b ? [] : [lo..<hi] }
        let k = splitPoint(hi - lo)
        if m - lo <= k {
            return consistencyRanges(m, lo, lo + k, b) + [(lo + k)..<hi]
        }
        return consistencyRanges(m, lo + k, hi, false) + [lo..<(lo + k)]
    }

    /// The consistency proof from the tree of the first `oldSize` leaves to that of the first `newSize`.
    ///
    /// Empty when `oldSize` is 0 or equals `newSize` (RFC 9162: nothing to prove).
    public static func consistencyProof(oldSize: Int, newSize: Int, reader: some MerkleNodeReader) throws(TransparencyError) -> [[UInt8]] {
        guard oldSize >= 0, oldSize <= newSize else {
            throw .proofUnavailable("the old tree (\(oldSize) leaves) is larger than the new one (\(newSize))")
        }
        guard newSize <= reader.leafCount else {
            throw .proofUnavailable("a tree of \(newSize) leaves, but only \(reader.leafCount) are known")
        }
        if oldSize == 0 || oldSize == newSize { return [] }
        return try rangeHashes(consistencyRanges(oldSize, 0, newSize, true), reader: reader)
    }

    // MARK: Verification

    /// Checks that every hash has the tree's hash size, naming the one that does not.
    static func checkSizes(_ hasher: MerkleHasher, _ named: [(String, [UInt8])]) throws(TransparencyError) {
        for (name, hash) in named where hash.count != hasher.hashSize {
            throw .proofRejected("\(name) is \(hash.count) bytes, not \(hasher.hashSize)")
        }
    }

    /// The root an inclusion proof leads to from `leafHash` at `index` in a tree of `size` leaves
    /// (RFC 9162 §2.1.3.2), or a rejection when the proof has the wrong length for that position.
    public static func rootFromInclusion(
        index: Int, size: Int, leafHash: [UInt8], proof: [[UInt8]], hasher: MerkleHasher
    ) throws(TransparencyError) -> [UInt8] {
        guard index >= 0, index < size else {
            throw .proofRejected("leaf index \(index) is not below the tree size \(size)")
        }
        try checkSizes(hasher, [("the leaf hash", leafHash)] + proof.enumerated().map { ("proof hash \($0.offset)", $0.element) })
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { throw .proofRejected("the proof has \(proof.count) hashes, more than leaf \(index) of a tree of \(size) needs") }
            if fn & 1 == 1 || fn == sn {
                r = hasher.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = hasher.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .proofRejected("the proof has \(proof.count) hashes, fewer than leaf \(index) of a tree of \(size) needs") }
        return r
    }

    /// Verifies that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(
        index: Int, size: Int, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8], hasher: MerkleHasher
    ) throws(TransparencyError) {
        try checkSizes(hasher, [("the root", root)])
        let computed = try rootFromInclusion(index: index, size: size, leafHash: leafHash, proof: proof, hasher: hasher)
        guard computed == root else {
            throw .proofRejected("the proof of leaf \(index) leads to a root other than the tree of \(size) leaves has")
        }
    }

    /// Verifies that the tree of `oldSize` leaves with root `oldRoot` is a prefix of the tree of
    /// `newSize` leaves with root `newRoot` (RFC 9162 §2.1.4.2).
    ///
    /// Stricter than RFC 9162 in one place: a tree of 0 leaves must have the root `H("")`, so that a
    /// claimed empty tree is really the empty tree.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, proof: [[UInt8]], oldRoot: [UInt8], newRoot: [UInt8], hasher: MerkleHasher
    ) throws(TransparencyError) {
        try checkSizes(hasher, [("the old root", oldRoot), ("the new root", newRoot)] + proof.enumerated().map { ("proof hash \($0.offset)", $0.element) })
        guard oldSize >= 0, oldSize <= newSize else {
            throw .proofRejected("the old tree size \(oldSize) is larger than the new tree size \(newSize)")
        }
        if oldSize == 0 {
            guard proof.isEmpty else { throw .proofRejected("a proof from the empty tree must be empty, and this one has \(proof.count) hashes") }
            guard oldRoot == hasher.emptyRoot else { throw .proofRejected("the old root is not the root of the empty tree") }
            if newSize == 0, newRoot != oldRoot { throw .proofRejected("two empty trees with different roots") }
            return
        }
        if oldSize == newSize {
            guard proof.isEmpty else { throw .proofRejected("trees of the same size need an empty proof, and this one has \(proof.count) hashes") }
            guard oldRoot == newRoot else { throw .proofRejected("two trees of \(oldSize) leaves with different roots: the log forked") }
            return
        }
        guard !proof.isEmpty else { throw .proofRejected("the proof from \(oldSize) to \(newSize) leaves is empty") }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw .proofRejected("the proof from \(oldSize) to \(newSize) leaves has too many hashes") }
            if fn & 1 == 1 || fn == sn {
                fr = hasher.nodeHash(c, fr)
                sr = hasher.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = hasher.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .proofRejected("the proof from \(oldSize) to \(newSize) leaves has too few hashes") }
        guard fr == oldRoot else {
            throw .proofRejected("the proof does not lead to the old root: the tree of \(oldSize) leaves is not a prefix of the new tree")
        }
        guard sr == newRoot else { throw .proofRejected("the proof does not lead to the new root of \(newSize) leaves") }
    }
}
