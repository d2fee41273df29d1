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
// Whole-command figures (the `ledger` binary, `openssl speed` beside it) come from tools/bench.sh.
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProjector
import LedgerStore

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
    let count = Int(args[3])!
    let suite = Suite(rawValue: args[4])!
    let office = try SigningKey.generate(suite: suite)
    let departments = try (1...27).map { i in (code: "D\(i)", key: try SigningKey.generate(suite: suite)) }
    var time = Timestamp("2023-01-03T00:00:00Z")!
    func statement(_ event: Event, _ code: String, _ key: SigningKey) throws -> SignedStatement {
        try Statement(ledger: "bench", time: time, department: code, keyID: key.publicKey.keyID(in: suite), event: event).signed(with: key)
    }
    let genesis = Genesis(suite: suite, title: "bench", utcOffset: "+08:00", department: "OFFICE", name: "专班办公室", key: office.publicKey)
    try Ledger.create(directory: dir, genesis: try statement(.genesis(genesis), "OFFICE", office), operatorKey: office, accepted: time)
    // The keys as files the `ledger` CLI loads (mode 0600), so tools/bench-append.sh can append with them.
    try FileManager.default.createDirectory(atPath: dir + "/keys", withIntermediateDirectories: true)
    try office.write(toFile: dir + "/keys/OFFICE.key")
    for d in departments { try d.key.write(toFile: dir + "/keys/\(d.code).key") }
    // The appender the CLI opens (the projector's transition rules as admission policy), so the cache it
    // leaves is one `ledger append` can start from.
    let appender = try LedgerDirectory(path: dir).appender(sealer: office)
    try appender.append(
        try departments.map {
            try statement(.keyEnrolled(department: $0.code, name: "部门\($0.code)", role: .department, key: $0.key.publicKey), "OFFICE", office)
        }, accepted: time)
    try appender.append(
        try (1...30).map { t in
            try statement(
                .assigned(
                    task: "T\(t)",
                    Assignment(
                        title: "任务\(t)", lead: [departments[t % 27].code], co: [departments[(t + 1) % 27].code], deadline: CalendarDay("2099-12-31")!,
                        targets: [Target(metric: "指标\(t)", value: 100, unit: "个")])), "OFFICE", office)
        }, accepted: time)
    var written = 28 + 30
    var batch: [SignedStatement] = []
    let generation = try seconds {
        while written < count {
            let t = written % 30 + 1
            let dept = departments[t % 27]
            batch.append(
                try statement(
                    .progress(
                        task: "T\(t)", percent: Double(written % 100), metrics: [MetricValue(metric: "指标\(t)", value: Double(written % 97), unit: "个")],
                        note: "第\(written)次报告"), dept.code, dept.key))
            written += 1
            if batch.count == 1000 || written == count {
                time = time.adding(seconds: 60)
                try appender.append(batch, accepted: time)
                batch.removeAll(keepingCapacity: true)
            }
        }
    }
    appender.persistCache()
    if let failure = appender.cacheWriteFailure { print("could not write the admission cache: \(failure)") }
    print("generated \(written) records (\(suite.rawValue)) in \(String(format: "%.1f", generation)) s")
    // No task is ever completed, and every progress report is by a responsible department, so this is
    // always accepted: task T1 is led by D2 (departments[1 % 27]).
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

default:
    exit(2)
}
