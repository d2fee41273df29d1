import LedgerCore
import LedgerCrypto

/// An inspector's cosignature sent to the office's server, `POST <ledger>/cosignature` (FORMAT.md
/// §12.12), in the shape of a C2SP tlog-witness `add-checkpoint` request with the roles turned round:
/// here the log is the server and the witness (the inspector) has already cosigned, so the request
/// carries the cosignature instead of asking for one.
///
/// ```
/// old <size of the checkpoint the inspector cosigned before, 0 at its first>
/// <consistency proof from that size to this checkpoint's, one base64 hash a line>
///
/// <the signed checkpoint, carrying the inspector's cosignature line>
/// ```
public struct CosignatureSubmission: Sendable, Equatable {
    /// The size of the checkpoint the inspector cosigned before this one (0 at its first).
    public let oldSize: Int
    /// `SUBPROOF(oldSize, D[newSize], true)`; empty when `oldSize` is 0 or the new size.
    public let proof: [[UInt8]]
    /// The signed checkpoint note with the inspector's cosignature line(s).
    public let note: [UInt8]

    public init(oldSize: Int, proof: [[UInt8]], note: [UInt8]) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// The request body.
    public var bytes: [UInt8] {
        var text = "old \(oldSize)\n"
        for hash in proof { text += NoteBase64.encode(hash) + "\n" }
        return Array((text + "\n").utf8) + note
    }

