import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// The committed format version 2 ledger: every type of FORMAT.md §5.5, §5.6 and §5.7 once or more,
/// with deterministic keys (RFC 8032 section 7.1 test seeds; public, fixtures only), fixed ids and times,
/// so the writer must reproduce it byte for byte. docs/FORMAT.md §11 quotes it.
@Suite("Golden ledger, format version 2", .temporaryDirectory)
struct GoldenV2LedgerTests {
    static let name = "v2-ed25519-sha256"

    /// RFC 8032 7.1 TEST 1, 2, 3 and 1024 seeds: the office, 商务粮食局, 科工信局 and the inspector 纪委监委.
    static let seeds = [
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
    ]
    /// The public keys RFC 8032 gives for those seeds.
    static let publicKeys = [
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
    ]

    /// The head recorded when the fixture was written.
    static let head = "1aefbcb889923d0eee63aaf5fe6ae8442163dbf384e94e12e547801e094abcd0"

    static let findingOnTask = String(format: "%032x", 14)
    static let findingOnUnit = String(format: "%032x", 19)

    /// The example's lines: record n has statement id n + 1 (32 hex digits) and every record is version 2.
    static func exampleLines(_ keys: [SigningKey]) throws -> [[UInt8]] {
        let suite = keys[0].suite
        var state = ChainState()
        var lines: [[UInt8]] = []
        let codes = ["ZBBGS", "SWLSJ", "KGXJ", "JW"]
        func add(_ event: Event, by index: Int, at time: String) throws {
            let key = keys[index]
            let statement = Statement(
                ledger: "pingjiang-2023", id: String(format: "%032x", state.nextSeq + 1), time: Timestamp(time)!, department: codes[index],
                keyID: key.publicKey.keyID(in: suite), event: event)
            let record = try Record(seq: state.nextSeq, prev: state.head, accepted: Timestamp(time)!, signed: try statement.signed(with: key), sealer: keys[0])
            try state.apply(record).run()
            lines.append(record.line)
        }
        let evidence = [Evidence(name: "入库企业名单.pdf", digest: Hex.encode(suite.hash(Array("入库企业名单".utf8))))]
        try add(
            .genesis(Genesis(suite: suite, title: "平江县打好经济增长主动仗工作台账", utcOffset: "+08:00", department: "ZBBGS", name: "专班办公室", key: keys[0].publicKey)),
            by: 0, at: "2023-01-03T01:00:00Z")
        try add(.keyEnrolled(department: "SWLSJ", name: "商务粮食局", role: .department, key: keys[1].publicKey), by: 0, at: "2023-01-03T02:00:00Z")
        try add(.keyEnrolled(department: "KGXJ", name: "科工信局", role: .department, key: keys[2].publicKey), by: 0, at: "2023-01-03T02:00:00Z")
        try add(.keyEnrolled(department: "JW", name: "纪委监委", role: .inspector, key: keys[3].publicKey), by: 0, at: "2023-01-03T02:00:00Z")
        try add(
            .plan(
                title: "打好经济增长主动仗工作方案", sections: [PlanSection(id: "1", title: "（一）激发释放消费潜力")],
                targets: [PlanTarget(scope: "headline", target: Target(metric: "地区生产总值", value: 420, unit: "亿元"))]),
            by: 0, at: "2023-01-05T01:00:00Z")
        try add(
            .assigned(
                task: "1.6",
                Assignment(
                    title: "引进培育商贸企业", section: "1", lead: ["SWLSJ"], co: ["KGXJ"], deadline: CalendarDay("2023-12-31")!,
                    targets: [Target(metric: "新增限额以上批发、零售、住宿、餐饮企业", value: 40, unit: "家")])),
            by: 0, at: "2023-01-05T01:00:00Z")
        try add(
            .assigned(task: "1.7", Assignment(title: "优化提升消费环境", section: "1", lead: [], co: ["SWLSJ", "KGXJ"], deadline: CalendarDay("2023-12-31")!)),
            by: 0, at: "2023-01-05T01:00:00Z")
        try add(.leadDesignated(task: "1.7", department: "KGXJ"), by: 0, at: "2023-01-10T02:00:00Z")  // 7
        try add(
            .progress(task: "1.6", percent: 30, metrics: [MetricValue(metric: "新增限额以上批发、零售、住宿、餐饮企业", value: 12, unit: "家")], note: "一季度新增12家"),
            by: 1, at: "2023-04-06T02:30:00Z")
        try add(.extensionRequested(task: "1.6", reason: "受市场影响，部分企业入库推迟", until: CalendarDay("2024-03-31")!), by: 2, at: "2023-09-12T08:00:00Z")
        try add(.extensionRefused(task: "1.6", reason: "延期理由不充分，请按原定时限加快推进"), by: 0, at: "2023-09-15T01:00:00Z")  // 10
        try add(.extensionRequested(task: "1.6", reason: "三家企业入库需待年报数据", until: CalendarDay("2024-02-29")!), by: 1, at: "2023-10-09T02:00:00Z")
        try add(.extensionApproved(task: "1.6", note: "经专班研究，同意延期"), by: 0, at: "2023-10-12T01:00:00Z")
        try add(
            .findingOpened(subject: .task("1.6"), text: "入库企业台账与统计数据不一致", severity: .serious, deadline: CalendarDay("2023-11-30")!), by: 3,
            at: "2023-10-20T02:00:00Z")  // 13: finding id 0…0e
        try add(.findingRectified(finding: findingOnTask, evidence: evidence, note: "已重新核对入库企业台账"), by: 1, at: "2023-11-10T02:00:00Z")
        try add(.findingKeptOpen(finding: findingOnTask, reason: "佐证材料仍不完整"), by: 3, at: "2023-11-15T02:00:00Z")
        try add(.findingRectified(finding: findingOnTask, evidence: evidence, note: "已补齐统计部门确认函"), by: 2, at: "2023-11-25T02:00:00Z")
        try add(.findingClosed(finding: findingOnTask, note: "整改到位"), by: 3, at: "2023-11-28T02:00:00Z")
        try add(
            .findingOpened(subject: .department("KGXJ"), text: "连续两个月未按时报送工作进展", severity: .general, deadline: CalendarDay("2023-12-15")!), by: 3,
            at: "2023-11-28T03:00:00Z")  // 18: finding id 0…13
        try add(.closeRequested(task: "1.6", evidence: evidence, note: "新增43家，申请销号"), by: 1, at: "2024-02-20T03:00:00Z")
        try add(.closeReturned(task: "1.6", reason: "佐证材料不全，请补充统计部门确认函"), by: 0, at: "2024-02-22T01:00:00Z")  // 20
        try add(.closeRequested(task: "1.6", evidence: evidence, note: "已补充材料，重新申请销号"), by: 1, at: "2024-02-26T03:00:00Z")
        try add(.closeApproved(task: "1.6", note: "材料齐全，经审核同意销号"), by: 0, at: "2024-02-28T01:00:00Z")
        try add(.reopened(task: "1.6", reason: "复核发现两家企业未入库，重新办理"), by: 0, at: "2024-03-05T01:00:00Z")
        try add(.closeRequested(task: "1.7", evidence: evidence, note: nil), by: 2, at: "2024-03-06T03:00:00Z")
        try add(.closeApproved(task: "1.7", note: "同意销号"), by: 0, at: "2024-03-08T01:00:00Z")  // 25
        try add(.indicatorOwnerDesignated(scope: "headline", metric: "地区生产总值", department: "KGXJ"), by: 0, at: "2024-03-08T02:00:00Z")  // 26
        return lines
    }

