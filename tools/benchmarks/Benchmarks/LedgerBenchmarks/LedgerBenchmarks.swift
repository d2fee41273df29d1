// The hot paths of the ledger as package-benchmark measures them: time, CPU, allocations and instructions,
// compared against a saved baseline (see ../../README.md), so a regression shows even on a noisy machine.
//
// Ledgers of `Fixture.records` records (30 tasks, 27 departments, progress reports signed by the lead
// departments; SM2, and Ed25519 when a benchmark asks for it) are generated once per benchmark process into a
// temporary directory, with the same generator as tools/bench's `ledger-bench generate` (`BenchLedger`), and
// removed when the benchmark ends. Signing and appending: SigningBenchmarks.swift; tree and proofs: TreeBenchmarks.swift.
import Benchmark
import BenchLedger
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore
import Synchronization

/// Generated ledgers on disk and one canonical progress record line.
final class Fixture: Sendable {
    /// Small enough to generate in a few seconds on 2 cores, large enough that per-record cost dominates.
    static let records = 10_000
    let directory: String
    /// A progress record's line of the SM2 ledger as the log holds it (without the newline), and its sequence number.
    let line: [UInt8]
    let lineSeq: Int
    /// The Ed25519 ledger, generated the first time a benchmark asks for it (outside its measurement), so the
    /// benchmarks that only use the SM2 ledger do not pay for it.
    private let ed25519 = Mutex<Bool>(false)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-benchmarks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try BenchLedger.generate(into: directory + "/ledger", count: Fixture.records, suite: .sm2sm3)
        let log = try Data(contentsOf: URL(fileURLWithPath: directory + "/ledger/" + Ledger.logFileName))
        let lines = log.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        lineSeq = lines.count - 1
        line = Array(lines[lineSeq])
    }

    /// The SM2 (sm2-sm3) ledger.
    var ledgerDirectory: String { directory + "/ledger" }

    /// The ledger of `suite`, with its keys under `keys/` (OFFICE.key, D1…D27.key; task T1 is led by D2).
    func ledgerDirectory(_ suite: Suite) throws -> String {
        if suite == .sm2sm3 { return ledgerDirectory }
        let path = directory + "/ledger-\(suite.rawValue)"
        try ed25519.withLock { made in
            if !made { _ = try BenchLedger.generate(into: path, count: Fixture.records, suite: suite) }
            made = true
        }
        return path
    }

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
    // The first name (SM2) is the one the earliest baselines hold.
    for (suite, name) in [(Suite.sm2sm3, ""), (.ed25519sha256, " Ed25519")] {
        Benchmark("replay \(Fixture.records) records\(name)", configuration: .init(maxIterations: 20)) { benchmark in
            let ledger = must("open") { try Ledger(directory: try fixture.ledgerDirectory(suite)) }
            var projector = Projector()
            benchmark.startMeasurement()
            must("replay") { try ledger.replay(verifySignatures: false) { record, _ in projector.apply(record) } }
            blackHole(projector.state().canonicalBytes)
        }

        // What `ledger verify` does: everything, two signatures per record, all cores.
        Benchmark("Verifier.verify \(Fixture.records) records\(name)", configuration: .init(maxIterations: 10)) { benchmark in
            let ledger = must("open") { try Ledger(directory: try fixture.ledgerDirectory(suite)) }
            benchmark.startMeasurement()
            let report = must("verify") { try Verifier.verify(ledger) }
            benchmark.stopMeasurement()
            precondition(report.isValid, "the generated ledger must verify: \(String(describing: report.failure))")
            blackHole(report.verifiedRecords)
        }
    }

    signingAndAppendBenchmarks()
    treeBenchmarks()
}
