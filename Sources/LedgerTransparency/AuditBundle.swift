import LedgerCore
import LedgerCrypto

/// An offline audit bundle (FORMAT.md §12.10): one JSON Lines file an inspector takes away and checks
/// with nothing else — a range of records, the checkpoint that contains them with its cosignatures, an
/// inclusion proof for each record, the records that enrolled every key needed (each with its own
/// inclusion proof), optionally a consistency proof from an older checkpoint and evidence files named by
/// their digest.
public enum AuditBundle {
    public static let format = "accountability-ledger/bundle/v1"

    /// What goes into a bundle.
    public struct Request: Sendable {
        /// Records `first ..< first + count`.
        public var first: Int
        public var count: Int
        /// The signed checkpoint that contains them (a ledger's latest by default), as stored.
        public var checkpoint: [UInt8]
        /// An older signed checkpoint to prove consistency from.
        public var since: [UInt8]?
        /// Evidence files' bytes.
        public var evidence: [[UInt8]]

        public init(first: Int, count: Int, checkpoint: [UInt8], since: [UInt8]? = nil, evidence: [[UInt8]] = []) {
            self.first = first
            self.count = count
            self.checkpoint = checkpoint
            self.since = since
            self.evidence = evidence
        }
    }

    /// Writes the bundle of `request` from `ledger`: the log must verify (FORMAT.md §6, signatures of
    /// the checkpointed records left to the bundle's checker) up to the checkpoint's size and the tree
    /// must give the checkpoint's root.
    public static func write(ledger: Ledger, _ request: Request) throws(TransparencyError) -> [UInt8] {
        let note = try SignedNote(parsing: request.checkpoint)
        let checkpoint = try Checkpoint(text: note.text)
        let tree = try LedgerTree(ledger: ledger)
        guard checkpoint.origin == tree.origin else { throw .malformedFile("the checkpoint is of \(checkpoint.origin), not of \(tree.origin)") }
        let size = checkpoint.size
        guard request.first >= 0, request.count >= 1, request.first + request.count <= size else {
            throw .proofUnavailable("records \(request.first)…\(request.first + request.count - 1) are not all in the checkpoint of \(size) records")
        }
        guard tree.size >= size, try tree.root(size: size) == checkpoint.rootHash else {
            throw .notContained("the log no longer gives the checkpoint's root at \(size) records")
        }
        let report: VerificationReport
        do { report = try Verifier.verify(ledger, signaturesFrom: size, limit: size) } catch { throw .store("cannot read the log: \(error)") }
        guard report.failure == nil, let state = report.state, state.nextSeq == size else {
            throw .notContained("the log does not verify up to the checkpoint's \(size) records: \(report.failure.map { "\($0)" } ?? "it is shorter")")
        }
        let registry = state.registry
        _ = try SignedCheckpoint(
            parsing: request.checkpoint,
            verifiers: try checkpointVerifiers(origin: checkpoint.origin, keys: CheckpointSigners.keys(registry: registry, treeSize: size)))

        var lines: [JSONValue] = [
            [
                "kind": "header", "format": .string(format), "ledger": .string(tree.ledgerID), "suite": .string(tree.suite.rawValue),
                "treeSize": .number(Double(size)), "first": .number(Double(request.first)), "count": .number(Double(request.count)),
            ],
            ["kind": "checkpoint", "note": .string(String(decoding: request.checkpoint, as: UTF8.self))],
        ]
        if let since = request.since {
            let old = try Checkpoint(text: try SignedNote(parsing: since).text)
            let proof = try tree.consistencyProof(oldSize: old.size, newSize: size)
            guard proof.oldRoot == old.rootHash else { throw .notContained("the log does not contain the older checkpoint of \(old.size) records") }
            lines.append(["kind": "consistency", "oldCheckpoint": .string(String(decoding: since, as: UTF8.self)), "proof": hashes(proof.hashes)])
        }

        // The keys: every signer and sealer of the range, the operator keys that may sign the checkpoint,
        // every inspector key, and for a rotated-in key the key it replaced, each by the record that enrolled it.
        var needed = Set(CheckpointSigners.keys(registry: registry, treeSize: size).map { $0.keyID(in: tree.suite) })
        needed.formUnion(registry.keys.values.filter { $0.role == .inspector }.map(\.id))
        var records: [(line: [UInt8], record: Record)] = []
        for seq in request.first..<(request.first + request.count) {
            let line = try tree.recordLine(seq)
            let record: Record
            do { record = try Record(line: line, expectedSeq: seq) } catch { throw .store("record \(seq): \(error)") }
            records.append((line, record))
            if seq > 0 { needed.formUnion([record.signed.statement.keyID, record.sealer]) }
        }
        var enrolments: [Int: [UInt8]] = [0: try tree.recordLine(0)]
        var queue = Array(needed)
        while let id = queue.popLast() {
            guard let entry = registry[id], enrolments[entry.enrolledAt] == nil else { continue }
            let line = try tree.recordLine(entry.enrolledAt)
            enrolments[entry.enrolledAt] = line
            if let record = try? Record(line: line, expectedSeq: entry.enrolledAt), case .keyRotated(let old, _) = record.signed.statement.event {
                queue.append(old)
            }
        }
        for seq in enrolments.keys.sorted() {
            let proof = try tree.inclusionProof(seq: seq, treeSize: size)
            lines.append(["kind": "key", "record": .string(String(decoding: enrolments[seq]!, as: UTF8.self)), "proof": hashes(proof.hashes)])
        }
        for (line, record) in records {
            let proof = try tree.inclusionProof(seq: record.seq, treeSize: size)
            lines.append(["kind": "record", "record": .string(String(decoding: line, as: UTF8.self)), "proof": hashes(proof.hashes)])
        }
        for data in request.evidence {
            lines.append(["kind": "evidence", "digest": .string(Hex.encode(tree.suite.hash(data))), "data": .string(NoteBase64.encode(data))])
        }
        return lines.flatMap { $0.canonicalBytes + [0x0A] }
    }