    static var fixture: URL { GoldenLedgerTests.fixtures.appendingPathComponent(name + ".jsonl") }

    static func keys() throws -> [SigningKey] { try seeds.map { try SigningKey(ed25519Seed: Hex.decode($0)!) } }

    @Test("the seeds are RFC 8032's: each gives the public key the RFC prints")
    func seedsAreTheRFCs() throws {
        for (key, expected) in zip(try Self.keys(), Self.publicKeys) {
            #expect(Hex.encode(Array(key.publicKey.derRepresentation.suffix(32))) == expected)
        }
    }

    @Test("the committed version 2 ledger verifies, with the head it was written with")
    func verifies() throws {
        let dir = try TemporaryDirectory.make("golden-v2")
        try Data(contentsOf: Self.fixture).write(to: dir.appendingPathComponent(Ledger.logFileName))
        let report = try Verifier.verify(try Ledger(directory: dir.path))
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.verifiedRecords == 27)
        #expect(report.head == Self.head)
    }

    @Test("the writer reproduces it byte for byte, and it holds every workflow type")
    func reproducible() throws {
        var bytes: [UInt8] = []
        for line in try Self.exampleLines(try Self.keys()) { bytes += line + [0x0A] }
        #expect(bytes == [UInt8](try Data(contentsOf: Self.fixture)))
        let types = Set(
            try bytes.split(separator: 0x0A).enumerated().map { try Record(line: Array($1), expectedSeq: $0).signed.statement.event.type })
        let workflow = Set(Event.types).subtracting(["completed", "delayed", "key-rotated", "key-revoked"])  // the key types are the v1 fixture's
        #expect(types == workflow)
    }
}
