import LedgerCore
import LedgerCrypto

/// Reads the members of a proof file's JSON object, refusing unknown members and wrong types.
struct ProofObject {
    let members: [String: JSONValue]
    let what: String

    init(_ bytes: [UInt8], format: String, allowed: Set<String>, what: String) throws(TransparencyError) {
        self.what = what
        let body = bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes
        guard let json = try? JSONValue.parse(body), let members = json.objectValue else {
            throw .malformedFile("the \(what) is not a JSON object")
        }
        guard members["format"]?.stringValue == format else { throw .malformedFile("the \(what) is not of format \(format)") }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .malformedFile("the \(what) has an unknown member \"\(unknown)\"")
        }
        self.members = members
    }

    func string(_ name: String) throws(TransparencyError) -> String {
        guard let value = members[name]?.stringValue else { throw .malformedFile("the \(what) has no text member \"\(name)\"") }
        return value
    }

    func optionalString(_ name: String) throws(TransparencyError) -> String? {
        guard let value = members[name] else { return nil }
        guard let text = value.stringValue else { throw .malformedFile("the \(what)'s \"\(name)\" is not text") }
        return text
    }

    func integer(_ name: String) throws(TransparencyError) -> Int {
        guard let value = members[name]?.intValue, value >= 0 else { throw .malformedFile("the \(what)'s \"\(name)\" is not an integer from 0") }
        return value
    }

    func hash(_ name: String) throws(TransparencyError) -> [UInt8] {
        guard let bytes = NoteBase64.decode(try string(name)), bytes.count == 32 else {
            throw .malformedFile("the \(what)'s \"\(name)\" is not the base64 of a 32-byte hash")
        }
        return bytes
    }

    func hashes(_ name: String) throws(TransparencyError) -> [[UInt8]] {
        guard let items = members[name]?.arrayValue else { throw .malformedFile("the \(what) has no array \"\(name)\"") }
        var result: [[UInt8]] = []
        for (n, item) in items.enumerated() {
            guard let text = item.stringValue, let bytes = NoteBase64.decode(text), bytes.count == 32 else {
                throw .malformedFile("hash \(n) of the \(what)'s \"\(name)\" is not the base64 of 32 bytes")
            }
            result.append(bytes)
        }
        return result
    }

    func suite() throws(TransparencyError) -> Suite {
        guard let suite = Suite(rawValue: try string("suite")) else { throw .malformedFile("the \(what)'s suite is not sm2-sm3 or ed25519-sha256") }
        return suite
    }
}

/// The note verifiers for a ledger's checkpoints: each trusted operator key under the checkpoint's
/// origin as key name, with the suite's note signature type (FORMAT.md §12.4).
public func checkpointVerifiers(origin: String, keys: [VerifyingKey]) throws(TransparencyError) -> [NoteVerifier] {
    var verifiers: [NoteVerifier] = []
    for key in keys { verifiers.append(try NoteVerifier(name: origin, type: .note(key.suite), key: key)) }
    return verifiers
}

/// Parses a signed checkpoint and verifies its signature by one of `keys` (the note's origin is the key
/// name), and that it is of a ledger's form.
public func verifiedCheckpoint(_ bytes: [UInt8], keys: [VerifyingKey]) throws(TransparencyError) -> SignedCheckpoint {
    let note = try SignedNote(parsing: bytes)
    let checkpoint = try Checkpoint(text: note.text)
    return try SignedCheckpoint(parsing: bytes, verifiers: try checkpointVerifiers(origin: checkpoint.origin, keys: keys))
}

/// An inclusion proof of one record, as a file (FORMAT.md §12.6): with the record's line and a signed
/// checkpoint of the tree it is proved in, it is a receipt a department can keep instead of the log.
public struct InclusionProof: Sendable, Hashable {
    public static let format = "accountability-ledger/inclusion-proof/v1"

    public let suite: Suite
    /// The record's seq (its leaf index).
    public let index: Int
    /// The size of the tree the proof is for.
    public let treeSize: Int
    /// `H(0x00 ‖ line)`: the record hash.
    public let leafHash: [UInt8]
    /// The record's line without `0x0A`, when carried.
    public let record: [UInt8]?
    /// The proof hashes, leaf first (RFC 9162 §2.1.3.1).
    public let hashes: [[UInt8]]
    /// The root of the tree of `treeSize` records.
    public let rootHash: [UInt8]
    /// The signed checkpoint for `treeSize`, when carried.
    public var checkpoint: [UInt8]?

