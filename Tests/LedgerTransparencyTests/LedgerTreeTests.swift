import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import LedgerTransparency
import Testing

/// The golden v1 Ed25519 ledger (FORMAT.md §11): nine records, keys from the RFC 8032 test seeds.
enum Golden {
    static let log = Workspace.packageRoot.appendingPathComponent("Tests/LedgerCoreTests/Fixtures/golden/v1-ed25519-sha256.jsonl")
    /// RFC 8032 §7.1 TEST 1: the office's operator key.
    static let officeSeed = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    /// The record hashes FORMAT.md §11 lists.
    static let recordHashes = [
        "284a05a97479154faeb6103f48cd71b0e2c01336899b0043530d98086d51e6d9", "ab804914dcc5fa7af9a2276e7a40ceb52d1cf05276b485fc3f79fd80f216621c",
        "ca36655097313351548e15a807f1c1d7a090c2f5911847b5211462b95ae3cc2e", "984043393f03430660c206b14f2131f673122a5115245e09596fdb47a13e5e73",
        "ead698a6596b47234b7f4346ce1f083b5347f47891e3bcb8d20093d2176fe527", "38b57dbd7bbb4ad981cde0f2ff0c98d3611747f7124df90a2c090554d7b9c542",
        "66ccc8fe982f502c225f0b94fd3ee97cd719a7d9aa656ebb797bd6c3e6b696e5", "3dcb98151ee69470b29a0625bab988c45a72a574de951a8977826644d1e1f149",
        "86d6937a2c55da1b500fcda7f0fc43a68321d50b938b7938983078658e75d938",
    ]

    /// The version 2 golden ledger (FORMAT.md §11.1): the same office key.
    static let logV2 = Workspace.packageRoot.appendingPathComponent("Tests/LedgerCoreTests/Fixtures/golden/v2-ed25519-sha256.jsonl")

    /// A copy of the golden ledger (`source`, by default version 1), cut to its first `records` records.
    static func ledger(records: Int = 9, source: URL = log) throws -> Ledger {
        let directory = try TemporaryDirectory.make("golden")
        let lines = try Data(contentsOf: source).split(separator: 0x0A, omittingEmptySubsequences: true).prefix(records)
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: directory.appendingPathComponent(Ledger.logFileName))
        return try Ledger(directory: directory.path)
    }

    static func officeKey() throws -> SigningKey { try SigningKey(ed25519Seed: officeSeed) }
}