    static func hashes(_ list: [[UInt8]]) -> JSONValue { .array(list.map { .string(NoteBase64.encode($0)) }) }

    /// What a bundle proved.
    public struct Verified: Sendable {
        public let ledgerID: String
        public let suite: Suite
        public let checkpoint: SignedCheckpoint
        public let first: Int
        public let count: Int
        /// The operator keys whose checkpoint signature verified (key ids).
        public let signedBy: [String]
        /// The genesis operator key's id, the bundle's own trust root when no key was given.
        public let genesisKeyID: String
        public let cosignatures: [CheckpointCosigners.Verified]
        /// The older checkpoint's size, when the bundle proves consistency from it.
        public let consistentFrom: Int?
        /// Evidence digests checked.
        public let evidence: [String]
    }

    /// Checks a bundle with nothing else (FORMAT.md §12.10). With `keys`, the checkpoint must be signed
    /// by one of them; without, by an operator key the bundle's own enrolment records prove.
    public static func verify(_ bytes: [UInt8], keys trusted: [VerifyingKey] = []) throws(TransparencyError) -> Verified {
        guard bytes.last == 0x0A else { throw .malformedFile("the bundle does not end with a newline") }
        var objects: [(number: Int, members: [String: JSONValue])] = []
        for (n, line) in bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard let value = try? JSONValue.parse(Array(line)), let members = value.objectValue, members["kind"]?.stringValue != nil else {
                throw .malformedFile("bundle line \(n + 1) is not a JSON object with a kind")
            }
            objects.append((n + 1, members))
        }
        func fail(_ n: Int, _ why: String) -> TransparencyError { .proofRejected("bundle line \(n): \(why)") }
        func allow(_ o: (number: Int, members: [String: JSONValue]), _ names: Set<String>) throws(TransparencyError) {
            if let unknown = o.members.keys.sorted().first(where: { !names.contains($0) }) { throw fail(o.number, "unknown member \"\(unknown)\"") }
        }
        func proofHashes(_ o: (number: Int, members: [String: JSONValue])) throws(TransparencyError) -> [[UInt8]] {
            guard let items = o.members["proof"]?.arrayValue else { throw fail(o.number, "no proof") }
            var result: [[UInt8]] = []
            for item in items {
                guard let h = item.stringValue.flatMap(NoteBase64.decode), h.count == 32 else {
                    throw fail(o.number, "a proof hash is not the base64 of 32 bytes")
                }
                result.append(h)
            }
            return result
        }
        guard let header = objects.first, header.members["kind"]?.stringValue == "header" else {
            throw .malformedFile("the bundle does not start with its header")
        }
        try allow(header, ["kind", "format", "ledger", "suite", "treeSize", "first", "count"])
        guard header.members["format"]?.stringValue == format, let ledgerID = header.members["ledger"]?.stringValue,
            let suite = header.members["suite"]?.stringValue.flatMap(Suite.init(rawValue:)), let size = header.members["treeSize"]?.intValue,
            let first = header.members["first"]?.intValue, let count = header.members["count"]?.intValue, first >= 0, count >= 1, first + count <= size
        else { throw .malformedFile("the bundle header is not a \(format) header with a ledger, suite, treeSize, first and count") }
        let hasher = MerkleHasher(suite: suite)
        let origin = Checkpoint.origin(ledgerID: ledgerID)
        guard objects.count >= 2, objects[1].members["kind"]?.stringValue == "checkpoint", let noteText = objects[1].members["note"]?.stringValue else {
            throw .malformedFile("bundle line 2 is not the checkpoint")
        }
        try allow(objects[1], ["kind", "note"])
        let noteBytes = Array(noteText.utf8)
        let note = try SignedNote(parsing: noteBytes)
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.origin == origin, checkpoint.size == size else { throw fail(2, "the checkpoint is not of \(origin) at \(size) records") }

