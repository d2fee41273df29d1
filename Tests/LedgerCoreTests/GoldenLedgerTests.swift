import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// Committed ledgers of format version 1 that must keep verifying, byte for byte, as the code changes.
///
/// `v1-ed25519-sha256.jsonl` is fully deterministic: its keys are the RFC 8032 section 7.1 test seeds
/// (public; fixtures only), its ids and times are fixed, and Ed25519 signatures are deterministic, so
/// the writer must also reproduce it exactly. `v1-sm2-sm3.jsonl` was written once (SM2 signatures are
/// randomised) and must keep verifying. docs/FORMAT.md's worked example quotes the Ed25519 ledger.
@Suite("Golden ledgers", .temporaryDirectory)
struct GoldenLedgerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    /// RFC 8032 7.1 TEST 1, 2 and 3 seeds: the office, 商务粮食局 and 科工信局 of the example.
    static let seeds = [
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    ]

    /// The expected heads, recorded when the fixtures were written.
    static let heads = [
        "v1-ed25519-sha256": "86d6937a2c55da1b500fcda7f0fc43a68321d50b938b7938983078658e75d938",
        "v1-sm2-sm3": "829122fa8745932d926380fa47072150bb70051253536f5a32544dd6ff48df84",
    ]

    /// Builds the example ledger's lines with the given keys (office, SWLSJ, KGXJ) and fixed ids and times.
    static func exampleLines(_ keys: [SigningKey]) throws -> [[UInt8]] {
        let suite = keys[0].suite
        var state = ChainState()
        var lines: [[UInt8]] = []
        var counter = 0
        func add(_ event: Event, by index: Int, department: String, at time: String) throws {
            counter += 1
            let key = keys[index]
            let id = String(format: "%032x", counter)
            let statement = Statement(
                ledger: "pingjiang-2023", id: id, time: Timestamp(time)!, department: department,
                keyID: key.publicKey.keyID(in: suite), event: event)
            let record = try Record(
                seq: state.nextSeq, prev: state.head, accepted: Timestamp(time)!, signed: try statement.signed(with: key, version: FormatVersion.v1),
                sealer: keys[0], version: FormatVersion.v1)
            try state.apply(record).run()
            lines.append(record.line)
        }
        try add(
            .genesis(Genesis(suite: suite, title: "平江县打好经济增长主动仗工作台账", utcOffset: "+08:00", department: "ZBBGS", name: "专班办公室", key: keys[0].publicKey)),
            by: 0, department: "ZBBGS", at: "2023-01-03T01:00:00Z")
        try add(
            .keyEnrolled(department: "SWLSJ", name: "商务粮食局", role: .department, key: keys[1].publicKey), by: 0, department: "ZBBGS", at: "2023-01-03T02:00:00Z")
        try add(
            .keyEnrolled(department: "KGXJ", name: "科工信局", role: .department, key: keys[2].publicKey), by: 0, department: "ZBBGS", at: "2023-01-03T02:00:00Z")
        try add(
            .plan(
                title: "打好经济增长主动仗工作方案", sections: [PlanSection(id: "1", title: "（一）激发释放消费潜力")],
                targets: [PlanTarget(scope: "headline", target: Target(metric: "地区生产总值", value: 420, unit: "亿元", comparator: .atLeast))]),
            by: 0, department: "ZBBGS", at: "2023-01-05T01:00:00Z")
        try add(
            .assigned(
                task: "1.6",
                Assignment(
                    title: "引进培育商贸企业", section: "1", lead: ["SWLSJ"], co: ["KGXJ"], deadline: CalendarDay("2023-12-31")!,
                    targets: [Target(metric: "新增限额以上批发、零售、住宿、餐饮企业", value: 40, unit: "家")])),
            by: 0, department: "ZBBGS", at: "2023-01-05T01:00:00Z")
        try add(
            .progress(task: "1.6", percent: 30, metrics: [MetricValue(metric: "新增限额以上批发、零售、住宿、餐饮企业", value: 12, unit: "家")], note: "一季度新增12家"),
            by: 1, department: "SWLSJ", at: "2023-04-06T02:30:00Z")
        try add(.delayed(task: "1.6", reason: "受市场影响，部分企业入库推迟", until: CalendarDay("2024-03-31")!), by: 2, department: "KGXJ", at: "2023-09-12T08:00:00Z")
        try add(
            .completed(task: "1.6", evidence: [Evidence(name: "入库企业名单.pdf", digest: Hex.encode(suite.hash(Array("入库企业名单".utf8))))], note: "新增43家"),
            by: 1, department: "SWLSJ", at: "2024-02-20T03:00:00Z")
        try add(.keyRevoked(key: keys[2].publicKey.keyID(in: suite), reason: "人员调整"), by: 0, department: "ZBBGS", at: "2024-02-21T00:00:00Z")
        return lines
    }

    static func read(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name + ".jsonl"))
    }

    @Test("committed version 1 ledgers still verify, with the heads they were written with", arguments: ["v1-ed25519-sha256", "v1-sm2-sm3"])
    func stillVerifies(name: String) throws {
        let dir = try TemporaryDirectory.make("golden")
        try Self.read(name).write(to: dir.appendingPathComponent(Ledger.logFileName))
        let report = try Verifier.verify(try Ledger(directory: dir.path))
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.verifiedRecords == 9)
        #expect(report.head == Self.heads[name])
    }

    @Test("the writer reproduces the Ed25519 golden ledger byte for byte")
    func reproducible() throws {
        let keys = try Self.seeds.map { try SigningKey(ed25519Seed: Hex.decode($0)!) }
        var bytes: [UInt8] = []
        for line in try Self.exampleLines(keys) { bytes += line + [0x0A] }
        #expect(bytes == [UInt8](try Self.read("v1-ed25519-sha256")))
    }
}
