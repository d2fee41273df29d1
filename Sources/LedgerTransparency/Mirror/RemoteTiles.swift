/// The hash tiles of a tlog-tiles log read through `fetch` (a server, or static files behind any web
/// server): what a mirror computes a consistency proof from when the server offers no proof endpoint,
/// as tlog-tiles clients do. Every tile is checked for its length; the proof made from them is then
/// verified against the roots the mirror trusts, so a wrong tile can only make the check fail.
struct RemoteTiles: MerkleNodeReader {
    let hasher: MerkleHasher
    /// The size of the tree the tiles are read for (the new checkpoint's).
    let leafCount: Int
    let fetch: (String) throws -> [UInt8]

    func hashes(of nodes: [MerkleNode]) throws(TransparencyError) -> [[UInt8]] {
        var tiles: [TilePath: [UInt8]] = [:]
        var result: [[UInt8]] = []
        for node in nodes {
            guard node.endLeaf <= leafCount else { throw .proofUnavailable("\(node) is beyond the \(leafCount) leaves of the tree") }
            let tileLevel = node.level / TileStore.height
            let r = node.level % TileStore.height
            let first = node.index << r
            let tileIndex = first / TileStore.width
            let width = min(TileStore.width, (leafCount >> (TileStore.height * tileLevel)) - tileIndex * TileStore.width)
            let path = TilePath(kind: .hashes(level: tileLevel), index: tileIndex, width: width)
            let bytes: [UInt8]
            if let known = tiles[path] {
                bytes = known
            } else {
                do { bytes = try fetch(path.description) } catch { throw .proofUnavailable("cannot fetch \(path): \(error)") }
                guard bytes.count == width * hasher.hashSize else {
                    throw .proofRejected("\(path) is \(bytes.count) bytes, not \(width * hasher.hashSize)")
                }
                tiles[path] = bytes
            }
            result.append(TileStore.fold(bytes, offset: first - tileIndex * TileStore.width, count: 1 << r, hasher: hasher))
        }
        return result
    }
}
