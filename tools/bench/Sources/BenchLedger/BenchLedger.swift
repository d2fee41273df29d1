// The ledgers every benchmark measures: one generator, so tools/bench's figures and tools/benchmarks'
// baselines are taken on the same statements.
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerStore

/// Generates benchmark ledgers: 27 departments enrolled, 30 tasks each led by one and shared with the next,
/// then progress reports by the lead departments, appended 1,000 a batch.
public enum BenchLedger {
    /// What `generate` wrote.
    public struct Outcome: Sendable {
        /// Records in the ledger.
        public let records: Int
        /// Seconds spent signing and appending the progress reports (the bulk of the records).
        public let progressSeconds: Double
        /// Why the appender's admission cache could not be written, if it could not.
        public let cacheWriteFailure: String?
    }

    /// Creates a ledger of `count` records at `directory` (which must not exist), with the keys as files the
    /// `ledger` CLI loads (mode 0600) under `directory/keys` (OFFICE.key, D1…D27.key), and the admission
    /// cache `ledger append` starts from. No task is ever completed, and every progress report is by a
    /// responsible department, so a further `ledger append progress --task T1` by D2 is always accepted.
    public static func generate(into directory: String, count: Int, suite: Suite) throws -> Outcome {
        let office = try SigningKey.generate(suite: suite)
        let departments = try (1...27).map { i in (code: "D\(i)", key: try SigningKey.generate(suite: suite)) }
        var time = Timestamp("2023-01-03T00:00:00Z")!
        func statement(_ event: Event, _ code: String, _ key: SigningKey) throws -> SignedStatement {
            try Statement(ledger: "bench", time: time, department: code, keyID: key.publicKey.keyID(in: suite), event: event).signed(with: key)
        }
        let genesis = Genesis(suite: suite, title: "bench", utcOffset: "+08:00", department: "OFFICE", name: "专班办公室", key: office.publicKey)
        try Ledger.create(directory: directory, genesis: try statement(.genesis(genesis), "OFFICE", office), operatorKey: office, accepted: time)
        try FileManager.default.createDirectory(atPath: directory + "/keys", withIntermediateDirectories: true)
        try office.write(toFile: directory + "/keys/OFFICE.key")
        for d in departments { try d.key.write(toFile: directory + "/keys/\(d.code).key") }
        // The appender the CLI opens (the projector's transition rules as admission policy), so the cache it
        // leaves is one `ledger append` can start from.
        let appender = try LedgerDirectory(path: directory).appender(sealer: office)
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
                            title: "任务\(t)", lead: [departments[t % 27].code], co: [departments[(t + 1) % 27].code],
                            deadline: CalendarDay("2099-12-31")!, targets: [Target(metric: "指标\(t)", value: 100, unit: "个")])), "OFFICE", office)
            }, accepted: time)
        var written = 28 + 30
        var batch: [SignedStatement] = []
        let start = DispatchTime.now().uptimeNanoseconds
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
        let progressSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        appender.persistCache()
        return Outcome(records: written, progressSeconds: progressSeconds, cacheWriteFailure: appender.cacheWriteFailure)
    }
}
