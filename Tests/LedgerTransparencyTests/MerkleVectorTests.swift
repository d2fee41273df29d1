import Foundation
import LedgerCrypto
import LedgerTestSupport
import LedgerTransparency
import Testing

/// One file of transparency-dev/merkle `testdata/` (copied to shared/vectors/rfc6962/merkle-testdata).
struct ProofCase {
    let name: String
    let json: [String: Any]

    static func all(_ prefix: String) throws -> [ProofCase] {
        let directory = Workspace.sharedDirectory.appendingPathComponent("vectors/rfc6962/merkle-testdata")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(prefix) }.sorted().map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return ProofCase(name: name, json: try JSONSerialization.jsonObject(with: data) as! [String: Any])
        }
    }

    func int(_ key: String) -> Int { (json[key] as! NSNumber).intValue }
    func bytes(_ key: String) -> [UInt8] { [UInt8](Data(base64Encoded: json[key] as! String)!) }
    var proof: [[UInt8]] { (json["proof"] as? [String] ?? []).map { [UInt8](Data(base64Encoded: $0)!) } }
    var wantErr: Bool { json["wantErr"] as! Bool }
}

let sha256 = MerkleHasher(suite: .ed25519sha256)

func hex(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

/// Mutations of a valid inclusion proof, after transparency-dev/merkle's corruption list: every one
/// claims something the proof does not prove.
func inclusionMutations(index: Int, size: Int, leaf: [UInt8], proof: [[UInt8]], root: [UInt8]) -> [(String, Int, Int, [UInt8], [[UInt8]], [UInt8])] {
    var out: [(String, Int, Int, [UInt8], [[UInt8]], [UInt8])] = []
    func flip(_ h: [UInt8], _ bit: Int = 0) -> [UInt8] { var h = h; h[bit / 8] ^= 1 << (bit % 8); return h }
    out.append(("index + 1", index + 1, size, leaf, proof, root))
    if index > 0 { out.append(("index − 1", index - 1, size, leaf, proof, root)) }
    out.append(("index ^ 2", index ^ 2, size, leaf, proof, root))
    // Not size ± 1: a proof for a tree one leaf larger or smaller can take the same path (the
    // verifier reads a perfect subtree hash as the hash of the range it stands for), as upstream knows.
    out.append(("size × 2", index, size * 2, leaf, proof, root))
    out.append(("size / 2", index, size / 2, leaf, proof, root))
    out.append(("leaf bit flipped", index, size, flip(leaf), proof, root))
    out.append(("leaf last bit flipped", index, size, flip(leaf, 255), proof, root))
    out.append(("root bit flipped", index, size, leaf, proof, flip(root)))
    out.append(("empty root", index, size, leaf, proof, []))
    out.append(("root truncated", index, size, leaf, proof, Array(root.dropLast())))
    for i in proof.indices {
        var p = proof
        p[i] = flip(p[i], i * 7 % 256)
        out.append(("proof[\(i)] bit flipped", index, size, leaf, p, root))
        var q = proof
        q.remove(at: i)
        out.append(("proof[\(i)] removed", index, size, leaf, q, root))
    }
    out.append(("garbage hash appended", index, size, leaf, proof + [[UInt8](repeating: 0x42, count: 32)], root))
    out.append(("garbage hash prepended", index, size, leaf, [[UInt8](repeating: 0x42, count: 32)] + proof, root))
    out.append(("empty hash appended", index, size, leaf, proof + [[]], root))
    out.append(("root appended to proof", index, size, leaf, proof + [root], root))
    if proof.count > 1 { out.append(("proof reversed", index, size, leaf, proof.reversed(), root)) }
    return out
}

@Suite("RFC 6962 Merkle trees against the published vectors")
struct MerkleVectorTests {
    struct TreeVectors: Decodable {
        let leaf_inputs_hex: [String]
        let leaf_hashes_hex: [String]
        let root_by_tree_size_hex: [String: String]
        let extra: [String: String]
    }

    static func tree() throws -> TreeVectors {
        try JSONDecoder().decode(TreeVectors.self, from: Data(contentsOf: Workspace.sharedFile("vectors/rfc6962/tree-8-leaves.json")))
    }

    @Test("Leaf hashes, node hash and the root at every size 0…8 are the vectors'", .readsShared("vectors/rfc6962"))
    func roots() throws {
        let vectors = try Self.tree()
        let leaves = vectors.leaf_inputs_hex.map { sha256.leafHash(hex($0)) }
        #expect(leaves.map { $0.map { String(format: "%02x", $0) }.joined() } == vectors.leaf_hashes_hex)
        #expect(sha256.leafHash(Array("L123456".utf8)) == hex(vectors.extra["leaf('L123456')"]!))
        #expect(sha256.nodeHash(Array("N123".utf8), Array("N456".utf8)) == hex(vectors.extra["node('N123','N456') raw children"]!))
        let tree = MemoryTree(hasher: sha256, leafHashes: leaves)
        var compact = CompactRange(hasher: sha256)
        for size in 0...8 {
            let expected = hex(vectors.root_by_tree_size_hex[String(size)]!)
            #expect(try MerkleTree.root(size: size, reader: tree) == expected, "root of size \(size)")
            #expect(compact.root == expected, "compact range at size \(size)")
            if size < 8 { compact.append(leaves[size]) }
        }
    }

    @Test(
        "Every inclusion case of transparency-dev/merkle: happy paths verify and are what we generate, the rest are rejected", .readsShared("vectors/rfc6962"))
    func inclusionCases() throws {
        let leaves = try Self.tree().leaf_inputs_hex.map { sha256.leafHash(hex($0)) }
        let tree = MemoryTree(hasher: sha256, leafHashes: leaves)
        let cases = try ProofCase.all("inclusion")
        #expect(cases.count >= 7)
        for c in cases {
            let index = c.int("leafIdx"), size = c.int("treeSize")
            let verify = { () throws(TransparencyError) in
                try MerkleTree.verifyInclusion(index: index, size: size, leafHash: c.bytes("leafHash"), proof: c.proof, root: c.bytes("root"), hasher: sha256)
            }
            if c.wantErr {
                #expect(throws: TransparencyError.self, "\(c.name)") { try verify() }
            } else {
                try verify()
                #expect(try MerkleTree.inclusionProof(index: index, size: size, reader: tree) == c.proof, "\(c.name)")
            }
        }
    }

    @Test(
        "Every consistency case of transparency-dev/merkle: happy paths verify and are what we generate, the rest are rejected", .readsShared("vectors/rfc6962")
    )
    func consistencyCases() throws {
        let leaves = try Self.tree().leaf_inputs_hex.map { sha256.leafHash(hex($0)) }
        let tree = MemoryTree(hasher: sha256, leafHashes: leaves)
        let cases = try ProofCase.all("consistency")
        #expect(cases.count >= 8)
        for c in cases {
            let m = c.int("size1"), n = c.int("size2")
            let verify = { () throws(TransparencyError) in
                try MerkleTree.verifyConsistency(oldSize: m, newSize: n, proof: c.proof, oldRoot: c.bytes("root1"), newRoot: c.bytes("root2"), hasher: sha256)
            }
            if c.wantErr {
                #expect(throws: TransparencyError.self, "\(c.name)") { try verify() }
            } else {
                try verify()
                #expect(try MerkleTree.consistencyProof(oldSize: m, newSize: n, reader: tree) == c.proof, "\(c.name)")
            }
        }
    }

    @Test("Every mutation of every happy-path proof in the vectors is rejected", .readsShared("vectors/rfc6962"))
    func mutatedVectorProofs() throws {
        var rejected = 0
        for c in try ProofCase.all("inclusion") where !c.wantErr {
            for (what, i, s, leaf, proof, root) in inclusionMutations(
                index: c.int("leafIdx"), size: c.int("treeSize"), leaf: c.bytes("leafHash"), proof: c.proof, root: c.bytes("root"))
            {
                #expect(throws: TransparencyError.self, "\(c.name): \(what)") {
                    try MerkleTree.verifyInclusion(index: i, size: s, leafHash: leaf, proof: proof, root: root, hasher: sha256)
                }
                rejected += 1
            }
        }
        for c in try ProofCase.all("consistency") where !c.wantErr {
            for (what, m, n, proof, r1, r2) in consistencyMutations(
                m: c.int("size1"), n: c.int("size2"), proof: c.proof, oldRoot: c.bytes("root1"), newRoot: c.bytes("root2"))
            {
                #expect(throws: TransparencyError.self, "\(c.name): \(what)") {
                    try MerkleTree.verifyConsistency(oldSize: m, newSize: n, proof: proof, oldRoot: r1, newRoot: r2, hasher: sha256)
                }
                rejected += 1
            }
        }
        #expect(rejected > 100)
    }
}

