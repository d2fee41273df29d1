import LedgerCore
import LedgerCrypto

/// An inspector's audit of a ledger since the last checkpoint it cosigned, and its cosignature
/// (`ledger audit`, `ledger cosign`; FORMAT.md §12.9).
///
/// The audit of a checkpoint of *N* records, with the state of the last cosigned checkpoint of *M*
/// (FORMAT.md §12.9, in that order):
/// 1. the checkpoint is of this ledger and not smaller than *M* (equal only with the same root);
/// 2. when the ledger's tree ends at the checkpoint's root, its consistency proof from *M* to *N*
///    verifies against the root the inspector cosigned;
/// 3. the log still has, where the inspector stopped, a record *M* that links to the head it kept;
/// 4. records *M*…*N* − 1 pass every check of FORMAT.md §6, resuming from the verifier state kept at *M*;
/// 5. those records, appended to the tree edge the inspector kept, give the checkpoint's root;
/// 6. the checkpoint is signed by an operator key active after record *N* − 1, and the inspector's key
///    is an active `inspector` key there.
/// A failure of 1, 2, 3 or 5 is the alarm: the log is not an extension of what was cosigned. The
/// evidence is written before the error is thrown, and the state is left as it was. Without a state
/// (the first audit) *M* = 0 and every record is checked. Cost: the new records, the proof, and reading
/// the inspector's own statement ids (16 bytes a record).
public enum Inspector {
    /// What an audit found.
    public struct Outcome: Sendable {
        /// The size and root of the last cosigned checkpoint; nil at the first audit.
        public let previousSize: Int?
        /// The audited checkpoint (with the new cosignature when it was cosigned).
        public let checkpoint: SignedCheckpoint
        /// Records checked: `previousSize ?? 0` … `checkpoint.size − 1`.
        public let recordsChecked: Int
        /// The consistency proof from the previous checkpoint (nil at the first audit).
        public let consistencyProof: ConsistencyProof?
        /// The cosignature's time, when one was made.
        public let cosignedAt: UInt64?
        /// True when the checkpoint is the one already cosigned (nothing new).
        public let alreadyCosigned: Bool
        /// The inspector's department.
        public let department: String
        /// The cosignatures the checkpoint now carries.
        public let cosignatures: [CheckpointCosigners.Verified]
    }

    /// Audits the checkpoint `checkpointBytes` (default: the ledger's latest) of `ledger` with the
    /// inspector key `key`, from the state in `stateDirectory`; with `cosign`, cosigns it at `now`,
    /// stores the cosigned checkpoint in the ledger directory and advances the state.
    /// - Parameter evidenceDirectory: where an alarm's evidence goes (default: the state's `evidence/`).
    public static func audit(
        ledger: Ledger, checkpoint checkpointBytes: [UInt8]? = nil, key: SigningKey, stateDirectory: String, evidenceDirectory: String? = nil,
        cosign: Bool, now: UInt64
    ) throws(InspectorError) -> Outcome {
        let genesis: (ledgerID: String, genesis: Genesis)
        do { genesis = try ledger.genesis() } catch { throw .refused("cannot read record 0 of \(ledger.directory): \(error)") }
        let suite = genesis.genesis.suite
        guard key.suite == suite else { throw .refused("the inspector key is \(key.suite.rawValue), the ledger is \(suite.rawValue)") }
        let origin = Checkpoint.origin(ledgerID: genesis.ledgerID)
        let hasher = MerkleHasher(suite: suite)
        let keyID = key.publicKey.keyID(in: suite)
        let store = InspectorStateStore(stateDirectory: stateDirectory, ledgerID: genesis.ledgerID)
        let evidence = EvidenceWriter(directory: evidenceDirectory ?? store.directory + "/evidence", now: now)
        let loaded = try store.load(key: key, suite: suite)
        if let state = loaded?.state {
            guard state.ledgerID == genesis.ledgerID, state.inspectorKeyID == keyID else {
                throw .state("the inspector state in \(store.directory) is for another ledger or key")
            }
        }

        // The checkpoint to audit.
        let checkpointStore = CheckpointStore(directory: ledger.directory)
        let bytes: [UInt8]
        do {
            guard let found = try checkpointBytes ?? checkpointStore.latest() else {
                throw InspectorError.refused("the ledger has no published checkpoint (the office runs `ledger checkpoint`)")
            }
            bytes = found
        } catch let error as InspectorError {
            throw error
        } catch {
            throw .refused("cannot read the ledger's checkpoint: \(error)")
        }
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote(parsing: bytes)
            checkpoint = try Checkpoint(text: note.text)
        } catch { throw .verificationFailed("the checkpoint is not a signed checkpoint: \(error)") }
        guard checkpoint.origin == origin else { throw .refused("the checkpoint is of \(checkpoint.origin), not of this ledger (\(origin))") }

