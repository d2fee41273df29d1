import LedgerCore
import LedgerCrypto

/// A ledger's published checkpoints: `checkpoints/NNNNNNNNNNNN` (the tree size, 12 digits) for each,
/// and `checkpoint`, the latest (the file a tlog-tiles client fetches first). FORMAT.md §12.5.
public struct CheckpointStore: Sendable {
    /// The ledger directory.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The path of the checkpoint of `size` records.
    public func path(size: Int) -> String {
        let digits = String(size)
        return directory + "/checkpoints/" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The latest checkpoint's path.
    public var latestPath: String { directory + "/checkpoint" }

    /// The latest checkpoint's bytes; nil when none was published.
    public func latest() throws(TransparencyError) -> [UInt8]? { try FileIO.read(latestPath) }

    /// The checkpoint of `size` records; nil when none was published for that size.
    public func checkpoint(size: Int) throws(TransparencyError) -> [UInt8]? { try FileIO.read(path(size: size)) }

    /// The sizes of all published checkpoints, ascending.
    public func sizes() -> [Int] {
        FileIO.list(directory + "/checkpoints").compactMap { $0.utf8.count == 12 ? Int($0) : nil }.sorted()
    }

    /// The smallest published checkpoint that covers record `seq`.
    public func covering(seq: Int) -> Int? { sizes().first { $0 > seq } }

    /// Stores a checkpoint durably: its numbered file, then `checkpoint`.
    /// With `asLatest` false (a cosignature added to an older checkpoint) `checkpoint` is left alone.
    public func store(_ signed: SignedCheckpoint, asLatest: Bool = true) throws(TransparencyError) {
        try FileIO.makeDirectories(directory + "/checkpoints")
        try FileIO.writeAtomically(path(size: signed.checkpoint.size), signed.bytes, durable: true)
        if asLatest { try FileIO.writeAtomically(latestPath, signed.bytes, durable: true) }
    }
}

/// Publishing a checkpoint: the office signs a tree head only over a log that verifies and that still
/// contains every tree it signed before (C2SP tlog-checkpoint: a log MUST NOT sign a checkpoint
/// inconsistent with one it signed earlier).
public enum CheckpointPublisher {
    /// What ``publish(ledger:key:)`` did.
    public struct Outcome: Sendable {
        public let checkpoint: SignedCheckpoint
        /// False when the log had not grown since the latest checkpoint, which is returned unchanged.
        public let isNew: Bool
        /// Records whose signatures were checked (those after the previous checkpoint this key signed).
        public let signaturesCheckedFrom: Int
        /// Why the tree cache was rebuilt, if it was.
        public let treeRebuilt: String?
    }

    /// Verifies the log, checks it contains the latest published checkpoint, and signs and stores a
    /// checkpoint of the whole verified log with `key`, which must be an active operator key there.
    ///
    /// Records before the latest checkpoint signed by this same key get every check of FORMAT.md §6
    /// but the two signature checks (the key's holder verified them when it signed that checkpoint,
    /// and their tree is the one it signed); records after it get all of them.
    public static func publish(ledger: Ledger, key: SigningKey) throws(TransparencyError) -> Outcome {
        var tree = try LedgerTree(ledger: ledger)
        let store = CheckpointStore(directory: ledger.directory)
        let signer = try NoteSigner(name: tree.origin, type: .note(tree.suite), key: key)
        var previous: Checkpoint?
        var signaturesFrom = 0
        if let bytes = try store.latest() {
            let note = try SignedNote(parsing: bytes)
            previous = try Checkpoint(text: note.text)
            if (try? note.verify([signer.verifier])) != nil, let previous, previous.origin == tree.origin { signaturesFrom = previous.size }
        }
        var compact = CompactRange(hasher: tree.hasher)
        var rootAtPrevious: [UInt8]? = previous?.size == 0 ? tree.hasher.emptyRoot : nil
        let report: VerificationReport
        do {
            report = try Verifier.verify(ledger, signaturesFrom: signaturesFrom) { record in
                compact.append(tree.hasher.leafHash(record.line))
                if compact.size == previous?.size { rootAtPrevious = compact.root }
                return true
            }
        } catch {
            throw .store("cannot read the log of \(ledger.directory): \(error)")
        }
        guard report.isValid, let state = report.state else {
            let reason =
                report.failure.map { "\($0)" } ?? (report.tornTail != nil ? "the log ends in a partial line (run ledger recover)" : "the log has no record")
            throw .notContained("the log does not verify (\(reason)); no checkpoint is signed over it")
        }
        if let previous {
            guard previous.origin == tree.origin else {
                throw .notContained("the latest checkpoint is of \(previous.origin), not of this ledger (\(tree.origin))")
            }
            guard let rootAtPrevious else {
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
        let keyID = key.publicKey.keyID(in: tree.suite)
        guard let entry = state.registry[keyID], entry.role == .operator, entry.status == .active else {
            throw .malformedKey("key \(keyID) is not an active operator key of this ledger")
        }
        let size = report.verifiedRecords
        if let previous, previous.size == size, let bytes = try store.latest() {
            let operators = try checkpointVerifiers(origin: tree.origin, keys: state.registry.activeKeys(role: .operator).map(\.key))
            let existing = try SignedCheckpoint(parsing: bytes, verifiers: operators)
            return Outcome(checkpoint: existing, isNew: false, signaturesCheckedFrom: signaturesFrom, treeRebuilt: tree.rebuiltBecause)
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
        return Outcome(checkpoint: signed, isNew: true, signaturesCheckedFrom: signaturesFrom, treeRebuilt: rebuilt)
    }
}

/// Which keys of a ledger may sign its checkpoints (FORMAT.md §12.4): one rule for the publisher and
/// for `ledger verify --checkpoint`.
public enum CheckpointSigners {
    /// The `operator` keys that were active after record `treeSize − 1`: enrolled by a record before
    /// `treeSize`, and not rotated or revoked by one. `registry` may be the state after more records.
    public static func keys(registry: KeyRegistry, treeSize: Int) -> [VerifyingKey] {
        registry.keys.values.filter { entry in
            guard entry.role == .operator, entry.enrolledAt < max(treeSize, 1) else { return false }
            switch entry.status {
            case .active: return true
            case .rotated(let seq, _), .revoked(let seq, _): return seq >= treeSize
            }
        }.sorted { $0.enrolledAt < $1.enrolledAt }.map(\.key)
    }
}