    /// Parses a request body.
    /// - Throws: `.malformedFile` naming the line that is not in the form.
    public init(parsing bytes: [UInt8]) throws(TransparencyError) {
        var lines: [[UInt8]] = []
        var start = 0
        var noteStart: Int?
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            let line = Array(bytes[start..<i])
            start = i + 1
            if line.isEmpty {
                noteStart = start
                break
            }
            lines.append(line)
            if lines.count > 64 { break }
        }
        guard let noteStart, let first = lines.first else {
            throw .malformedFile(
                "a cosignature submission is `old <size>`, the consistency proof (one base64 hash a line), an empty line and the signed checkpoint")
        }
        let oldText = String(decoding: first, as: UTF8.self)
        guard oldText.hasPrefix("old "), let size = Int(oldText.dropFirst(4)), size >= 0, String(size) == oldText.dropFirst(4) else {
            throw .malformedFile("the first line is not `old <size>` (a decimal size without leading zeros)")
        }
        var proof: [[UInt8]] = []
        for (n, line) in lines.dropFirst().enumerated() {
            guard let hash = NoteBase64.decode(String(decoding: line, as: UTF8.self)), hash.count == 32 else {
                throw .malformedFile("proof line \(n + 1) is not the base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        self.init(oldSize: size, proof: proof, note: Array(bytes[noteStart...]))
    }
}

/// What the office's side does with a ``CosignatureSubmission``: check it and keep the cosignature with
/// the checkpoint it signs (FORMAT.md §12.12). One function for the server and for tests.
public enum CosignatureIntake {
    /// The answer to a submission.
    public enum Outcome: Sendable, Equatable {
        /// Stored: the office's checkpoint note as it now stands (every cosignature it holds) and the
        /// cosignatures the submission added.
        case accepted(note: [UInt8], added: [CheckpointCosigners.Verified])
        /// The checkpoint is not one the office published (another size's latest, another root, another
        /// origin): `latestSize` is the size of the office's latest checkpoint (tlog-witness's 409 body).
        case conflict(latestSize: Int, reason: String)
        /// The consistency proof from `oldSize` does not verify against the office's own tree.
        case inconsistent(String)
        /// No cosignature by an active inspector key of the ledger, or one by such a key that does not verify.
        case forbidden(String)
    }

    /// Checks `submission` against the ledger's published checkpoints, its tree and its inspector keys,
    /// and adds the verifying cosignatures to the stored checkpoint (its numbered file, and `checkpoint`
    /// when it is the latest).
    /// - Throws: `.malformedFile`/`.malformedNote`/`.malformedCheckpoint` for a body not in the form,
    ///   `.store` for the office's own files.
    public static func accept(_ submission: CosignatureSubmission, tree: LedgerTree) throws(TransparencyError) -> Outcome {
        let store = CheckpointStore(directory: tree.ledger.directory)
        let note = try SignedNote(parsing: submission.note)
        let checkpoint = try Checkpoint(text: note.text)
        let latestSize = try store.latest().flatMap { try? Checkpoint(text: SignedNote(parsing: $0).text).size } ?? 0
        guard checkpoint.origin == tree.origin else {
            return .conflict(latestSize: latestSize, reason: "the checkpoint is of \(checkpoint.origin), not of this ledger (\(tree.origin))")
        }
        guard let storedBytes = try store.checkpoint(size: checkpoint.size), let stored = try? SignedNote(parsing: storedBytes),
            stored.text == note.text
        else {
            return .conflict(
                latestSize: latestSize,
                reason: "the office published no checkpoint of \(checkpoint.size) records with this root; its latest has \(latestSize) records")
        }
        guard submission.oldSize <= checkpoint.size else {
            throw .malformedFile("old \(submission.oldSize) is larger than the checkpoint's \(checkpoint.size) records")
        }
        if submission.oldSize > 0 && submission.oldSize < checkpoint.size {
            guard checkpoint.size <= tree.size else {
                return .conflict(latestSize: latestSize, reason: "the office's log no longer has the \(checkpoint.size) records of this checkpoint")
            }
            do {
                try MerkleTree.verifyConsistency(
                    oldSize: submission.oldSize, newSize: checkpoint.size, proof: submission.proof, oldRoot: try tree.root(size: submission.oldSize),
                    newRoot: checkpoint.rootHash, hasher: tree.hasher)
            } catch {
                return .inconsistent(
                    "the consistency proof from \(submission.oldSize) to \(checkpoint.size) records does not verify against the office's tree: \(error)")
            }
        } else if !submission.proof.isEmpty {
            return .inconsistent("a proof from \(submission.oldSize) to \(checkpoint.size) records must be empty")
        }
        // The inspector keys as the log now has them; only active ones may add a cosignature.
        let registry: KeyRegistry
        do { registry = try tree.ledger.replay(verifySignatures: false).0.registry } catch {
            throw .store("cannot read the log of \(tree.ledger.directory): \(error)")
        }
        let cosigners = try CheckpointCosigners.cosigners(registry: registry, origin: checkpoint.origin).filter {
            registry[$0.keyID]?.status == .active
        }
        var signatures = stored.signatures
        var added: [CheckpointCosigners.Verified] = []
        for signature in note.signatures {
            guard let cosigner = cosigners.first(where: { $0.verifier.name == signature.name && $0.verifier.keyID == signature.keyID }) else { continue }
            guard cosigner.verifier.isValidSignature(signature, text: note.text), let time = cosigner.verifier.timestamp(of: signature) else {
                return .forbidden("the cosignature of \(signature.name) (key \(cosigner.keyID.prefix(16))…) does not verify")
            }
            if signatures.contains(signature) { continue }
            // A newer cosignature by the same key replaces the older one: one line per inspector key.
            signatures.removeAll { $0.name == signature.name && $0.keyID == signature.keyID }
            signatures.append(signature)
            added.append(CheckpointCosigners.Verified(department: cosigner.department, keyID: cosigner.keyID, timestamp: time))
        }
        guard note.signatures.contains(where: { s in cosigners.contains { $0.verifier.name == s.name && $0.verifier.keyID == s.keyID } }) else {
            return .forbidden("the checkpoint carries no cosignature by an active inspector key of ledger \(tree.ledgerID)")
        }
        guard signatures.count <= 100 else { return .forbidden("the checkpoint already carries 100 signature lines") }
        let merged = try SignedCheckpoint(unverified: SignedNote(text: stored.text, signatures: signatures))
        if !added.isEmpty { try store.store(merged, asLatest: latestSize <= checkpoint.size) }
        return .accepted(note: merged.bytes, added: added)
    }
}
