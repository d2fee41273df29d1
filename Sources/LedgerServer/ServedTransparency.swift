import Dispatch
import LedgerCore
import LedgerCrypto
import LedgerStore
import LedgerTransparency
import Logging

/// The transparency side of one served ledger (FORMAT.md §12): its checkpoints, published by the
/// server with the operator key it seals with, its tree as tlog-tiles, its proofs, and the
/// cosignatures inspectors send.
///
/// Everything runs on one serial queue per ledger: the tree cache and the checkpoint files are written
/// by one thing at a time, and the appender (``ServedLedger``) is not slowed by any of it. A checkpoint
/// is published lazily, when `GET checkpoint` finds the log changed since the last one — the same
/// ``CheckpointPublisher`` as `ledger checkpoint`, so the server never signs a log that does not
/// verify or that does not contain its previous checkpoint; when it refuses, the last good checkpoint
/// stays the one served and the refusal is logged. Publishing resumes from the publishing state the
/// previous one kept (FORMAT.md §12.5), so it reads only the records appended since: appends wait for
/// it only while those records are read under the log's shared lock (the verifier's consistency with
/// the appender's batches), not for a pass over the whole log.
public final class ServedTransparency: @unchecked Sendable {
    public let id: String
    private let ledger: Ledger
    private let key: SigningKey
    private let logger: Logger
    /// Guards every member below.
    private let queue: DispatchQueue
    private var tree: LedgerTree?
    private var treeLog: LogIdentity?
    private var publishedLog: LogIdentity?

    /// - Throws: ``ServerSetupError`` when the key cannot be read (``ServedLedger`` checked it is the ledger's operator key).
    public init(served: ServedLedger, source: ServerConfiguration.LedgerSource, logger: Logger) throws {
        id = served.id
        ledger = served.directory.ledger
        do { key = try SigningKey.load(contentsOfFile: source.operatorKeyFile) } catch {
            throw ServerSetupError("operator key \(source.operatorKeyFile): \(error.reason)")
        }
        var logger = logger
        logger[metadataKey: "ledger"] = "\(served.id)"
        self.logger = logger
        queue = DispatchQueue(label: "ledger-server.transparency.\(served.id)")
    }

    /// The latest signed checkpoint with every cosignature the server holds; a new one is signed first
    /// when the log has changed since the last.
    func checkpoint() async throws -> [UInt8] {
        try await BlockingWork.run(on: queue) { [self] in
            let identity = LogIdentity(path: ledger.logPath)
            if identity == nil || identity != publishedLog {
                publishedLog = identity
                do {
                    let outcome = try CheckpointPublisher.publish(ledger: ledger, key: key)
                    if outcome.isNew {
                        logger.info(
                            "checkpoint published",
                            metadata: [
                                "size": "\(outcome.checkpoint.checkpoint.size)",
                                "checkedFrom": "\(outcome.resumedFrom ?? 0)",
                            ])
                    }
                    if let why = outcome.fullPassBecause { logger.notice("the whole log was verified to publish", metadata: ["why": "\(why)"]) }
                } catch {
                    logger.error("no checkpoint is signed over the log", metadata: ["error": "\(error)"])
                }
            }
            guard let latest = try CheckpointStore(directory: ledger.directory).latest() else {
                throw HTTPRefusal.notFound("ledger \(id) has no checkpoint: its log does not verify (see the server's log)")
            }
            return latest
        }
    }

    /// The bytes of a hash tile or entry bundle; nil when it reaches beyond the log's tree.
    func tile(_ path: TilePath) async throws -> [UInt8]? {
        try await BlockingWork.run(on: queue) { [self] in try currentTree().tile(path) }
    }

    /// `ledger prove inclusion`'s file for record `seq` in the tree of `size` (default: the latest
    /// checkpoint, whose signed note it then carries).
    func inclusionProof(seq: Int, size: Int?) async throws -> [UInt8] {
        let latest = size == nil ? try await checkpoint() : nil
        return try await BlockingWork.run(on: queue) { [self] in
            let tree = try currentTree()
            let store = CheckpointStore(directory: ledger.directory)
            let note = try latest ?? store.checkpoint(size: size!)
            let treeSize = try size ?? Checkpoint(text: SignedNote(parsing: note!).text).size
            guard seq >= 0, seq < treeSize else {
                throw HTTPRefusal.notFound("record \(seq) is not among the \(treeSize) records of the tree asked for")
            }
            guard treeSize <= tree.size else { throw HTTPRefusal.notFound("the log has \(tree.size) records, fewer than \(treeSize)") }
            var proof = try tree.inclusionProof(seq: seq, treeSize: treeSize)
            if let note, try Checkpoint(text: SignedNote(parsing: note).text).rootHash == proof.rootHash { proof.checkpoint = note }
            return proof.fileBytes
        }
    }

    /// `ledger prove consistency`'s file from the tree of `from` records to the tree of `to`, with the
    /// signed checkpoints of those sizes when the server published them.
    func consistencyProof(from: Int, to: Int) async throws -> [UInt8] {
        try await BlockingWork.run(on: queue) { [self] in
            let tree = try currentTree()
            guard from >= 0, from <= to else { throw HTTPRefusal.badRequest("from \(from) is not between 0 and to \(to)", field: "from") }
            guard to <= tree.size else { throw HTTPRefusal.notFound("the log has \(tree.size) records, fewer than \(to)") }
            var proof = try tree.consistencyProof(oldSize: from, newSize: to)
            let store = CheckpointStore(directory: ledger.directory)
            if let old = try store.checkpoint(size: from), try Checkpoint(text: SignedNote(parsing: old).text).rootHash == proof.oldRoot {
                proof.oldCheckpoint = old
            }
            if let new = try store.checkpoint(size: to), try Checkpoint(text: SignedNote(parsing: new).text).rootHash == proof.newRoot {
                proof.newCheckpoint = new
            }
            return proof.fileBytes
        }
    }

    /// Checks an inspector's cosignature and keeps it with the checkpoint (FORMAT.md §12.12).
    func cosign(_ submission: CosignatureSubmission) async throws -> CosignatureIntake.Outcome {
        try await BlockingWork.run(on: queue) { [self] in
            let outcome = try CosignatureIntake.accept(submission, tree: try currentTree())
            if case .accepted(_, let added) = outcome {
                for c in added { logger.info("cosignature stored", metadata: ["dept": "\(c.department)", "key": "\(c.keyID.prefix(16))"]) }
            }
            return outcome
        }
    }

    /// The tree of the log as it is now: reopened (checked against the log, extended) when the log changed.
    private func currentTree() throws -> LedgerTree {
        let identity = LogIdentity(path: ledger.logPath)
        if let tree, identity != nil, identity == treeLog { return tree }
        let opened = try LedgerTree(ledger: ledger)
        if let why = opened.rebuiltBecause { logger.notice("tree cache rebuilt", metadata: ["why": "\(why)"]) }
        tree = opened
        treeLog = identity
        return opened
    }
}