@Suite("A ledger's tree, checkpoints and proofs", .temporaryDirectory)
struct LedgerTreeTests {
    @Test("The golden ledger's checkpoint: its root is the RFC 6962 root of the nine record hashes, and the note is the one FORMAT.md §12.8 shows")
    func goldenCheckpoint() throws {
        let ledger = try Golden.ledger()
        let outcome = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey())
        let tree = MemoryTree(hasher: MerkleHasher(suite: .ed25519sha256), leafHashes: Golden.recordHashes.map(hex))
        #expect(outcome.isNew)
        #expect(outcome.checkpoint.checkpoint.size == 9)
        #expect(outcome.checkpoint.checkpoint.rootHash == (try MerkleTree.root(size: 9, reader: tree)))
        #expect(outcome.checkpoint.checkpoint.origin == "accountability-ledger/pingjiang-2023")
        let text = String(decoding: outcome.checkpoint.bytes, as: UTF8.self)
        #expect(text == Self.goldenNote, "\(text)")
        let store = CheckpointStore(directory: ledger.directory)
        #expect(try store.latest() == outcome.checkpoint.bytes)
        #expect(try store.checkpoint(size: 9) == outcome.checkpoint.bytes)
        #expect(FileManager.default.fileExists(atPath: ledger.directory + "/checkpoints/000000000009"))
        // Publishing again without new records returns the same checkpoint.
        let again = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey())
        #expect(!again.isNew && again.checkpoint.bytes == outcome.checkpoint.bytes)
    }

    /// The checkpoint of the golden ledger signed with RFC 8032 TEST 1 (Ed25519 is deterministic).
    static let goldenNote = """
        accountability-ledger/pingjiang-2023
        9
        TH/vYhpBMPPruB2eLJhptEkLTZnT04w2GgHe87lB8M0=

        — accountability-ledger/pingjiang-2023 ZW04t16g5T6P1bPUgB2B5VN/ySbfVTZ0IJoPUBRrRsAcA1vzpl3YSZ/MXbgxWrc2dAkC7CMxD7AUuR52ipACWcQ40gk=

        """

    @Test("The checkpoint's note signature verifies with the openssl command line, as FORMAT.md §12.8 shows")
    func opensslVerifiesCheckpoint() throws {
        let ledger = try Golden.ledger()
        let signed = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey()).checkpoint
        let directory = try TemporaryDirectory.make("openssl")
        let signature = signed.note.signatures[0]
        #expect(signature.keyID == NoteVerifier.keyID(name: signed.checkpoint.origin, type: .ed25519, key: try Golden.officeKey().publicKey))
        try Data(signed.note.text).write(to: directory.appendingPathComponent("msg.bin"))
        try Data(signature.payload).write(to: directory.appendingPathComponent("sig.bin"))
        try Golden.officeKey().publicKey.pemRepresentation.write(to: directory.appendingPathComponent("k.pem"), atomically: true, encoding: .utf8)
        func openssl(_ message: String) throws -> (Int32, String) {
            let result = try ChildProcess.tool("openssl", ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "k.pem", "-in", message, "-sigfile", "sig.bin"], in: directory)
            return (result.status, result.stdout + result.stderr)
        }
        let (status, text) = try openssl("msg.bin")
        #expect(status == 0 && text.contains("Signature Verified Successfully"), "\(text)")
        var changed = signed.note.text
        changed[changed.count - 2] ^= 1
        try Data(changed).write(to: directory.appendingPathComponent("bad.bin"))
        #expect(try openssl("bad.bin").0 != 0)
        // The key id is SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ 32-byte key)[:4], as `openssl dgst` computes.
        let keyIDInput = Array(signed.checkpoint.origin.utf8) + [0x0A, 0x01] + Array(try Golden.officeKey().publicKey.derRepresentation.suffix(32))
        #expect(
            Array(Suite.ed25519sha256.hash(keyIDInput).prefix(4)) == [
                UInt8(signature.keyID >> 24), UInt8(signature.keyID >> 16 & 0xff), UInt8(signature.keyID >> 8 & 0xff), UInt8(signature.keyID & 0xff),
            ])
    }

    @Test("An inspector's Ed25519 cosignature of the golden checkpoint verifies with the openssl command line over cosignature/v1, its time and the note text")
    func opensslVerifiesCosignature() throws {
        let ledger = try Golden.ledger()
        var signed = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey()).checkpoint
        // RFC 8032 TEST 2 (商务粮食局's fixture seed) stands in for an inspector's key.
        let inspectorKey = try SigningKey(ed25519Seed: hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
        let inspector = try NoteSigner(name: "inspector.example/duchaban", type: .ed25519Cosignature, key: inspectorKey)
        try signed.cosign(with: inspector, timestamp: 1_700_000_000)
        let reread = try verifiedCheckpoint(signed.bytes, keys: [try Golden.officeKey().publicKey])
        #expect(try reread.cosignatures(by: [inspector.verifier]).map(\.timestamp) == [1_700_000_000])
        let line = reread.note.signatures[1]
        #expect(line.payload.count == 8 + 64)
        let directory = try TemporaryDirectory.make("cosig")
        try Data(Array("cosignature/v1\ntime 1700000000\n".utf8) + reread.note.text).write(to: directory.appendingPathComponent("msg.bin"))
        try Data(line.payload.dropFirst(8)).write(to: directory.appendingPathComponent("sig.bin"))
        try inspectorKey.publicKey.pemRepresentation.write(to: directory.appendingPathComponent("k.pem"), atomically: true, encoding: .utf8)
        let result = try ChildProcess.tool("openssl", ["pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "k.pem", "-in", "msg.bin", "-sigfile", "sig.bin"], in: directory)
        #expect(result.status == 0 && result.stdout.contains("Signature Verified Successfully"), "\(result.stdout)\(result.stderr)")
    }

    @Test("The openssl commands of FORMAT.md §12.8, run as written on the golden checkpoint, verify it and print its key id")
    func formatExampleCommands() throws {
        let ledger = try Golden.ledger()
        _ = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey())
        let format = try String(contentsOf: Workspace.packageRoot.appendingPathComponent("docs/FORMAT.md"), encoding: .utf8)
        let section = try #require(format.range(of: "### 12.8 Worked example")).upperBound
        let start = try #require(format.range(of: "```sh\n", range: section..<format.endIndex)).upperBound
        let end = try #require(format.range(of: "```", range: start..<format.endIndex)).lowerBound
        let script = "set -euo pipefail\ncd '\(ledger.directory)'\n" + format[start..<end]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = try TemporaryDirectory.environment()
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Signature Verified Successfully"))
        #expect(text.components(separatedBy: "656d38b7").count == 3, "the key id from the line and from SHA-256: \(text)")
    }

    @Test("Every record's inclusion proof and every consistency proof of the golden ledger verify from the files alone")
    func goldenProofs() throws {
        let ledger = try Golden.ledger()
        let key = try Golden.officeKey()
        let checkpoint = try CheckpointPublisher.publish(ledger: ledger, key: key).checkpoint
        let tree = try LedgerTree(ledger: ledger)
        for seq in 0..<9 {
            var proof = try tree.inclusionProof(seq: seq, treeSize: 9)
            proof.checkpoint = checkpoint.bytes
            #expect(Hex.encode(proof.leafHash) == Golden.recordHashes[seq])
            let read = try InclusionProof(file: proof.fileBytes)
            #expect(read == proof)
            let verified = try read.verify(keys: [key.publicKey])
            #expect(verified.record?.seq == seq)
            let other = try SigningKey(ed25519Seed: [UInt8](repeating: 3, count: 32))
            #expect(throws: TransparencyError.self) { _ = try read.verify(keys: [other.publicKey]) }
            for (what, i, s, leaf, hashes, root) in inclusionMutations(index: seq, size: 9, leaf: proof.leafHash, proof: proof.hashes, root: proof.rootHash)
            where root.count == 32 && leaf.count == 32 {
                let mutated = InclusionProof(
                    suite: .ed25519sha256, index: i, treeSize: s, leafHash: leaf, record: nil, hashes: hashes, rootHash: root, checkpoint: checkpoint.bytes)
                #expect(throws: TransparencyError.self, "\(seq): \(what)") { _ = try InclusionProof(file: mutated.fileBytes).verify(keys: [key.publicKey]) }
            }
        }
        for old in 0...9 {
            let proof = try tree.consistencyProof(oldSize: old, newSize: 9)
            _ = try ConsistencyProof(file: proof.fileBytes).verify(keys: [], requireCheckpoints: false)
        }
    }

    @Test("The version 2 golden ledger checkpoints too, and each of its records has a receipt that verifies")
    func versionTwoGolden() throws {
        let ledger = try Golden.ledger(records: 1000, source: Golden.logV2)
        let key = try Golden.officeKey()
        let checkpoint = try CheckpointPublisher.publish(ledger: ledger, key: key).checkpoint
        let tree = try LedgerTree(ledger: ledger)
        #expect(checkpoint.checkpoint.size == tree.size && tree.size > 9)
        for seq in 0..<tree.size {
            var proof = try tree.inclusionProof(seq: seq, treeSize: tree.size)
            proof.checkpoint = checkpoint.bytes
            #expect(try InclusionProof(file: proof.fileBytes).verify(keys: [key.publicKey]).record?.seq == seq)
        }
    }

    @Test("A log cut below its checkpoint: publishing refuses, containment says truncated and names the first missing record from the old tiles")
    func truncatedBelowCheckpoint() throws {
        let ledger = try Golden.ledger()
        let checkpoint = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey()).checkpoint.checkpoint
        let lines = try Data(contentsOf: Golden.log).split(separator: 0x0A).prefix(6)
        try Data(lines.map { $0 + [0x0A] }.joined()).write(to: URL(fileURLWithPath: ledger.logPath))
        #expect(throws: TransparencyError.self) { _ = try CheckpointPublisher.publish(ledger: ledger, key: Golden.officeKey()) }
        // The tree notices its cache no longer fits the log and rebuilds, keeping the old tiles aside.
        let tree = try LedgerTree(ledger: ledger)
        #expect(tree.size == 6)
        #expect(FileManager.default.fileExists(atPath: ledger.directory + "/cache/previous/tree"))
        var containment = CheckpointContainment(checkpoint: checkpoint, suite: .ed25519sha256)
        let report = try Verifier.verify(ledger) { record in
            containment.observe(recordLine: record.line)
            return true
        }
        #expect(report.isValid)
        #expect(containment.outcome == .truncated(records: 6))
        #expect(containment.locateDifference(ledgerDirectory: ledger.directory) == 6)
    }

    @Test("Tiles damaged on disk are noticed and rebuilt from the log before a proof or checkpoint uses them")
    func damagedTiles() throws {
        let ledger = try Golden.ledger()
        _ = try LedgerTree(ledger: ledger)
        let tile = ledger.directory + "/tile/0/000.p/9"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: tile)))
        bytes[8 * 32] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: tile))
        let tree = try LedgerTree(ledger: ledger)
        #expect(tree.rebuiltBecause != nil)
        #expect(Hex.encode(try tree.inclusionProof(seq: 8, treeSize: 9).leafHash) == Golden.recordHashes[8])
        // An offsets file of the wrong length is noticed too.
        try Data(repeating: 0, count: 8 * 8).write(to: URL(fileURLWithPath: ledger.directory + "/cache/tree-offsets"))
        let again = try LedgerTree(ledger: ledger)
        #expect(again.rebuiltBecause?.contains("tree-offsets") == true)
        #expect(try again.recordLine(3) == Array(try Data(contentsOf: Golden.log).split(separator: 0x0A)[3]))
    }
}