    public init(suite: Suite, index: Int, treeSize: Int, leafHash: [UInt8], record: [UInt8]?, hashes: [[UInt8]], rootHash: [UInt8], checkpoint: [UInt8]? = nil)
    {
        self.suite = suite
        self.index = index
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.record = record
        self.hashes = hashes
        self.rootHash = rootHash
        self.checkpoint = checkpoint
    }

    /// The file: one canonical JSON object and `0x0A`.
    public var fileBytes: [UInt8] {
        var object: [String: JSONValue] = [
            "format": .string(Self.format), "suite": .string(suite.rawValue), "index": .number(Double(index)),
            "treeSize": .number(Double(treeSize)), "leafHash": .string(NoteBase64.encode(leafHash)),
            "proof": .array(hashes.map { .string(NoteBase64.encode($0)) }), "root": .string(NoteBase64.encode(rootHash)),
        ]
        if let record { object["record"] = .string(String(decoding: record, as: UTF8.self)) }
        if let checkpoint { object["checkpoint"] = .string(String(decoding: checkpoint, as: UTF8.self)) }
        return JSONValue.object(object).canonicalBytes + [0x0A]
    }

    /// Parses a file written by ``fileBytes``.
    public init(file bytes: [UInt8]) throws(TransparencyError) {
        let o = try ProofObject(
            bytes, format: Self.format, allowed: ["format", "suite", "index", "treeSize", "leafHash", "record", "proof", "root", "checkpoint"],
            what: "inclusion proof")
        self.init(
            suite: try o.suite(), index: try o.integer("index"), treeSize: try o.integer("treeSize"), leafHash: try o.hash("leafHash"),
            record: try o.optionalString("record").map { Array($0.utf8) }, hashes: try o.hashes("proof"), rootHash: try o.hash("root"),
            checkpoint: try o.optionalString("checkpoint").map { Array($0.utf8) })
    }

    /// What a verified inclusion proof establishes.
    public struct Verified: Sendable {
        /// The record, when the proof carried its line.
        public let record: Record?
        /// The checkpoint the record is proved in, signed by one of the trusted keys; nil when none was
        /// required and none was given.
        public let checkpoint: SignedCheckpoint?
    }

    /// Verifies the proof with nothing but itself, a checkpoint and the trusted operator keys:
    /// 1. a carried record line hashes to `leafHash` and is record `index` of a ledger (§3.1);
    /// 2. the proof leads from `leafHash` at `index` to `root` in a tree of `treeSize` (RFC 9162);
    /// 3. the checkpoint (`checkpoint`, else the carried one) is signed by one of `keys`, is for
    ///    `treeSize` and `root`, and its origin is the record's ledger.
    /// - Parameter requireCheckpoint: fail when there is no checkpoint at all (a bare proof shows only
    ///   that the record is in *some* tree with that root).
    public func verify(keys: [VerifyingKey], checkpoint external: [UInt8]? = nil, requireCheckpoint: Bool = true) throws(TransparencyError) -> Verified {
        let hasher = MerkleHasher(suite: suite)
        var parsed: Record?
        if let record {
            guard hasher.leafHash(record) == leafHash else { throw .proofRejected("the record's line does not hash to the proof's leaf hash") }
            do { parsed = try Record(line: record, expectedSeq: index) } catch {
                throw .proofRejected("the carried line is not record \(index) of a ledger: \(error)")
            }
        }
        try MerkleTree.verifyInclusion(index: index, size: treeSize, leafHash: leafHash, proof: hashes, root: rootHash, hasher: hasher)
        guard let note = external ?? checkpoint else {
            if requireCheckpoint { throw .proofRejected("the proof carries no checkpoint, and none was given") }
            return Verified(record: parsed, checkpoint: nil)
        }
        let signed = try verifiedCheckpoint(note, keys: keys)
        guard signed.checkpoint.size == treeSize, signed.checkpoint.rootHash == rootHash else {
            throw .proofRejected("the checkpoint is for \(signed.checkpoint.size) records with another root than the proof's tree of \(treeSize)")
        }
        if let parsed, signed.checkpoint.origin != Checkpoint.origin(ledgerID: parsed.signed.statement.ledger) {
            throw .proofRejected("the checkpoint's origin \(signed.checkpoint.origin) is not the record's ledger \(parsed.signed.statement.ledger)")
        }
        return Verified(record: parsed, checkpoint: signed)
    }
}

