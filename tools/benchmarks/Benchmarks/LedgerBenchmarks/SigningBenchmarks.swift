// Signing a statement and appending a batch: the write side, which `ledger append` and `ledger serve` spend
// their time in (the whole-process figure, with process start, is tools/bench-append.sh's).
import Benchmark
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerStore
import Synchronization

/// The last accepted time given to an appended batch: each batch is accepted now, or a second after the one
/// before when samples come faster (the ledger refuses times more than 300 s ahead of the clock).
let lastAccepted = Mutex<Timestamp>(Timestamp(secondsSinceEpoch: 0))

/// A progress report on task T1 by its lead D2, as the bench ledgers' 单位 write them.
func progressStatement(_ n: Int, time: Timestamp, key: SigningKey, suite: Suite) throws -> SignedStatement {
    try Statement(
        ledger: "bench", time: time, department: "D2", keyID: key.publicKey.keyID(in: suite),
        event: .progress(task: "T1", percent: Double(n % 100), metrics: [MetricValue(metric: "指标1", value: Double(n % 97), unit: "个")], note: "第\(n)次报告")
    ).signed(with: key)
}

func signingAndAppendBenchmarks() {
    for (suite, name) in [(Suite.ed25519sha256, "Ed25519"), (.sm2sm3, "SM2")] {
        // One statement made canonical, hashed and signed by a 单位's key (1,000 per sample for Ed25519).
        let scaling: BenchmarkScalingFactor = suite == .ed25519sha256 ? .kilo : .one
        Benchmark("Statement.signed(with:) \(name)", configuration: .init(scalingFactor: scaling, maxIterations: 1_000)) { benchmark in
            let key = must("key") { try SigningKey.generate(suite: suite) }
            let time = Timestamp("2030-01-01T00:00:00Z")!
            benchmark.startMeasurement()
            for n in benchmark.scaledIterations {
                blackHole(must("sign") { try progressStatement(n, time: time, key: key, suite: suite) })
            }
        }

        // 1,000 signed statements appended as one batch to the 10,000-record ledger (growing 1,000 a sample):
        // admission check, the operator's seal on each record, chain, write, one fsync, cache update.
        Benchmark("Appender.append 1000 statements \(name)", configuration: .init(maxIterations: 20)) { benchmark in
            let dir = must("ledger") { try fixture.ledgerDirectory(suite) }
            let office = must("office key") { try SigningKey.load(contentsOfFile: dir + "/keys/OFFICE.key") }
            let lead = must("D2 key") { try SigningKey.load(contentsOfFile: dir + "/keys/D2.key") }
            let accepted = lastAccepted.withLock { last in
                last = max(Timestamp.now(), last.adding(seconds: 1))
                return last
            }
            let batch = must("sign") { try (0..<1000).map { try progressStatement($0, time: accepted, key: lead, suite: suite) } }
            let appender = must("appender") { try LedgerDirectory(path: dir).appender(sealer: office) }
            benchmark.startMeasurement()
            blackHole(must("append") { try appender.append(batch, accepted: accepted) })
            benchmark.stopMeasurement()
        }
    }
}