        func included(_ o: (number: Int, members: [String: JSONValue])) throws(TransparencyError) -> Record {
            guard let text = o.members["record"]?.stringValue else { throw fail(o.number, "no record") }
            let line = Array(text.utf8)
            let record: Record
            do { record = try Record(line: line, expectedSeq: -1) } catch { throw fail(o.number, "the record does not parse: \(error)") }
            guard record.seq < size else { throw fail(o.number, "record \(record.seq) is not below the tree size \(size)") }
            guard FormatRule.same(record.signed.statement.ledger, ledgerID) else { throw fail(o.number, "record \(record.seq) is of another ledger") }
            do {
                try MerkleTree.verifyInclusion(
                    index: record.seq, size: size, leafHash: hasher.leafHash(line), proof: try proofHashes(o), root: checkpoint.rootHash, hasher: hasher)
            } catch { throw fail(o.number, "record \(record.seq) is not in the checkpoint: \(error)") }
            return record
        }

        // Keys, from their enrolment records, in log order.
        var keys: [String: (key: VerifyingKey, department: String, role: Role)] = [:]
        var genesisKeyID: String?
        var index = 2
        var consistency: (old: [UInt8], proof: [[UInt8]], number: Int)?
        if index < objects.count, objects[index].members["kind"]?.stringValue == "consistency" {
            let o = objects[index]
            try allow(o, ["kind", "oldCheckpoint", "proof"])
            guard let old = o.members["oldCheckpoint"]?.stringValue else { throw fail(o.number, "no oldCheckpoint") }
            consistency = (Array(old.utf8), try proofHashes(o), o.number)
            index += 1
        }
        var lastKeySeq = -1
        while index < objects.count, objects[index].members["kind"]?.stringValue == "key" {
            let o = objects[index]
            try allow(o, ["kind", "record", "proof"])
            let record = try included(o)
            guard record.seq > lastKeySeq else { throw fail(o.number, "key records are not in log order") }
            lastKeySeq = record.seq
            let statement = record.signed.statement
            switch statement.event {
            case .genesis(let g):
                guard record.seq == 0 else { throw fail(o.number, "a genesis record that is not record 0") }
                genesisKeyID = g.key.keyID(in: suite)
                keys[genesisKeyID!] = (g.key, g.department, .operator)
            case .keyEnrolled(let department, _, let role, let key):
                keys[key.keyID(in: suite)] = (key, department, role)
            case .keyRotated(let old, let key):
                guard let previous = keys[old] else { throw fail(o.number, "record \(record.seq) rotates a key the bundle does not enrol") }
                keys[key.keyID(in: suite)] = (key, previous.department, previous.role)
            default:
                throw fail(o.number, "record \(record.seq) enrols no key")
            }
            index += 1
        }
        guard let genesisKeyID else { throw .malformedFile("the bundle has no genesis record among its key records") }

