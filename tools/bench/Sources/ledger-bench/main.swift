// ledger-bench: builds large ledgers and times the hot paths (verification, replay) in-process.
//
//   ledger-bench generate DIR RECORDS SUITE   build a ledger of RECORDS records (30 tasks, 27 departments), its
//                                             admission cache, and key files under DIR/keys (OFFICE.key, D1…D27.key)
//   ledger-bench replay DIR                   fold every record into the projector, no signature checks
//   ledger-bench verify DIR                   full verification (what `ledger verify` does)
//   ledger-bench sign-load DIR COUNT OUT      sign COUNT progress statements of DIR's departments into OUT (JSON Lines)
//   ledger-bench post URL FILE N RECEIPTS     post FILE's statements one per request with N concurrent submitters
//   ledger-bench check-receipts DIR RECEIPTS  every receipt `post` wrote names a record of DIR with its hash
//
//   ledger-bench tree DIR LEAVES              build an RFC 6962 tree of LEAVES synthetic leaves as tlog tiles in DIR
//                                             and time inclusion and consistency proofs read from them (tools/bench-proofs.sh)
//
// What is measured where: regressions of every hot path (parse, replay, verify, sign, append, tree and proofs;
// malloc counts and time against a saved baseline) are tools/benchmarks' (package-benchmark), on ledgers this
// package's BenchLedger generates. ledger-bench keeps what a benchmark harness cannot do: generating big
// ledgers, one timed replay or verification of all of them, and the server load; tools/compare.sh and
// tools/bench*.sh print those whole-run rates beside `openssl speed`, git and the Python verifier.
import BenchLedger
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import LedgerTransparency

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ledger-bench generate DIR RECORDS SUITE | replay DIR | verify DIR\n".utf8))
    exit(2)
}
let dir = args[2]

switch args[1] {
case "generate":
    let suite = Suite(rawValue: args[4])!
    let outcome = try BenchLedger.generate(into: dir, count: Int(args[3])!, suite: suite)
    if let failure = outcome.cacheWriteFailure { print("could not write the admission cache: \(failure)") }
    print("generated \(outcome.records) records (\(suite.rawValue)) in \(String(format: "%.1f", outcome.progressSeconds)) s")
    // Task T1 is led by D2 (departments[1 % 27]), and no task is ever completed.
    print("valid append: ledger append progress -L \(dir) --task T1 --percent P --key \(dir)/keys/D2.key --operator-key \(dir)/keys/OFFICE.key")

case "replay":
    let ledger = try Ledger(directory: dir)
    var projector = Projector()
    var count = 0
    let elapsed = try seconds {
        try ledger.replay(verifySignatures: false) { record, _ in
            projector.apply(record)
            count += 1
        }
    }
    _ = projector.state().canonicalBytes
    print(
        String(
            format: "replay (parse, canonical check, chain, authority, projection; no signatures): %d records in %.2f s = %.0f records/s, peak RSS %.0f MB",
            count, elapsed, Double(count) / elapsed, peakRSSMegabytes()))

case "verify":
    let ledger = try Ledger(directory: dir)
    var report: VerificationReport?
    let elapsed = try seconds { report = try Verifier.verify(ledger) }
    guard let report, report.isValid else { print("verification failed: \(String(describing: report?.failure))"); exit(1) }
    print(
        String(
            format: "verify (everything, 2 signatures per record, all cores): %d records in %.2f s = %.0f records/s, peak RSS %.0f MB",
            report.verifiedRecords, elapsed, Double(report.verifiedRecords) / elapsed, peakRSSMegabytes()))

case "sign-load":
    try signLoad(dir: dir, count: Int(args[3])!, out: args[4])

case "post":
    try postLoad(url: args[2], file: args[3], concurrency: Int(args[4])!, receiptsOut: args[5])

case "check-receipts":
    try checkReceipts(dir: dir, receipts: args[3])

case "tree":
    let count = Int(args[3])!
    let hasher = MerkleHasher(suite: .ed25519sha256)
    var store = try TileStore.empty(root: dir, hasher: hasher)
    let build = try seconds {
        var batch: [[UInt8]] = []
        for i in 0..<count {
            batch.append(hasher.leafHash(Array("record \(i)".utf8)))
            if batch.count == 65536 || i == count - 1 {
                try store.append(batch, durable: i == count - 1)
                batch.removeAll(keepingCapacity: true)
            }
        }
        store.removeStalePartials()
    }
    print(String(format: "build: %d leaves hashed and written as tiles in %.2f s (one syncfs at the end)", count, build))
    // Proofs from a store opened afresh, as a `ledger prove` process does; tiles come from the page cache.
    var reader = try TileStore(root: dir, hasher: hasher, leafCount: count)
    let root = try MerkleTree.root(size: count, reader: reader)
    var generator = SystemRandomNumberGenerator()
    let indices = (0..<1000).map { _ in Int.random(in: 0..<count, using: &generator) }
    var proofs: [[[UInt8]]] = []
    let inclusion = try seconds { for i in indices { proofs.append(try MerkleTree.inclusionProof(index: i, size: count, reader: reader)) } }
    let verify = try seconds {
        for (n, i) in indices.enumerated() {
            try MerkleTree.verifyInclusion(
                index: i, size: count, leafHash: hasher.leafHash(Array("record \(i)".utf8)), proof: proofs[n], root: root, hasher: hasher)
        }
    }
    let olds = (0..<1000).map { _ in Int.random(in: 1..<count, using: &generator) }
    let consistency = try seconds { for m in olds { _ = try MerkleTree.consistencyProof(oldSize: m, newSize: count, reader: reader) } }
    let rootTime = try seconds {
        for _ in 0..<1000 { reader = try TileStore(root: dir, hasher: hasher, leafCount: count); _ = try MerkleTree.root(size: count, reader: reader) }
    }
    let each = { (total: Double) in total * 1000 / 1000 }  // 1,000 of each: seconds in total → milliseconds each
    print(
        String(
            format: "inclusion proof of a random leaf among %d: %.3f ms each (%d hashes), verification %.3f ms", count, each(inclusion), proofs[0].count,
            each(verify)))
    print(String(format: "consistency proof from a random size to %d: %.3f ms each", count, each(consistency)))
    print(String(format: "open the store and compute the root: %.3f ms each; peak RSS %.0f MB", each(rootTime), peakRSSMegabytes()))

default:
    exit(2)
}
