import Foundation
import LedgerCrypto
import LedgerTestSupport
import LedgerTransparency
import Testing

@Suite("Merkle proofs from tiles on disk", .temporaryDirectory)
struct MerkleTreeTests {
    static func leaves(_ count: Int, _ hasher: MerkleHasher) -> [[UInt8]] {
        (0..<count).map { hasher.leafHash(Array("leaf \($0)".utf8)) }
    }

    @Test("Every inclusion and consistency proof of trees up to 70 leaves verifies, in both suites, and every mutation is rejected", arguments: Suite.allCases)
    func exhaustiveSmallTrees(suite: Suite) throws {
        let hasher = MerkleHasher(suite: suite)
        let all = Self.leaves(70, hasher)
        let tree = MemoryTree(hasher: hasher, leafHashes: all)
        var roots: [[UInt8]] = []
        var compact = CompactRange(hasher: hasher)
        for size in 0...70 {
            roots.append(compact.root)
            if size < 70 { compact.append(all[size]) }
        }
        for size in 1...70 {
            #expect(try MerkleTree.root(size: size, reader: tree) == roots[size])
            for index in stride(from: 0, to: size, by: size > 20 ? 7 : 1) {
                let proof = try MerkleTree.inclusionProof(index: index, size: size, reader: tree)
                try MerkleTree.verifyInclusion(index: index, size: size, leafHash: all[index], proof: proof, root: roots[size], hasher: hasher)
                for (what, i, s, leaf, p, root) in inclusionMutations(index: index, size: size, leaf: all[index], proof: proof, root: roots[size]) {
                    #expect(throws: TransparencyError.self, "\(index)/\(size): \(what)") {
                        try MerkleTree.verifyInclusion(index: i, size: s, leafHash: leaf, proof: p, root: root, hasher: hasher)
                    }
                }
            }
            for old in stride(from: 1, through: size, by: size > 20 ? 5 : 1) {
                let proof = try MerkleTree.consistencyProof(oldSize: old, newSize: size, reader: tree)
                try MerkleTree.verifyConsistency(oldSize: old, newSize: size, proof: proof, oldRoot: roots[old], newRoot: roots[size], hasher: hasher)
                for (what, m, n, p, r1, r2) in consistencyMutations(m: old, n: size, proof: proof, oldRoot: roots[old], newRoot: roots[size]) {
                    #expect(throws: TransparencyError.self, "\(old)→\(size): \(what)") {
                        try MerkleTree.verifyConsistency(oldSize: m, newSize: n, proof: p, oldRoot: r1, newRoot: r2, hasher: hasher)
                    }
                }
            }
        }
    }

    @Test("A consistency proof between two different trees of the same leaves count is rejected (a fork)")
    func forkRejected() throws {
        let a = MemoryTree(hasher: sha256, leafHashes: Self.leaves(20, sha256))
        var forked = Self.leaves(20, sha256)
        forked[11] = sha256.leafHash(Array("another record 11".utf8))
        let b = MemoryTree(hasher: sha256, leafHashes: forked)
        let proof = try MerkleTree.consistencyProof(oldSize: 13, newSize: 20, reader: b)
        #expect(throws: TransparencyError.self) {
            try MerkleTree.verifyConsistency(
                oldSize: 13, newSize: 20, proof: proof, oldRoot: try MerkleTree.root(size: 13, reader: a), newRoot: try MerkleTree.root(size: 20, reader: b),
                hasher: sha256)
        }
    }

    @Test("Tiles written in uneven batches give the same nodes, roots and proofs as the tree in memory, and reopen from disk")
    func tilesMatchMemory() throws {
        let directory = try TemporaryDirectory.make("tiles").path
        let count = 256 * 256 + 777
        let all = Self.leaves(count, sha256)
        var store = try TileStore.empty(root: directory, hasher: sha256)
        var at = 0
        for batch in [1, 255, 1, 300, 65000, 1000, 10000] where at < count {
            let end = min(count, at + batch)
            try store.append(Array(all[at..<end]), durable: false)
            store.removeStalePartials()
            at = end
        }
        try store.append(Array(all[at...]), durable: true)
        store.removeStalePartials()
        let memory = MemoryTree(hasher: sha256, leafHashes: all)
        let reopened = try TileStore(root: directory, hasher: sha256, leafCount: count)
        for size in [1, 255, 256, 257, 65535, 65536, 65537, count] {
            let expected = try MerkleTree.root(size: size, reader: memory)
            #expect(try MerkleTree.root(size: size, reader: store) == expected, "size \(size)")
            #expect(try MerkleTree.root(size: size, reader: reopened) == expected, "size \(size), reopened")
        }
        for index in [0, 255, 256, 65535, 65536, count - 1] {
            #expect(
                try MerkleTree.inclusionProof(index: index, size: count, reader: reopened)
                    == MerkleTree.inclusionProof(index: index, size: count, reader: memory))
        }
        #expect(
            try MerkleTree.consistencyProof(oldSize: 66000, newSize: count, reader: reopened)
                == MerkleTree.consistencyProof(oldSize: 66000, newSize: count, reader: memory))
        // The tlog-tiles layout: full tiles of 8192 bytes, one partial tile per level at the right edge.
        #expect(FileManager.default.fileExists(atPath: directory + "/tile/0/000"))
        #expect(FileManager.default.fileExists(atPath: directory + "/tile/1/000"))
        #expect(FileManager.default.fileExists(atPath: directory + "/tile/2/000.p/1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tile/0/259.p") == ["9"])
        // Superseded partial tiles are gone: one partial tile per level, the right edge.
        let partials = try FileManager.default.subpathsOfDirectory(atPath: directory + "/tile").filter { $0.contains(".p/") }
        #expect(partials.sorted() == ["0/259.p/9", "1/001.p/3", "2/000.p/1"])
        #expect(TileStore.path(level: 0, index: 1234067) == "tile/0/x001/x234/067")
        #expect(TileStore.path(level: 3, index: 5, width: 17) == "tile/3/005.p/17")
    }
}
