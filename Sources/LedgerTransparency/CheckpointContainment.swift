import LedgerCore
import LedgerCrypto

/// Checks, while a verifier reads the log once, that the log still contains a checkpoint's tree
/// (`ledger verify --checkpoint`, FORMAT.md §6 and §12.7).
///
/// Feed it each verified record's hash in order. When the log reaches the checkpoint's size, the
/// RFC 6962 root of the records read so far must be the checkpoint's root. When it is not, or the log
/// ends first, the log was rewritten or truncated below the checkpoint. A root names no record; so to
/// name the first record that differs, ``locateDifference(ledgerDirectory:)`` looks for an old copy of
/// the tree that the checkpoint authenticates: the ledger's tile cache, or the copy a rebuild moved to
/// `cache/previous/`. Tiles whose leaves give the checkpoint's root are the checkpointed records'
/// hashes, leaf by leaf, and the first leaf the log no longer has is the first record that differs.
public struct CheckpointContainment {
    public let checkpoint: Checkpoint
    public let hasher: MerkleHasher
    private var compact: CompactRange
    /// The record hashes read, up to the checkpoint's size (to compare with an old tree's leaves).
    private var leafBytes: [UInt8] = []
    /// The root of the first `checkpoint.size` records, once that many were read.
    public private(set) var rootAtSize: [UInt8]?

    public init(checkpoint: Checkpoint, suite: Suite) {
        self.checkpoint = checkpoint
        self.hasher = MerkleHasher(suite: suite)
        self.compact = CompactRange(hasher: hasher)
        if checkpoint.size == 0 { rootAtSize = hasher.emptyRoot }
    }

    /// Takes the next verified record's line.
    public mutating func observe(recordLine line: [UInt8]) {
        guard compact.size < checkpoint.size else { return }
        let leaf = hasher.leafHash(line)
        compact.append(leaf)
        leafBytes.append(contentsOf: leaf)
        if compact.size == checkpoint.size { rootAtSize = compact.root }
    }

    /// How the log stands against the checkpoint.
    public enum Outcome: Sendable, Equatable {
        /// The first `size` records have the checkpoint's root.
        case contained
        /// The log has only `records` verified records, fewer than the checkpoint's size.
        case truncated(records: Int)
        /// The first `checkpoint.size` records have another root.
        case rewritten
    }

    /// The outcome after the verifier read every record it could.
    public var outcome: Outcome {
        guard let rootAtSize else { return .truncated(records: compact.size) }
        return rootAtSize == checkpoint.rootHash ? .contained : .rewritten
    }

    /// The first record (seq) of the checkpoint's tree that the log no longer has unchanged, found by
    /// comparing with an old tree in `ledgerDirectory` that gives the checkpoint's root; nil when no
    /// such tree is kept (then a checkpoint alone cannot name it).
    public func locateDifference(ledgerDirectory: String) -> Int? {
        guard outcome != .contained else { return nil }
        for root in [ledgerDirectory, ledgerDirectory + "/cache/previous"] {
            let statePath = root == ledgerDirectory ? root + "/cache/tree" : root + "/tree"
            guard let bytes = try? FileIO.read(statePath), let state = try? JSONValue.parse(bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes),
                let size = state["size"]?.intValue, size >= checkpoint.size,
                let store = try? TileStore(root: root, hasher: hasher, leafCount: size),
                let old = try? store.leafHashes(count: checkpoint.size)
            else { continue }
            var range = CompactRange(hasher: hasher)
            for leaf in old { range.append(leaf) }
            guard range.root == checkpoint.rootHash else { continue }
            let width = hasher.hashSize
            for (seq, leaf) in old.enumerated() where (seq + 1) * width > leafBytes.count || !leafBytes[(seq * width)..<((seq + 1) * width)].elementsEqual(leaf)
            {
                return seq
            }
        }
        return nil
    }
}
