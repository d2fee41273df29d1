// The hot paths of the ledger as package-benchmark measures them: time, CPU, allocations and instructions,
// compared against a saved baseline (see ../../README.md), so a regression shows even on a noisy machine.
//
// One ledger of `Fixture.records` records (30 tasks, 27 departments, progress reports signed by the lead
// departments) is generated once per benchmark process into a temporary directory, with the same
// generator as tools/bench's `ledger-bench generate` (`BenchLedger`), and removed when the benchmark ends.
import Benchmark
import BenchLedger
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import Synchronization

/// A generated ledger on disk and one canonical progress record line from it.
final class Fixture: Sendable {
    /// Small enough to generate in a few seconds on 2 cores, large enough that per-record cost dominates.
    static let records = 10_000
    let directory: String
    /// A progress record's line as the log holds it (without the newline), and its sequence number.
    let line: [UInt8]
    let lineSeq: Int

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-benchmarks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try BenchLedger.generate(into: directory + "/ledger", count: Fixture.records, suite: .sm2sm3)
        let log = try Data(contentsOf: URL(fileURLWithPath: directory + "/ledger/" + Ledger.logFileName))
        let lines = log.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        lineSeq = lines.count - 1
        line = Array(lines[lineSeq])
    }

    var ledgerDirectory: String { directory + "/ledger" }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// Made by the setup hook before each benchmark and removed by its teardown, so generation is never measured and
/// the temporary directory goes whether the runner starts one process per benchmark or one for all.
let current = Mutex<Fixture?>(nil)

func setUpFixture() throws {
    try current.withLock { if $0 == nil { $0 = try Fixture() } }
}

func tearDownFixture() {
    current.withLock {
        $0?.remove()
        $0 = nil
    }
}

/// The fixture the setup hook made; read once per benchmark run, outside the measured loop.
var fixture: Fixture {
    guard let fixture = current.withLock({ $0 }) else { fatalError("the setup hook did not run") }
    return fixture
}

/// Benchmark closures cannot throw; a failure is a broken benchmark, not a slow one.
@discardableResult
func must<T>(_ what: String, _ body: () throws -> T) -> T {
    do { return try body() } catch { fatalError("\(what): \(error)") }
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .instructions, .throughput, .peakMemoryResident]
    Benchmark.defaultConfiguration = .init(
        metrics: metrics,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        thresholds: [
            // Allocations are deterministic: any change is worth a look. Instructions get room for noise, time
            // on a shared 2-core machine (CPU time in 10 ms ticks) a lot more; other metrics keep the 5 % default.
            .mallocCountTotal: .init(relative: [.p50: 1.0]),
            .instructions: .init(relative: [.p50: 5.0]),
            .wallClock: .init(relative: [.p50: 25.0]),
            .cpuTotal: .init(relative: [.p50: 25.0]),
            .throughput: .init(relative: [.p50: 25.0]),
        ]
    )
    // Global hooks run around every benchmark (a benchmark's own configuration would replace per-config hooks).
    Benchmark.setup = { try setUpFixture() }
    Benchmark.teardown = { tearDownFixture() }

    // One canonical progress record line, parsed and checked (canonical form, field types, version).
    Benchmark("Record(line:) progress record", configuration: .init(scalingFactor: .kilo, maxIterations: 1_000)) { benchmark in
        let (line, seq) = (fixture.line, fixture.lineSeq)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(must("parse") { try Record(line: line, expectedSeq: seq) })
        }
    }

    // Every record folded into the projector: parse, canonical check, chain, authority; no signatures.
    Benchmark("replay \(Fixture.records) records", configuration: .init(maxIterations: 20)) { _ in
        let ledger = must("open") { try Ledger(directory: fixture.ledgerDirectory) }
        var projector = Projector()
        must("replay") { try ledger.replay(verifySignatures: false) { record, _ in projector.apply(record) } }
        blackHole(projector.state().canonicalBytes)
    }

    // What `ledger verify` does: everything, two SM2 signatures per record, all cores.
    Benchmark("Verifier.verify \(Fixture.records) records", configuration: .init(maxIterations: 10)) { _ in
        let ledger = must("open") { try Ledger(directory: fixture.ledgerDirectory) }
        let report = must("verify") { try Verifier.verify(ledger) }
        precondition(report.isValid, "the generated ledger must verify: \(String(describing: report.failure))")
        blackHole(report.verifiedRecords)
    }
}