        // The checkpoint: the office's signature, then the inspectors' cosignatures.
        let operatorKeys = trusted.isEmpty ? keys.filter { $0.value.role == .operator }.sorted { $0.key < $1.key }.map(\.value.key) : trusted
        let verifiers = try checkpointVerifiers(origin: origin, keys: operatorKeys)
        let signers = try note.verify(verifiers).map { $0.key.keyID(in: suite) }
        let signed = try SignedCheckpoint(unverified: note)
        var cosignatures: [CheckpointCosigners.Verified] = []
        var cosigners: [NoteVerifier] = []
        var cosignerIDs: [NoteVerifier: (String, String)] = [:]
        for (id, entry) in keys.sorted(by: { $0.key < $1.key }) where entry.role == .inspector {
            let verifier = try NoteVerifier(
                name: CheckpointCosigners.name(origin: origin, department: entry.department), type: .cosignature(suite), key: entry.key)
            cosigners.append(verifier)
            cosignerIDs[verifier] = (entry.department, id)
        }
        for found in try signed.cosignatures(by: cosigners) {
            let who = cosignerIDs[found.cosigner]!
            cosignatures.append(CheckpointCosigners.Verified(department: who.0, keyID: who.1, timestamp: found.timestamp))
        }
        var consistentFrom: Int?
        if let consistency {
            let old = try SignedCheckpoint(parsing: consistency.old, verifiers: verifiers)
            guard old.checkpoint.origin == origin else { throw fail(consistency.number, "the older checkpoint is of another log") }
            do {
                try MerkleTree.verifyConsistency(
                    oldSize: old.checkpoint.size, newSize: size, proof: consistency.proof, oldRoot: old.checkpoint.rootHash, newRoot: checkpoint.rootHash,
                    hasher: hasher)
            } catch { throw fail(consistency.number, "\(error)") }
            consistentFrom = old.checkpoint.size
        }

        // The range: consecutive, linked, included, signed by enrolled keys of the right department, sealed.
        var previous: Record?
        var seen = 0
        while index < objects.count, objects[index].members["kind"]?.stringValue == "record" {
            let o = objects[index]
            try allow(o, ["kind", "record", "proof"])
            let record = try included(o)
            guard record.seq == first + seen else { throw fail(o.number, "record \(record.seq) where record \(first + seen) belongs") }
            if let previous, !FormatRule.same(record.prev, previous.hash(suite)) {
                throw fail(o.number, "record \(record.seq): prev is not the hash of record \(previous.seq)")
            }
            let statement = record.signed.statement
            let signer: (key: VerifyingKey, department: String, role: Role)
            let sealer: VerifyingKey
            if case .genesis(let g) = statement.event {
                signer = (g.key, g.department, .operator)
                sealer = g.key
            } else {
                guard let known = keys[statement.keyID] else {
                    throw fail(o.number, "record \(record.seq): statement.key is not enrolled by a key record of the bundle")
                }
                guard let seal = keys[record.sealer], seal.role == .operator else {
                    throw fail(o.number, "record \(record.seq): sealer is not an operator key enrolled by the bundle")
                }
                signer = known
                sealer = seal.key
            }
            guard FormatRule.same(signer.department, statement.department) else {
                throw fail(o.number, "record \(record.seq): statement.by is not the key's department")
            }
            guard signer.key.isValidSignature(record.signed.signature, for: record.signingMessage) else {
                throw fail(o.number, "record \(record.seq): statement.sig does not verify")
            }
            guard sealer.isValidSignature(record.seal, for: record.sealingMessage) else { throw fail(o.number, "record \(record.seq): seal does not verify") }
            previous = record
            seen += 1
            index += 1
        }
        guard seen == count else { throw .malformedFile("the bundle has \(seen) records, its header says \(count)") }
        var evidence: [String] = []
        while index < objects.count, objects[index].members["kind"]?.stringValue == "evidence" {
            let o = objects[index]
            try allow(o, ["kind", "digest", "data"])
            guard let digest = o.members["digest"]?.stringValue, let data = o.members["data"]?.stringValue.flatMap(NoteBase64.decode),
                FormatRule.same(Hex.encode(suite.hash(data)), digest)
            else { throw fail(o.number, "the evidence's data does not hash to its digest") }
            evidence.append(digest)
            index += 1
        }
        guard index == objects.count else { throw fail(objects[index].number, "a \(objects[index].members["kind"]!.stringValue!) line out of order") }
        return Verified(
            ledgerID: ledgerID, suite: suite, checkpoint: signed, first: first, count: count, signedBy: signers, genesisKeyID: genesisKeyID,
            cosignatures: cosignatures, consistentFrom: consistentFrom, evidence: evidence)
    }
}