        // 1–2: an extension of what was cosigned.
        var proof: ConsistencyProof?
        if let state = loaded?.state {
            let old: [UInt8] = state.checkpoint
            if checkpoint.size == state.size && checkpoint.rootHash == state.root {
                // Already cosigned (the inspector verified it then; its state is signed by its own key).
                let signed = try Self.unverified(state.checkpoint)
                return Outcome(
                    previousSize: state.size, checkpoint: signed, recordsChecked: 0, consistencyProof: nil, cosignedAt: nil, alreadyCosigned: true,
                    department: "", cosignatures: [])
            }
            if checkpoint.size <= state.size {
                let reason =
                    checkpoint.size < state.size
                    ? "the checkpoint is of \(checkpoint.size) records, fewer than the \(state.size) this inspector cosigned: the log was truncated, or the office shows an older tree"
                    : "the checkpoint of \(checkpoint.size) records has another root than the one this inspector cosigned at that size: two different logs were signed (a fork)"
                throw evidence.alarm(reason, cosigned: old, offered: bytes, proof: nil, ledger: ledger, hasher: hasher)
            }
            // The office's proof, from its tree of the log. When that tree does not end at the checkpoint's
            // root, the log on disk is not the checkpoint's: the record checks below say where.
            if let tree = try? LedgerTree(ledger: ledger), tree.size >= checkpoint.size,
                var given = try? tree.consistencyProof(oldSize: state.size, newSize: checkpoint.size), given.newRoot == checkpoint.rootHash
            {
                given.oldCheckpoint = old
                given.newCheckpoint = bytes
                proof = given
                do {
                    try MerkleTree.verifyConsistency(
                        oldSize: state.size, newSize: checkpoint.size, proof: given.hashes, oldRoot: state.root, newRoot: checkpoint.rootHash, hasher: hasher)
                } catch {
                    let reason =
                        "the checkpoint of \(checkpoint.size) records is not consistent with the \(state.size) this inspector cosigned (\(error)): the log was rewritten or forked below record \(state.size)"
                    throw evidence.alarm(reason, cosigned: old, offered: bytes, proof: given, ledger: ledger, hasher: hasher)
                }
            }
            // The log must still continue, where the inspector stopped, from the record it cosigned last.
            let line = try? ledger.line(at: state.logOffset)
            let next = line.flatMap { try? Record(line: $0, expectedSeq: state.size) }
            guard let next, next.seq == state.size, let head = state.chain["head"]?.stringValue, FormatRule.same(next.prev, head) else {
                let reason =
                    "the log does not continue, at byte \(state.logOffset), with a record \(state.size) that follows the record \(state.size - 1) this inspector cosigned: the log was rewritten or truncated below record \(state.size)"
                throw evidence.alarm(reason, cosigned: old, offered: bytes, proof: proof, ledger: ledger, hasher: hasher)
            }
        }

