import LedgerCore
import LedgerCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ledger mirror URL DIR`: a complete, verified copy of a served ledger, kept up to date incrementally
/// (FORMAT.md §12.13).
///
/// The first run fetches the server's checkpoint and every entry bundle, verifies the whole log (§6),
/// checks the records give the checkpoint's root and the checkpoint is signed by an operator key active
/// at its size, and only then moves the finished directory into place. A later run fetches the new
/// checkpoint, the server's consistency proof from the size it holds (checked against its own root),
/// and the new entries; it verifies only the new records, resuming from the verifier state it kept
/// (``MirrorState``), with the same ``Verifier`` `ledger verify` uses, and appends them only when all
/// of that passes. Anything else — a smaller tree, another root at the same size, a proof that does not
/// verify, a record breaking a rule, a bad signature — is refused, naming the size or the first record
/// that differs, and leaves the mirror as it was.
///
/// HTTP-free: `fetch` answers a path below the ledger's URL (`checkpoint`, `tile/entries/000`,
/// `proof/consistency?from=A&to=B`) with the body of a 200, and throws otherwise.
public enum LedgerMirror {
    /// What a run did.
    public struct Outcome: Sendable {
        public let ledgerID: String
        /// The size the mirror held before; nil on the first run.
        public let previousSize: Int?
        /// The checkpoint now held (its cosignatures verified).
        public let checkpoint: SignedCheckpoint
        /// Records verified by this run.
        public let recordsVerified: Int
        /// The cosignatures the checkpoint carries, each verified against an inspector key of the log.
        public let cosignatures: [CheckpointCosigners.Verified]
    }

    public static func run(url: String, directory: String, fetch: @escaping (String) throws -> [UInt8]) throws(MirrorError) -> Outcome {
        func get(_ path: String) throws(MirrorError) -> [UInt8] {
            do { return try fetch(path) } catch { throw .server("\(url)/\(path): \(error)") }
        }
        let noteBytes = try get("checkpoint")
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(text: try SignedNote(parsing: noteBytes).text) } catch {
            throw .refused("the server's checkpoint is not a signed checkpoint: \(error)")
        }
        guard checkpoint.size > 0 else { throw .refused("the server's checkpoint has no record") }
        if FileIO.exists(directory + "/" + Ledger.logFileName) {
            return try incremental(url: url, directory: directory, noteBytes: noteBytes, checkpoint: checkpoint, get: get, fetch: fetch)
        }
        return try first(url: url, directory: directory, noteBytes: noteBytes, checkpoint: checkpoint, get: get)
    }

    // MARK: Runs

    private static func first(
        url: String, directory: String, noteBytes: [UInt8], checkpoint: Checkpoint, get: (String) throws(MirrorError) -> [UInt8]
    ) throws(MirrorError) -> Outcome {
        if FileIO.exists(directory) && !FileIO.list(directory).isEmpty {
            throw .local("\(directory) exists and is neither empty nor a mirror (it has no \(Ledger.logFileName))")
        }
        let lines = try entries(0..<checkpoint.size, get: get)
        let staging = try stagingDirectory(for: directory)
        defer { FileIO.removeTree(staging) }
        do { try FileIO.writeAtomically(staging + "/" + Ledger.logFileName, EntryBundle.encode(lines), durable: true) } catch {
            throw .local("\(error)")
        }
        let checked = try verify(staging: staging, resume: nil, ids: [], noteBytes: noteBytes, checkpoint: checkpoint, previous: nil)
        let state = MirrorState(
            url: url, ledgerID: checked.ledgerID, suite: checked.suite, size: checkpoint.size, root: checkpoint.rootHash, peaks: checked.compact.peaks,
            logOffset: checked.endOffset, chain: checked.chain, checkpoint: checked.signed.bytes)
        do {
            try CheckpointStore(directory: staging).store(checked.signed)
            _ = try LedgerTree(ledger: Ledger(directory: staging))
            try state.save(staging, previousIDs: [], newIDs: checked.newIDs)
            try FileIO.writeAtomically(MirrorState.directory(staging) + "/lock", [], durable: false)
            if FileIO.exists(directory) { FileIO.remove(directory) }
            try FileIO.move(staging, directory)
            try FileIO.syncDirectory(parent(of: directory))
        } catch { throw .local("cannot write the mirror \(directory): \(error)") }
        return Outcome(
            ledgerID: checked.ledgerID, previousSize: nil, checkpoint: checked.signed, recordsVerified: checkpoint.size, cosignatures: checked.cosignatures)
    }

    private static func incremental(
        url: String, directory: String, noteBytes: [UInt8], checkpoint: Checkpoint, get: (String) throws(MirrorError) -> [UInt8],
        fetch: @escaping (String) throws -> [UInt8]
    ) throws(MirrorError) -> Outcome {
        // One run at a time: a second one would append the same records again.
        let lockPath = MirrorState.directory(directory) + "/lock"
        let lock = open(lockPath, O_RDWR | O_CLOEXEC | O_NOFOLLOW | (FileIO.exists(lockPath) ? 0 : O_CREAT), 0o644)
        guard lock >= 0 else { throw .local("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { throw .local("another `ledger mirror` is updating \(directory); try again when it ends") }
        guard let (state, ids) = try MirrorState.load(directory) else {
            throw .local("\(directory) holds a ledger that is not a mirror (no mirror/state): mirror into a new directory")
        }
        let origin = Checkpoint.origin(ledgerID: state.ledgerID)
        guard checkpoint.origin == origin else { throw .refused("the server's checkpoint is of \(checkpoint.origin); this mirror is of \(origin)") }
        let logPath = directory + "/" + Ledger.logFileName
        var info = stat()
        guard lstat(logPath, &info) == 0, Int(info.st_size) == state.logOffset else {
            throw .local("the mirrored log \(logPath) is not the \(state.logOffset) bytes this mirror wrote: it was changed outside `ledger mirror`")
        }
        let hasher = MerkleHasher(suite: state.suite)
        if checkpoint.size < state.size {
            throw .refused(
                "the server's checkpoint has \(checkpoint.size) records, fewer than the \(state.size) this mirror holds: the server's log was truncated"
                    + difference(directory: directory, held: state.size, served: checkpoint.size, hasher: hasher, get: get))
        }
        if checkpoint.size == state.size {
            guard checkpoint.rootHash == state.root else {
                throw .refused(
                    "the server's checkpoint of \(checkpoint.size) records has another root than the one this mirror holds: two different logs were signed (a fork)"
                        + difference(directory: directory, held: state.size, served: checkpoint.size, hasher: hasher, get: get))
            }
            // Nothing new but, perhaps, cosignatures: keep the note when it verifies as the office's.
            guard let chain = ChainState(resumableJSON: state.chain, statementIDs: ids) else { throw .local("the mirror state does not read back") }
            let (signed, cosignatures) = try signedCheckpoint(noteBytes, checkpoint: checkpoint, registry: chain.registry)
            if signed.bytes != state.checkpoint {
                var updated = state
                updated.checkpoint = signed.bytes
                do {
                    try CheckpointStore(directory: directory).store(signed)
                    try updated.save(directory, previousIDs: ids, newIDs: [])
                } catch { throw .local("cannot write the mirror \(directory): \(error)") }
            }
            return Outcome(ledgerID: state.ledgerID, previousSize: state.size, checkpoint: signed, recordsVerified: 0, cosignatures: cosignatures)
        }
        // The server's proof that the tree of N extends the tree of M this mirror verified; from a server
        // without the proof endpoint (static files), the proof is computed from its hash tiles.
        let proofBytes = try? get("proof/consistency?from=\(state.size)&to=\(checkpoint.size)")
        do {
            let hashes: [[UInt8]]
            if let proofBytes {
                let proof = try ConsistencyProof(file: proofBytes)
                guard proof.oldSize == state.size, proof.newSize == checkpoint.size, proof.oldRoot == state.root, proof.newRoot == checkpoint.rootHash
                else {
                    throw TransparencyError.proofRejected(
                        "the proof is between other trees (sizes \(proof.oldSize) and \(proof.newSize); the old root is \(proof.oldRoot == state.root ? "" : "not ")the one this mirror holds)"
                    )
                }
                hashes = proof.hashes
            } else {
                hashes = try MerkleTree.consistencyProof(
                    oldSize: state.size, newSize: checkpoint.size, reader: RemoteTiles(hasher: hasher, leafCount: checkpoint.size, fetch: fetch))
            }
            try MerkleTree.verifyConsistency(
                oldSize: state.size, newSize: checkpoint.size, proof: hashes, oldRoot: state.root, newRoot: checkpoint.rootHash, hasher: hasher)
        } catch {
            throw .refused(
                "the server's checkpoint of \(checkpoint.size) records is not consistent with the \(state.size) records this mirror holds (\(error)): the server's log was rewritten or forked"
                    + difference(directory: directory, held: state.size, served: checkpoint.size, hasher: hasher, get: get))
        }
        let lines = try entries(state.size..<checkpoint.size, get: get)
        let bytes = EntryBundle.encode(lines)
        let staging = try stagingDirectory(for: directory)
        defer { FileIO.removeTree(staging) }
        // The staging log holds the new records at the offsets they will have; the bytes before them are
        // a hole, never read: verification resumes at `logOffset` from the state kept there.
        do { try FileIO.append(staging + "/" + Ledger.logFileName, bytes, expectedSize: state.logOffset) } catch { throw .local("\(error)") }
        guard let chain = ChainState(resumableJSON: state.chain, statementIDs: ids), chain.nextSeq == state.size,
            let compact = CompactRange(hasher: hasher, size: state.size, peaks: state.peaks), compact.root == state.root
        else { throw .local("the mirror state in \(directory) does not read back into a verifier state") }
        let checked = try verify(
            staging: staging, resume: (Verifier.ResumePoint(state: chain, offset: state.logOffset), compact), ids: ids, noteBytes: noteBytes,
            checkpoint: checkpoint, previous: state.size)
        var updated = state
        updated.size = checkpoint.size
        updated.root = checkpoint.rootHash
        updated.peaks = checked.compact.peaks
        updated.logOffset = checked.endOffset
        updated.chain = checked.chain
        updated.checkpoint = checked.signed.bytes
        do {
            try FileIO.append(logPath, bytes, expectedSize: state.logOffset)
            try FileIO.syncFile(logPath)
            try CheckpointStore(directory: directory).store(checked.signed)
            _ = try LedgerTree(ledger: Ledger(directory: directory))
            try updated.save(directory, previousIDs: ids, newIDs: checked.newIDs)
        } catch { throw .local("cannot write the mirror \(directory): \(error)") }
        return Outcome(
            ledgerID: state.ledgerID, previousSize: state.size, checkpoint: checked.signed, recordsVerified: checkpoint.size - state.size,
            cosignatures: checked.cosignatures)
    }

    // MARK: Checks

    private struct Checked {
        let ledgerID: String
        let suite: Suite
        let chain: JSONValue
        let endOffset: Int
        let compact: CompactRange
        let newIDs: [UInt8]
        let signed: SignedCheckpoint
        let cosignatures: [CheckpointCosigners.Verified]
    }

    /// Verifies the records of the staging log from `resume` (or record 0) up to the checkpoint's size,
    /// every check of §6, and that they give the checkpoint's root and the checkpoint is the office's.
    private static func verify(
        staging: String, resume: (point: Verifier.ResumePoint, compact: CompactRange)?, ids: [UInt8], noteBytes: [UInt8], checkpoint: Checkpoint,
        previous: Int?
    ) throws(MirrorError) -> Checked {
        let ledger: Ledger
        do { ledger = try Ledger(directory: staging) } catch { throw .local("\(error)") }
        var compact = resume?.compact
        var newIDs: [UInt8] = []
        var hasher: MerkleHasher? = resume.map { $0.compact.hasher }
        let report: VerificationReport
        do {
            report = try Verifier.verify(ledger, resume: resume?.point, limit: checkpoint.size) { record in
                if hasher == nil, case .genesis(let genesis) = record.signed.statement.event {
                    hasher = MerkleHasher(suite: genesis.suite)
                    compact = CompactRange(hasher: hasher!)
                }
                compact?.append(hasher!.leafHash(record.line))
                newIDs += ChainState.statementIDBytes(record)
                return true
            }
        } catch { throw .local("cannot read the staged log: \(error)") }
        if let failure = report.failure {
            throw .refused("record \(failure.seq.map(String.init) ?? "?") served by the server fails verification: \(failure)")
        }
        guard let chain = report.state, let endOffset = report.endOffset, let ledgerID = chain.ledgerID, let suite = chain.suite, let compact else {
            throw .refused("the server's records do not verify as far as its checkpoint's \(checkpoint.size) records")
        }
        guard chain.nextSeq == checkpoint.size else {
            throw .refused("the server served \(chain.nextSeq) records, fewer than the \(checkpoint.size) of its checkpoint")
        }
        guard checkpoint.origin == Checkpoint.origin(ledgerID: ledgerID) else {
            throw .refused("the server's checkpoint is of \(checkpoint.origin), its records of ledger \(ledgerID)")
        }
        guard compact.root == checkpoint.rootHash else {
            throw .refused(
                "records \(previous ?? 0)…\(checkpoint.size - 1) served by the server do not give the root of its checkpoint of \(checkpoint.size) records")
        }
        let (signed, cosignatures) = try signedCheckpoint(noteBytes, checkpoint: checkpoint, registry: chain.registry)
        guard let json = chain.resumableJSON else { throw .local("the verifier state cannot be kept") }
        return Checked(
            ledgerID: ledgerID, suite: suite, chain: json, endOffset: endOffset, compact: compact, newIDs: newIDs, signed: signed,
            cosignatures: cosignatures)
    }

    /// The checkpoint verified as signed by an operator key active at its size, with its cosignatures.
    private static func signedCheckpoint(
        _ bytes: [UInt8], checkpoint: Checkpoint, registry: KeyRegistry
    ) throws(MirrorError) -> (SignedCheckpoint, [CheckpointCosigners.Verified]) {
        do {
            let signed = try SignedCheckpoint(
                parsing: bytes,
                verifiers: try checkpointVerifiers(origin: checkpoint.origin, keys: CheckpointSigners.keys(registry: registry, treeSize: checkpoint.size)))
            return (signed, try CheckpointCosigners.verified(signed, registry: registry))
        } catch {
            throw .refused("the server's checkpoint of \(checkpoint.size) records is not signed as the ledger's keys require: \(error)")
        }
    }

    // MARK: Fetching

    /// The lines of records `range`, from the server's entry bundles.
    private static func entries(_ range: Range<Int>, get: (String) throws(MirrorError) -> [UInt8]) throws(MirrorError) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(range.count)
        var index = range.lowerBound / TileStore.width
        while index * TileStore.width < range.upperBound {
            let start = index * TileStore.width
            let path = TilePath(kind: .entries, index: index, width: min(TileStore.width, range.upperBound - start))
            let bundle: [[UInt8]]
            do { bundle = try EntryBundle.decode(try get(path.description), count: path.width, path: path.description) } catch let error as MirrorError {
                throw error
            } catch { throw .server("\(error)") }
            lines += bundle.dropFirst(max(0, range.lowerBound - start))
            index += 1
        }
        return lines
    }

    /// Names the first record whose hash differs between the mirror's first `held` records and the
    /// server's first `served`, from level-0 hash tiles: the mirror's own and the server's.
    private static func difference(
        directory: String, held: Int, served: Int, hasher: MerkleHasher, get: (String) throws(MirrorError) -> [UInt8]
    ) -> String {
        guard let tree = try? LedgerTree(ledger: Ledger(directory: directory), extend: false), tree.size >= held else { return "" }
        let common = min(held, served)
        var index = 0
        while index * TileStore.width < common {
            let path = TilePath(kind: .hashes(level: 0), index: index, width: min(TileStore.width, common - index * TileStore.width))
            guard let mine = try? tree.tile(path), let theirs = try? get(path.description), theirs.count == mine.count else {
                return "; the first differing record cannot be named (the server did not give tile \(path))"
            }
            let size = hasher.hashSize
            for i in 0..<path.width where mine[(i * size)..<((i + 1) * size)] != theirs[(i * size)..<((i + 1) * size)] {
                let seq = index * TileStore.width + i
                return
                    "; record \(seq) differs: this mirror holds hash \(Hex.encode(Array(mine[(i * size)..<((i + 1) * size)]))), the server's tree has \(Hex.encode(Array(theirs[(i * size)..<((i + 1) * size)])))"
            }
            index += 1
        }
        return served < held ? "; records 0…\(served - 1) are unchanged, record \(served) onwards is missing" : ""
    }

    // MARK: Files

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A new empty directory beside `directory`, for a run's files until they are checked.
    private static func stagingDirectory(for directory: String) throws(MirrorError) -> String {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let name = trimmed.split(separator: "/").last.map(String.init) ?? "mirror"
        let staging = parent(of: trimmed) + "/.\(name).mirror-\(getpid())"
        FileIO.removeTree(staging)
        do { try FileIO.makeDirectories(staging) } catch { throw .local("cannot create \(staging): \(error)") }
        return staging
    }
}
