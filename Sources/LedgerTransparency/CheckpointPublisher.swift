import LedgerCore
import LedgerCrypto

/// Publishing a checkpoint: the office signs a tree head only over a log that verifies and that still
/// contains every tree it signed before (C2SP tlog-checkpoint: a log MUST NOT sign a checkpoint
/// inconsistent with one it signed earlier).
///
/// Publishing resumes from the office's own publishing state (`cache/checkpoint/`, FORMAT.md §1,
/// §12.5): the verifier state, tree edge and statement ids after the latest checkpoint, signed by the
/// operator key that published it, in the same files and by the same code as an inspector's state
/// (``InspectorStateStore``). With it, publishing after *k* new records checks those *k* records (every
/// check of FORMAT.md §6) and extends the tree; without it — missing, not signed by this key, damaged,
/// not of the latest checkpoint, or a log that does not continue from it — the whole log is verified as
/// before, and the state is written anew. Either way the checkpoint signed is the same.
public enum CheckpointPublisher {
    /// What ``publish(ledger:key:now:)`` did.
    public struct Outcome: Sendable {
        public let checkpoint: SignedCheckpoint
        /// False when the log had not grown since the latest checkpoint, which is returned unchanged.
        public let isNew: Bool
        /// Records whose signatures were checked (those after the previous checkpoint this key signed).
        public let signaturesCheckedFrom: Int
        /// Why the tree cache was rebuilt, if it was.
        public let treeRebuilt: String?
        /// The size of the checkpoint whose publishing state the records were checked from; nil when the
        /// whole log was read (see ``fullPassBecause``).
        public let resumedFrom: Int?
        /// Why the publishing state was not used, when it was not.
        public let fullPassBecause: String?
    }

    /// Verifies the log (from the publishing state when it can), checks it contains the latest
    /// published checkpoint, and signs and stores a checkpoint of the whole verified log with `key`,
    /// which must be an active operator key there; then keeps the publishing state for the next time.
    ///
    /// In a full pass, records before the latest checkpoint signed by this same key get every check of
    /// FORMAT.md §6 but the two signature checks (the key's holder verified them when it signed that
    /// checkpoint, and their tree is the one it signed); records after it get all of them.
    public static func publish(ledger: Ledger, key: SigningKey, now: Timestamp = .now()) throws(TransparencyError) -> Outcome {
        var tree = try LedgerTree(ledger: ledger)
        let store = CheckpointStore(directory: ledger.directory)
        let signer = try NoteSigner(name: tree.origin, type: .note(tree.suite), key: key)
        let keyID = key.publicKey.keyID(in: tree.suite)
        var previous: Checkpoint?
        var signaturesFrom = 0
        if let bytes = try store.latest() {
            let note = try SignedNote(parsing: bytes)
            previous = try Checkpoint(text: note.text)
            if (try? note.verify([signer.verifier])) != nil, let previous, previous.origin == tree.origin { signaturesFrom = previous.size }
        }

        let states = InspectorStateStore.publisher(ledgerDirectory: ledger.directory)
        var fullPassBecause: String?
        var pass: Pass?
        switch kept(states, ledger: ledger, key: key, keyID: keyID, tree: tree, previous: previous) {
        case .success(let kept):
            let resumed = try Pass(ledger: ledger, hasher: tree.hasher, previous: previous, signaturesFrom: 0, kept: kept)
            if resumed.report.isValid {
                pass = resumed
            } else {
                fullPassBecause = "the log does not continue from the publishing state of \(kept.state.size) records"
            }
        case .failure(let why):
            fullPassBecause = why.reason
        }
        let verified: Pass
        if let pass {
            verified = pass
        } else {
            verified = try Pass(ledger: ledger, hasher: tree.hasher, previous: previous, signaturesFrom: signaturesFrom, kept: nil)
        }
        let report = verified.report
        let compact = verified.compact
        guard report.isValid, let state = report.state, let endOffset = report.endOffset else {
            let reason =
                report.failure.map { "\($0)" } ?? (report.tornTail != nil ? "the log ends in a partial line (run ledger recover)" : "the log has no record")
            throw .notContained("the log does not verify (\(reason)); no checkpoint is signed over it")
        }
        if let previous {
            guard previous.origin == tree.origin else {
                throw .notContained("the latest checkpoint is of \(previous.origin), not of this ledger (\(tree.origin))")
            }
            guard let rootAtPrevious = verified.rootAtPrevious else {
                throw .notContained(
                    "the log has \(report.verifiedRecords) records, fewer than the \(previous.size) of the latest checkpoint: it was truncated; no checkpoint is signed over it"
                )
            }
            guard rootAtPrevious == previous.rootHash else {
                throw .notContained(
                    "the first \(previous.size) records no longer have the root of the latest checkpoint: the log was rewritten; no checkpoint is signed over it"
                )
            }
        }
        guard let entry = state.registry[keyID], entry.role == .operator, entry.status == .active else {
            throw .malformedKey("key \(keyID) is not an active operator key of this ledger")
        }
        let size = report.verifiedRecords
        /// Keeps the publishing state of the checkpoint `signed` (a failure only costs a full pass next time).
        func keep(_ signed: [UInt8]) {
            guard let chain = state.resumableJSON, let ledgerID = report.ledgerID else { return }
            let kept = InspectorState(
                ledgerID: ledgerID, suite: tree.suite, inspectorKeyID: keyID, checkpoint: signed, size: size, root: compact.root, peaks: compact.peaks,
                logOffset: endOffset, chain: chain, cosignedAt: UInt64(max(0, now.secondsSinceEpoch)))
            try? states.save(kept, previousIDs: verified.keptIDs, newIDs: verified.newIDs, key: key)
        }
        let checkedFrom = verified.resumedFrom ?? signaturesFrom
        if let previous, previous.size == size, let bytes = try store.latest() {
            let operators = try checkpointVerifiers(origin: tree.origin, keys: state.registry.activeKeys(role: .operator).map(\.key))
            let existing = try SignedCheckpoint(parsing: bytes, verifiers: operators)
            if verified.resumedFrom == nil { keep(bytes) }
            return Outcome(
                checkpoint: existing, isNew: false, signaturesCheckedFrom: checkedFrom, treeRebuilt: tree.rebuiltBecause, resumedFrom: verified.resumedFrom,
                fullPassBecause: fullPassBecause)
        }
        if tree.size < size { try tree.update() }
        var rebuilt = tree.rebuiltBecause
        let cachedRoot = tree.size >= size ? try tree.root(size: size) : nil
        if cachedRoot != compact.root {
            // The tiles disagree with the verified log: they are a cache, so rebuild them from it.
            FileIO.remove(ledger.directory + "/cache/tree")
            tree = try LedgerTree(ledger: ledger)
            rebuilt = "the tiles did not give the root of the verified log"
            let rebuiltRoot = tree.size >= size ? try tree.root(size: size) : nil
            guard rebuiltRoot == compact.root else {
                throw .store("the rebuilt tree does not give the root of the verified log; is the log being rewritten?")
            }
        }
        let signed = try SignedCheckpoint(signing: Checkpoint(origin: tree.origin, size: size, rootHash: compact.root), with: signer)
        try store.store(signed)
        keep(signed.bytes)
        return Outcome(
            checkpoint: signed, isNew: true, signaturesCheckedFrom: checkedFrom, treeRebuilt: rebuilt, resumedFrom: verified.resumedFrom,
            fullPassBecause: fullPassBecause)
    }

