import Foundation
import LedgerCrypto
import LedgerTestSupport
import LedgerTransparency
import Testing

/// shared/vectors/signed-note, read as JSON.
enum NoteVectors {
    static func upstream() throws -> [[String: Any]] {
        let data = try Data(contentsOf: Workspace.sharedFile("vectors/signed-note/upstream-examples.json"))
        return (try JSONSerialization.jsonObject(with: data) as! [String: Any])["cases"] as! [[String: Any]]
    }

    static func generated() throws -> [String: Any] {
        let data = try Data(contentsOf: Workspace.sharedFile("vectors/signed-note/GENERATED-checkpoint-cosignature.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func upstreamCase(_ id: String) throws -> [String: Any] {
        try #require(try upstream().first { $0["id"] as? String == id })
    }
}

@Suite("C2SP signed notes, checkpoints and cosignatures against the published vectors")
struct SignedNoteTests {
    @Test(
        "Go's PeterNeumann note: the vkey parses with its key id, the note verifies, and our signature from the skey is byte-identical",
        .readsShared("vectors/signed-note"))
    func peterNeumann() throws {
        let c = try NoteVectors.upstreamCase("go-PeterNeumann")
        let verifier = try NoteVerifier(vkey: c["vkey"] as! String)
        #expect(verifier.keyIDHex == "c74f20a3")
        #expect(verifier.vkey == c["vkey"] as! String)
        let note = try SignedNote(parsing: Array((c["signed_note"] as! String).utf8))
        #expect(note.text == Array((c["text"] as! String).utf8))
        #expect(try note.verify([verifier]) == [verifier])
        // skey = PRIVATE+KEY+<name>+<id>+base64(0x01 ‖ seed)
        let skey = (c["skey"] as! String).split(separator: "+", maxSplits: 4)
        let blob = try #require(NoteBase64.decode(String(skey[4])))
        #expect(blob.first == 0x01)
        let signer = try NoteSigner(name: "PeterNeumann", type: .ed25519, key: SigningKey(ed25519Seed: Array(blob.dropFirst())))
        #expect(signer.verifier == verifier)
        let signed = SignedNote(text: note.text, signatures: [try signer.sign(note.text)])
        #expect(signed.bytes == Array((c["signed_note"] as! String).utf8))
    }

    @Test("Go's EnochRoot signature from the all-zero seed and the C2SP example note verify", .readsShared("vectors/signed-note"))
    func enochRootAndC2SP() throws {
        let enoch = try NoteVectors.upstreamCase("go-EnochRoot-zero-seed")
        let signer = try NoteSigner(name: "EnochRoot", type: .ed25519, key: SigningKey(ed25519Seed: [UInt8](repeating: 0, count: 32)))
        #expect(signer.verifier.vkey == enoch["vkey"] as! String)
        let text = Array((enoch["text"] as! String).utf8)
        #expect(try signer.sign(text).line == enoch["signature_line"] as! String)
        let example = try NoteVectors.upstreamCase("c2sp-example.com/foo")
        let verifier = try NoteVerifier(vkey: example["vkey"] as! String)
        let note = try SignedNote(parsing: Array((example["signed_note"] as! String).utf8))
        #expect(try note.verify([verifier]) == [verifier])
    }

    @Test(
        "Go's malformed notes are refused, and the signature rules hold: unknown keys ignored, a bad known signature rejects, no known signer rejects",
        .readsShared("vectors/signed-note"))
    func negativeCases() throws {
        let c = try NoteVectors.upstreamCase("go-PeterNeumann")
        let verifier = try NoteVerifier(vkey: c["vkey"] as! String)
        let text = c["text"] as! String
        let good = c["signed_note"] as! String
        let sigLine = String(good.dropFirst(text.count + 1))
        let bad: [(String, [UInt8])] = [
            ("no blank line, no signatures", Array(text.utf8)),
            ("blank line, no signatures", Array((text + "\n").utf8)),
            ("no final newline", Array((text + "\n" + sigLine.dropLast()).utf8)),
            ("control character", Array(("\u{01}" + text + "\n" + sigLine).utf8)),
            ("invalid UTF-8", [0xff] + Array((text + "\n" + sigLine).utf8)),
            ("space in key name", Array((text + "\n" + sigLine.replacingOccurrences(of: "PeterNeumann", with: "Bad Name")).utf8)),
            ("unexpected line", Array((text + "\n" + sigLine + "Unexpected line.\n").utf8)),
            ("101 signatures", Array((text + "\n" + String(repeating: sigLine, count: 101)).utf8)),
        ]
        for (what, bytes) in bad {
            #expect(throws: TransparencyError.self, "\(what)") { _ = try SignedNote(parsing: bytes) }
        }
        // 100 signature lines are accepted.
        #expect(try SignedNote(parsing: Array((text + "\n" + String(repeating: sigLine, count: 100)).utf8)).signatures.count == 100)
        let note = try SignedNote(parsing: Array(good.utf8))
        let other = try NoteSigner(name: "Other", type: .ed25519, key: SigningKey(ed25519Seed: [UInt8](repeating: 7, count: 32)))
        #expect(throws: TransparencyError.self, "no known signer") { _ = try note.verify([other.verifier]) }
        var withUnknown = note
        withUnknown.add(try other.sign(note.text))
        #expect(try withUnknown.verify([verifier]) == [verifier], "an unknown signer is ignored")
        var tampered = note
        tampered.add(NoteSignature(name: "Other", keyID: other.verifier.keyID, payload: [UInt8](repeating: 1, count: 64)))
        #expect(throws: TransparencyError.self, "a known key's bad signature rejects the note") { _ = try tampered.verify([verifier, other.verifier]) }
        let changedText = try SignedNote(parsing: Array(good.replacingOccurrences(of: "cryptography", with: "cryptoGraphy").utf8))
        #expect(throws: TransparencyError.self, "a changed text") { _ = try changedText.verify([verifier]) }
        #expect(throws: TransparencyError.self, "unknown algorithm byte") {
            _ = try NoteVerifier(vkey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: TransparencyError.self, "wrong key id") {
            _ = try NoteVerifier(vkey: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: TransparencyError.self, "wrong key length") {
            _ = try NoteVerifier(vkey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=")
        }
    }

    @Test("The cosignature lines of C2SP and transparency-dev decode to their key ids and timestamps", .readsShared("vectors/signed-note"))
    func cosignatureLines() throws {
        let c = try NoteVectors.upstreamCase("cosig-decode-only")
        for line in c["lines"] as! [[String: Any]] {
            if let text = line["line"] as? String {
                let note = try SignedNote(parsing: Array(("x\n\n" + text + "\n").utf8))
                #expect(String(note.signatures[0].keyID, radix: 16) == line["key_id_hex"] as! String)
                let t = note.signatures[0].payload.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(t == (line["timestamp"] as! NSNumber).uint64Value)
                #expect(note.signatures[0].payload.count + 4 == (line["decoded_len"] as! NSNumber).intValue)
            } else if let base64 = line["base64"] as? String {
                let bytes = try #require(NoteBase64.decode(base64))
                #expect(bytes.prefix(4).map { String(format: "%02x", $0) }.joined() == line["key_id_hex"] as! String)
                #expect(bytes.dropFirst(4).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == (line["timestamp"] as! NSNumber).uint64Value)
            } else if let vkey = line["vkey"] as? String {
                let verifier = try NoteVerifier(vkey: vkey)
                #expect(verifier.type == .ed25519Cosignature)
                #expect(verifier.vkey == vkey)
            }
        }
    }

    @Test(
        "The generated checkpoint over the 8-leaf tree: our log signature and cosignature are byte-identical, and both verify",
        .readsShared("vectors/signed-note"))
    func generatedCheckpoint() throws {
        let v = try NoteVectors.generated()
        let log = v["log_key"] as! [String: String], witness = v["witness_key"] as! [String: String]
        let logSigner = try NoteSigner(name: log["name"]!, type: .ed25519, key: SigningKey(ed25519Seed: hex(log["ed25519_seed_hex"]!)))
        let witnessSigner = try NoteSigner(name: witness["name"]!, type: .ed25519Cosignature, key: SigningKey(ed25519Seed: hex(witness["ed25519_seed_hex"]!)))
        #expect(logSigner.verifier.vkey == log["vkey"]!)
        #expect(witnessSigner.verifier.vkey == witness["vkey"]!)
        let checkpoint = try Checkpoint(text: Array((v["checkpoint_body"] as! String).utf8))
        #expect(checkpoint.size == 8)
        #expect(checkpoint.rootHash == hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"))
        var signed = try SignedCheckpoint(signing: checkpoint, with: logSigner)
        try signed.cosign(with: witnessSigner, timestamp: (v["cosignature_timestamp"] as! NSNumber).uint64Value)
        #expect(signed.bytes == Array((v["full_note"] as! String).utf8))
        let file = try String(contentsOf: Workspace.sharedFile("vectors/signed-note/GENERATED-checkpoint-cosigned.txt"), encoding: .utf8)
        let read = try SignedCheckpoint(parsing: Array(file.utf8), verifiers: [logSigner.verifier])
        let cosignatures = try read.cosignatures(by: [witnessSigner.verifier])
        #expect(cosignatures.count == 1 && cosignatures[0].timestamp == 1_679_315_147)
        #expect(
            NoteVerifier.signedMessage(type: .ed25519Cosignature, text: checkpoint.text, timestamp: 1_679_315_147)
                == Array((v["cosignature_signed_message"] as! String).utf8))
        // A cosignature whose timestamp is changed no longer verifies.
        var payload = read.note.signatures[1].payload
        payload[7] ^= 1
        let forged = SignedNote(
            text: read.note.text,
            signatures: [read.note.signatures[0], NoteSignature(name: witness["name"]!, keyID: witnessSigner.verifier.keyID, payload: payload)])
        let reread = try SignedCheckpoint(parsing: forged.bytes, verifiers: [logSigner.verifier])
        #expect(throws: TransparencyError.self) { _ = try reread.cosignatures(by: [witnessSigner.verifier]) }
    }

    @Test("Checkpoint bodies: leading zeros, a short root, a missing line or an empty extension are refused")
    func checkpointBodies() throws {
        let root = NoteBase64.encode([UInt8](repeating: 9, count: 32))
        #expect(try Checkpoint(text: Array("o\n0\n\(root)\n".utf8)).size == 0)
        #expect(try Checkpoint(text: Array("o\n12\n\(root)\nextra\n".utf8)).extensions == ["extra"])
        for bad in [
            "o\n012\n\(root)\n", "o\n12\nAAAA\n", "o\n12\n", "\n12\n\(root)\n", "o\n12\n\(root)\n\n", "o\n12\n\(root)", "o\n-1\n\(root)\n", "o\n+1\n\(root)\n",
        ] {
            #expect(throws: TransparencyError.self, "\(bad.debugDescription)") { _ = try Checkpoint(text: Array(bad.utf8)) }
        }
    }

    @Test("SM2 notes and cosignatures sign and verify, with the 0xff type identifiers in the key id; a changed byte fails")
    func sm2Notes() throws {
        let key = try SigningKey.generate(suite: .sm2sm3)
        let signer = try NoteSigner(name: "accountability-ledger/test", type: .sm2, key: key)
        let parsed = try NoteVerifier(vkey: signer.verifier.vkey)
        #expect(parsed == signer.verifier)
        let checkpoint = Checkpoint(origin: "accountability-ledger/test", size: 3, rootHash: [UInt8](repeating: 1, count: 32))
        var signed = try SignedCheckpoint(signing: checkpoint, with: signer)
        let inspector = try NoteSigner(name: "inspector.example/1", type: .sm2Cosignature, key: SigningKey.generate(suite: .sm2sm3))
        try signed.cosign(with: inspector, timestamp: 1_700_000_000)
        let read = try SignedCheckpoint(parsing: signed.bytes, verifiers: [parsed])
        #expect(try read.cosignatures(by: [inspector.verifier]).map(\.timestamp) == [1_700_000_000])
        #expect(throws: TransparencyError.self) { _ = try NoteSigner(name: "x", type: .ed25519, key: key) }
        var bytes = signed.bytes
        bytes[bytes.firstIndex(of: 0x0A)! + 1] = UInt8(ascii: "4")
        #expect(throws: TransparencyError.self) { _ = try SignedCheckpoint(parsing: bytes, verifiers: [parsed]) }
    }
}