/// A consistency proof between two tree sizes, as a file (FORMAT.md §12.6), optionally with the two
/// signed checkpoints.
public struct ConsistencyProof: Sendable, Hashable {
    public static let format = "accountability-ledger/consistency-proof/v1"

    public let suite: Suite
    public let oldSize: Int
    public let newSize: Int
    public let oldRoot: [UInt8]
    public let newRoot: [UInt8]
    /// The proof hashes (RFC 9162 §2.1.4.1).
    public let hashes: [[UInt8]]
    public var oldCheckpoint: [UInt8]?
    public var newCheckpoint: [UInt8]?

    public init(
        suite: Suite, oldSize: Int, newSize: Int, oldRoot: [UInt8], newRoot: [UInt8], hashes: [[UInt8]], oldCheckpoint: [UInt8]? = nil,
        newCheckpoint: [UInt8]? = nil
    ) {
        self.suite = suite
        self.oldSize = oldSize
        self.newSize = newSize
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.hashes = hashes
        self.oldCheckpoint = oldCheckpoint
        self.newCheckpoint = newCheckpoint
    }

    public var fileBytes: [UInt8] {
        var object: [String: JSONValue] = [
            "format": .string(Self.format), "suite": .string(suite.rawValue), "oldSize": .number(Double(oldSize)),
            "newSize": .number(Double(newSize)), "oldRoot": .string(NoteBase64.encode(oldRoot)), "newRoot": .string(NoteBase64.encode(newRoot)),
            "proof": .array(hashes.map { .string(NoteBase64.encode($0)) }),
        ]
        if let oldCheckpoint { object["oldCheckpoint"] = .string(String(decoding: oldCheckpoint, as: UTF8.self)) }
        if let newCheckpoint { object["newCheckpoint"] = .string(String(decoding: newCheckpoint, as: UTF8.self)) }
        return JSONValue.object(object).canonicalBytes + [0x0A]
    }

    public init(file bytes: [UInt8]) throws(TransparencyError) {
        let o = try ProofObject(
            bytes, format: Self.format, allowed: ["format", "suite", "oldSize", "newSize", "oldRoot", "newRoot", "proof", "oldCheckpoint", "newCheckpoint"],
            what: "consistency proof")
        self.init(
            suite: try o.suite(), oldSize: try o.integer("oldSize"), newSize: try o.integer("newSize"), oldRoot: try o.hash("oldRoot"),
            newRoot: try o.hash("newRoot"), hashes: try o.hashes("proof"), oldCheckpoint: try o.optionalString("oldCheckpoint").map { Array($0.utf8) },
            newCheckpoint: try o.optionalString("newCheckpoint").map { Array($0.utf8) })
    }

    /// Verifies that the old tree is a prefix of the new one (RFC 9162), and that each checkpoint (given,
    /// else carried) is signed by one of `keys`, of the same origin, and for its size and root.
    /// - Returns: the two verified checkpoints (nil where there was none and none was required).
    public func verify(
        keys: [VerifyingKey], oldCheckpoint oldExternal: [UInt8]? = nil, newCheckpoint newExternal: [UInt8]? = nil, requireCheckpoints: Bool = true
    ) throws(TransparencyError) -> (old: SignedCheckpoint?, new: SignedCheckpoint?) {
        try MerkleTree.verifyConsistency(
            oldSize: oldSize, newSize: newSize, proof: hashes, oldRoot: oldRoot, newRoot: newRoot, hasher: MerkleHasher(suite: suite))
        func check(_ note: [UInt8]?, _ size: Int, _ root: [UInt8], _ which: String) throws(TransparencyError) -> SignedCheckpoint? {
            guard let note else {
                if requireCheckpoints { throw .proofRejected("there is no \(which) checkpoint") }
                return nil
            }
            let signed = try verifiedCheckpoint(note, keys: keys)
            guard signed.checkpoint.size == size, signed.checkpoint.rootHash == root else {
                throw .proofRejected(
                    "the \(which) checkpoint is for \(signed.checkpoint.size) records with another root than the proof's \(which) tree of \(size)")
            }
            return signed
        }
        let old = try check(oldExternal ?? oldCheckpoint, oldSize, oldRoot, "old")
        let new = try check(newExternal ?? newCheckpoint, newSize, newRoot, "new")
        if let old, let new, old.checkpoint.origin != new.checkpoint.origin {
            throw .proofRejected("the checkpoints are of two logs (\(old.checkpoint.origin), \(new.checkpoint.origin))")
        }
        return (old, new)
    }
}
