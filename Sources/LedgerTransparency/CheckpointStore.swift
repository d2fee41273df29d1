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