    /// The publishing state, read back into a verifier state and a tree edge, when it may be resumed
    /// from: signed by `key`, of this ledger, and of the latest checkpoint (same size and root).
    private static func kept(
        _ states: InspectorStateStore, ledger: Ledger, key: SigningKey, keyID: String, tree: LedgerTree, previous: Checkpoint?
    ) -> Result<Kept, NotKept> {
        let loaded: (state: InspectorState, ids: [UInt8])?
        do { loaded = try states.load(key: key, suite: tree.suite) } catch { return .failure(NotKept(reason: "\(error)")) }
        guard let (state, ids) = loaded else { return .failure(NotKept(reason: "there is no publishing state yet")) }
        guard Checkpoint.origin(ledgerID: state.ledgerID) == tree.origin, FormatRule.same(state.inspectorKeyID, keyID) else {
            return .failure(NotKept(reason: "the publishing state is of another ledger or key"))
        }
        guard let previous, previous.size == state.size, previous.rootHash == state.root else {
            return .failure(
                NotKept(
                    reason:
                        "the publishing state is of the checkpoint of \(state.size) records, not of the latest (\(previous.map { "\($0.size) records" } ?? "none"))"
                ))
        }
        // The log must still hold, ending where the state says, the record whose hash is the state's head:
        // a log cut (and perhaps regrown to the same length) below it is not the one the state covers.
        guard let head = state.chain["head"]?.stringValue,
            let last = try? ledger.line(endingAt: state.logOffset),
            FormatRule.same(Record.hash(line: last, suite: tree.suite), head)
        else {
            return .failure(
                NotKept(reason: "the log no longer has, ending at byte \(state.logOffset), the record \(state.size - 1) the publishing state covers"))
        }
        guard let chain = ChainState(resumableJSON: state.chain, statementIDs: ids), chain.nextSeq == state.size,
            let range = CompactRange(hasher: tree.hasher, size: state.size, peaks: state.peaks), range.root == state.root
        else { return .failure(NotKept(reason: "the publishing state does not read back into a verifier state")) }
        return .success(Kept(state: state, ids: ids, chain: chain, range: range))
    }

    private struct Kept {
        let state: InspectorState
        let ids: [UInt8]
        let chain: ChainState
        let range: CompactRange
    }

    private struct NotKept: Error {
        let reason: String
    }

    /// One verification of the log, from record 0 or from a kept state, and the tree built alongside.
    private struct Pass {
        let report: VerificationReport
        let compact: CompactRange
        /// The root of the first `previous.size` records, when the log has them.
        let rootAtPrevious: [UInt8]?
        /// The statement ids the kept state covered, and those of the records checked now.
        let keptIDs: [UInt8]
        let newIDs: [UInt8]
        let resumedFrom: Int?

        init(ledger: Ledger, hasher: MerkleHasher, previous: Checkpoint?, signaturesFrom: Int, kept: Kept?) throws(TransparencyError) {
            var compact = kept?.range ?? CompactRange(hasher: hasher)
            var rootAtPrevious: [UInt8]? = previous?.size == 0 ? hasher.emptyRoot : nil
            if let kept, previous?.size == kept.state.size { rootAtPrevious = kept.state.root }
            var newIDs: [UInt8] = []
            let report: VerificationReport
            do {
                report = try Verifier.verify(
                    ledger, signaturesFrom: signaturesFrom, resume: kept.map { Verifier.ResumePoint(state: $0.chain, offset: $0.state.logOffset) }
                ) { record in
                    compact.append(hasher.leafHash(record.line))
                    newIDs += ChainState.statementIDBytes(record)
                    if compact.size == previous?.size { rootAtPrevious = compact.root }
                    return true
                }
            } catch {
                throw .store("cannot read the log of \(ledger.directory): \(error)")
            }
            self.report = report
            self.compact = compact
            self.rootAtPrevious = rootAtPrevious
            keptIDs = kept?.ids ?? []
            self.newIDs = newIDs
            resumedFrom = kept?.state.size
        }
    }
}
