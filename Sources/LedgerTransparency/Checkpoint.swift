import LedgerCrypto

/// The body of a C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): origin, tree size, root hash
/// and optional extension lines, each ending in a newline.
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity. For a ledger: `accountability-ledger/<ledger id>` (``origin(ledgerID:)``).
    public let origin: String
    /// The number of leaves (records) in the tree.
    public let size: Int
    /// The RFC 6962 root of the first `size` leaves.
    public let rootHash: [UInt8]
    /// Extension lines (non-empty, opaque); a ledger's checkpoints have none.
    public let extensions: [String]

    /// The origin line of a ledger's checkpoints: one rule for writer and verifier (FORMAT.md §12.3).
    public static func origin(ledgerID: String) -> String { "accountability-ledger/\(ledgerID)" }

    public init(origin: String, size: Int, rootHash: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// The note text: `origin\nsize\nbase64(root)\n` and the extension lines.
    public var text: [UInt8] {
        Array(([origin, String(size), NoteBase64.encode(rootHash)] + extensions).map { $0 + "\n" }.joined().utf8)
    }

    /// Parses a checkpoint body.
    /// - Throws: `.malformedCheckpoint` naming the line at fault.
    public init(text: [UInt8]) throws(TransparencyError) {
        guard text.last == 0x0A else { throw .malformedCheckpoint("the text does not end with a newline") }
        let lines = text.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw .malformedCheckpoint("a checkpoint has at least three lines (origin, size, root hash), this one \(lines.count)") }
        guard !lines[0].isEmpty else { throw .malformedCheckpoint("the origin line is empty") }
        let sizeLine = lines[1]
        guard !sizeLine.isEmpty, sizeLine.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), sizeLine == "0" || !sizeLine.hasPrefix("0"),
            sizeLine.utf8.count <= 18, let size = Int(sizeLine)
        else { throw .malformedCheckpoint("the tree size \"\(sizeLine)\" is not a decimal number without leading zeros") }
        guard let root = NoteBase64.decode(lines[2]), root.count == 32 else {
            throw .malformedCheckpoint("the root hash \"\(lines[2])\" is not the base64 of 32 bytes")
        }
        let extensions = Array(lines.dropFirst(3))
        guard !extensions.contains(where: { $0.isEmpty }) else { throw .malformedCheckpoint("an extension line is empty") }
        self.init(origin: lines[0], size: size, rootHash: root, extensions: extensions)
    }
}

/// A checkpoint in its signed note, after the note's signature by a trusted key verified.
public struct SignedCheckpoint: Sendable, Hashable {
    public let checkpoint: Checkpoint
    /// The note as read or written (its signature lines include cosignatures, if any).
    public private(set) var note: SignedNote

    /// Signs `checkpoint` with `signer` (a log key; the name should be the origin).
    public init(signing checkpoint: Checkpoint, with signer: NoteSigner) throws(TransparencyError) {
        self.checkpoint = checkpoint
        self.note = SignedNote(text: checkpoint.text, signatures: [try signer.sign(checkpoint.text)])
    }

    /// Parses a signed checkpoint and verifies it with the trusted log keys `verifiers` (C2SP rules:
    /// unknown signers ignored, a failing known signature rejects, at least one must verify).
    public init(parsing bytes: [UInt8], verifiers: [NoteVerifier]) throws(TransparencyError) {
        let note = try SignedNote(parsing: bytes)
        self.checkpoint = try Checkpoint(text: note.text)
        _ = try note.verify(verifiers)
        self.note = note
    }

    /// A checkpoint note whose signatures the caller has already checked (or checks otherwise, e.g. an
    /// inspector re-reading the note it cosigned from its own signed state).
    public init(unverified note: SignedNote) throws(TransparencyError) {
        self.checkpoint = try Checkpoint(text: note.text)
        self.note = note
    }

    /// The note's bytes, as stored in `checkpoint` and `checkpoints/NNNNNNNNNNNN`.
    public var bytes: [UInt8] { note.bytes }

    /// Adds a timestamped cosignature by `signer` (a cosignature type), made at `timestamp`.
    public mutating func cosign(with signer: NoteSigner, timestamp: UInt64) throws(TransparencyError) {
        guard signer.verifier.type.isCosignature else { throw .malformedKey("\(signer.verifier.name) is not a cosigning key") }
        note.add(try signer.sign(note.text, timestamp: timestamp))
    }

    /// The cosignatures by `cosigners` that verify, with their timestamps; a cosignature by one of
    /// them that does not verify is an error (C2SP: reject, never ignore, a known key's bad signature).
    public func cosignatures(by cosigners: [NoteVerifier]) throws(TransparencyError) -> [(cosigner: NoteVerifier, timestamp: UInt64)] {
        var result: [(cosigner: NoteVerifier, timestamp: UInt64)] = []
        for signature in note.signatures {
            guard let cosigner = cosigners.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) else { continue }
            guard cosigner.type.isCosignature, cosigner.isValidSignature(signature, text: note.text), let t = cosigner.timestamp(of: signature) else {
                throw .signatureRejected("the cosignature of \(signature.name) (key id \(cosigner.keyIDHex)) does not verify")
            }
            result.append((cosigner, t))
        }
        return result
    }
}