/// Mutations of a valid consistency proof.
func consistencyMutations(m: Int, n: Int, proof: [[UInt8]], oldRoot: [UInt8], newRoot: [UInt8]) -> [(String, Int, Int, [[UInt8]], [UInt8], [UInt8])] {
    func flip(_ h: [UInt8], _ bit: Int = 0) -> [UInt8] { var h = h; h[bit / 8] ^= 1 << (bit % 8); return h }
    var out: [(String, Int, Int, [[UInt8]], [UInt8], [UInt8])] = []
    out.append(("old root bit flipped", m, n, proof, flip(oldRoot), newRoot))
    out.append(("new root bit flipped", m, n, proof, oldRoot, flip(newRoot)))
    if m != n || oldRoot != newRoot { out.append(("roots swapped", m, n, proof, newRoot, oldRoot)) }
    out.append(("old size + 1", m + 1, n, proof, oldRoot, newRoot))
    if m > 1 { out.append(("old size − 1", m - 1, n, proof, oldRoot, newRoot)) }
    // As for inclusion, not new size ± 1 (the same path can serve a neighbouring size).
    out.append(("new size × 2", m, n * 2, proof, oldRoot, newRoot))
    out.append(("new size / 2", m, n / 2, proof, oldRoot, newRoot))
    if m != n { out.append(("sizes swapped", n, m, proof, oldRoot, newRoot)) }
    out.append(("old size 0", 0, n, proof, oldRoot, newRoot))
    for i in proof.indices {
        var p = proof
        p[i] = flip(p[i], (i * 13 + 5) % 256)
        out.append(("proof[\(i)] bit flipped", m, n, p, oldRoot, newRoot))
        var q = proof
        q.remove(at: i)
        out.append(("proof[\(i)] removed", m, n, q, oldRoot, newRoot))
    }
    out.append(("garbage hash appended", m, n, proof + [[UInt8](repeating: 0x42, count: 32)], oldRoot, newRoot))
    out.append(("garbage hash prepended", m, n, [[UInt8](repeating: 0x42, count: 32)] + proof, oldRoot, newRoot))
    if proof.count > 1 { out.append(("proof reversed", m, n, proof.reversed(), oldRoot, newRoot)) }
    return out
}