        // 3–4: the new records, every check, from the kept state.
        let previousSize = loaded?.state.size ?? 0
        var resume: Verifier.ResumePoint?
        var compact = CompactRange(hasher: hasher)
        if let (state, ids) = loaded {
            guard let chain = ChainState(resumableJSON: state.chain, statementIDs: ids), chain.nextSeq == state.size,
                let range = CompactRange(hasher: hasher, size: state.size, peaks: state.peaks), range.root == state.root
            else { throw .state("the inspector state in \(store.directory) does not read back into a verifier state") }
            resume = Verifier.ResumePoint(state: chain, offset: state.logOffset)
            compact = range
        }
        var newIDs: [UInt8] = []
        newIDs.reserveCapacity((checkpoint.size - previousSize) * ChainState.statementIDByteCount)
        let report: VerificationReport
        do {
            report = try Verifier.verify(ledger, resume: resume, limit: checkpoint.size) { record in
                compact.append(hasher.leafHash(record.line))
                newIDs += ChainState.statementIDBytes(record)
                return true
            }
        } catch { throw .refused("cannot read the log of \(ledger.directory): \(error)") }
        if let failure = report.failure {
            throw .verificationFailed(failure.description)
        }
        guard let chain = report.state, let endOffset = report.endOffset else {
            throw .verificationFailed(report.tornTail != nil ? "the log ends in a partial line before record \(checkpoint.size)" : "the log does not verify")
        }
        guard chain.nextSeq == checkpoint.size else {
            throw .verificationFailed("the log has \(chain.nextSeq) records, fewer than the \(checkpoint.size) of the checkpoint")
        }
        guard compact.root == checkpoint.rootHash else {
            let reason =
                "records \(previousSize)…\(checkpoint.size - 1) of the log do not give the checkpoint's root: the log is not the one the office signed"
            throw evidence.alarm(reason, cosigned: loaded?.state.checkpoint, offered: bytes, proof: proof, ledger: ledger, hasher: hasher)
        }

        // 5: signed by the office, audited by an enrolled inspector.
        var signed: SignedCheckpoint
        do {
            signed = try SignedCheckpoint(
                parsing: bytes,
                verifiers: try checkpointVerifiers(origin: origin, keys: CheckpointSigners.keys(registry: chain.registry, treeSize: checkpoint.size)))
        } catch { throw .verificationFailed("the checkpoint is not signed by an operator key active at its size: \(error)") }
        guard let entry = chain.registry[keyID], entry.role == .inspector, entry.status == .active else {
            throw .refused("key \(keyID.prefix(16))… is not an active inspector key of this ledger at record \(checkpoint.size - 1)")
        }
        var cosignedAt: UInt64?
        if cosign {
            let signer: NoteSigner
            do {
                signer = try NoteSigner(name: CheckpointCosigners.name(origin: origin, department: entry.department), type: .cosignature(suite), key: key)
                // Keep the cosignatures already on the stored note of this size (other inspectors').
                if let stored = try checkpointStore.checkpoint(size: checkpoint.size), let storedNote = try? SignedNote(parsing: stored),
                    storedNote.text == note.text,
                    let merged = try? SignedCheckpoint(
                        parsing: stored,
                        verifiers: try checkpointVerifiers(origin: origin, keys: CheckpointSigners.keys(registry: chain.registry, treeSize: checkpoint.size)))
                {
                    signed = merged
                }
                try signed.cosign(with: signer, timestamp: now)
                // `checkpoint` stays the latest: a cosignature of an older checkpoint goes to its numbered file only.
                let latestSize = (try? checkpointStore.latest()).flatMap { $0 }.flatMap { try? Checkpoint(text: SignedNote(parsing: $0).text).size } ?? 0
                try checkpointStore.store(signed, asLatest: latestSize <= checkpoint.size)
            } catch { throw .state("cannot cosign or store the checkpoint: \(error)") }
            cosignedAt = now
            let state = InspectorState(
                ledgerID: genesis.ledgerID, suite: suite, inspectorKeyID: keyID, checkpoint: signed.bytes, size: checkpoint.size,
                root: checkpoint.rootHash, peaks: compact.peaks, logOffset: endOffset, chain: chain.resumableJSON!, cosignedAt: now)
            try store.save(state, previousIDs: loaded?.ids ?? [], newIDs: newIDs, key: key)
        }
        let cosignatures: [CheckpointCosigners.Verified]
        do { cosignatures = try CheckpointCosigners.verified(signed, registry: chain.registry) } catch {
            throw .verificationFailed("the checkpoint carries a cosignature that does not verify: \(error)")
        }
        return Outcome(
            previousSize: loaded?.state.size, checkpoint: signed, recordsChecked: checkpoint.size - previousSize, consistencyProof: proof,
            cosignedAt: cosignedAt, alreadyCosigned: false, department: entry.department, cosignatures: cosignatures)
    }

    static func unverified(_ bytes: [UInt8]) throws(InspectorError) -> SignedCheckpoint {
        do {
            let note = try SignedNote(parsing: bytes)
            return try SignedCheckpoint(unverified: note)
        } catch { throw .state("the cosigned checkpoint in the inspector state does not parse: \(error)") }
    }
}
