// The RFC 6962 tree of a ledger (FORMAT.md §12) as `ledger prove` and `ledger checkpoint` use it: built from
// the log into tlog tiles, and inclusion and consistency proofs read from the tiles.
import Benchmark
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTransparency

/// Deletes the tree cache of the ledger at `dir`, so the next `LedgerTree(ledger:)` builds it from the log.
func removeTree(_ dir: String) {
    for path in ["tile", "cache/tree", "cache/tree-offsets", "cache/previous"] {
        try? FileManager.default.removeItem(atPath: dir + "/" + path)
    }
}

func treeBenchmarks() {
    // Every record's line hashed into the tree, written as tiles with their offsets (what the first
    // `ledger prove` or `ledger checkpoint` of a ledger does).
    Benchmark("LedgerTree build \(Fixture.records) records Ed25519", configuration: .init(maxIterations: 20)) { benchmark in
        let dir = must("ledger") { try fixture.ledgerDirectory(.ed25519sha256) }
        removeTree(dir)
        let ledger = must("open") { try Ledger(directory: dir) }
        benchmark.startMeasurement()
        let tree = must("build") { try LedgerTree(ledger: ledger) }
        benchmark.stopMeasurement()
        precondition(tree.size == Fixture.records, "the tree must cover the whole log")
    }

    // One inclusion proof, read from the tiles, checked against the root, with the record's line (1,000 a sample).
    Benchmark("LedgerTree.inclusionProof of \(Fixture.records) Ed25519", configuration: .init(scalingFactor: .kilo, maxIterations: 1_000)) {
        benchmark in
        let tree = must("open") { try LedgerTree(ledger: try Ledger(directory: try fixture.ledgerDirectory(.ed25519sha256))) }
        let size = tree.size
        benchmark.startMeasurement()
        for n in benchmark.scaledIterations {
            blackHole(must("prove") { try tree.inclusionProof(seq: (n &* 7919) % size, treeSize: size) })
        }
    }

    // One consistency proof from an earlier size to the whole log, with both roots (1,000 a sample).
    Benchmark("LedgerTree.consistencyProof to \(Fixture.records) Ed25519", configuration: .init(scalingFactor: .kilo, maxIterations: 1_000)) {
        benchmark in
        let tree = must("open") { try LedgerTree(ledger: try Ledger(directory: try fixture.ledgerDirectory(.ed25519sha256))) }
        let size = tree.size
        benchmark.startMeasurement()
        for n in benchmark.scaledIterations {
            blackHole(must("prove") { try tree.consistencyProof(oldSize: 1 + (n &* 7919) % (size - 1), newSize: size) })
        }
    }
}
