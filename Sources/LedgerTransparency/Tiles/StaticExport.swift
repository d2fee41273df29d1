/// The read side of a ledger as static files (FORMAT.md §12.11): what `ledger export-tiles` writes, so
/// that any web server or object store can serve the log as C2SP tlog-tiles without this project's
/// server.
///
/// For the latest checkpoint of *N* records it writes `checkpoint`, every hash tile and entry bundle
/// of the tree of *N* — full tiles once (they never change; an existing one is kept), the partial tiles
/// of size *N* — under the output directory, at exactly the paths the server answers. A ledger
/// directory's own `tile/` is the tree cache: it follows the log, not the checkpoint, and it has no
/// entry bundles, so it is not itself the static log.
public enum StaticExport {
    /// What an export wrote.
    public struct Outcome: Sendable {
        public let size: Int
        /// Files written (the checkpoint, new full tiles, the partial tiles).
        public let written: Int
        /// Full tiles already present and kept.
        public let kept: Int
    }

    /// Exports the tree of the ledger's latest checkpoint into `output`.
    /// - Throws: `.notContained` when the log no longer has the checkpoint's tree; `.store` for I/O.
    public static func write(tree: LedgerTree, checkpoint note: [UInt8], to output: String) throws(TransparencyError) -> Outcome {
        let checkpoint = try Checkpoint(text: try SignedNote(parsing: note).text)
        guard checkpoint.origin == tree.origin else { throw .notContained("the checkpoint is of \(checkpoint.origin), not of this ledger (\(tree.origin))") }
        guard checkpoint.size <= tree.size, try tree.root(size: checkpoint.size) == checkpoint.rootHash else {
            throw .notContained("the log no longer contains the checkpoint of \(checkpoint.size) records: verify it with `ledger verify --checkpoint`")
        }
        var written = 0
        var kept = 0
        var paths: [TilePath] = []
        var level = 0
        while true {
            let entries = checkpoint.size >> (TileStore.height * level)
            if entries == 0 { break }
            for index in 0...(entries / TileStore.width) {
                let width = min(TileStore.width, entries - index * TileStore.width)
                if width > 0 { paths.append(TilePath(kind: .hashes(level: level), index: index, width: width)) }
            }
            level += 1
        }
        for index in 0...(checkpoint.size / TileStore.width) {
            let width = min(TileStore.width, checkpoint.size - index * TileStore.width)
            if width > 0 { paths.append(TilePath(kind: .entries, index: index, width: width)) }
        }
        for path in paths {
            let file = output + "/" + path.description
            if path.isFull && FileIO.exists(file) {
                kept += 1
                continue
            }
            guard let bytes = try tree.tile(path, treeSize: checkpoint.size) else { throw .store("the tree has no \(path)") }
            try FileIO.makeDirectories(String(file[..<file.lastIndex(of: "/")!]))
            try FileIO.writeAtomically(file, bytes, durable: false)
            written += 1
        }
        try FileIO.makeDirectories(output)
        // The checkpoint last: a client that reads it finds every tile it names.
        try FileIO.writeAtomically(output + "/checkpoint", note, durable: true)
        return Outcome(size: checkpoint.size, written: written + 1, kept: kept)
    }
}
