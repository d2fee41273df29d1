import Foundation
import LedgerCore
import LedgerCrypto
import LedgerTestSupport
import Testing

/// A small ledger built through the public API, on disk, with real keys: the subject of the store and
/// tamper tests. Ed25519 keeps it fast; the suite is a parameter where it matters. Only for suites
/// marked `.temporaryDirectory`, which remove the ledger when the test ends.
struct LedgerFixture {
    let directory: String
    let ledger: Ledger
    let suite: Suite
    let office: SigningKey
    let commerce: SigningKey  // SWLSJ 商务粮食局
    let housing: SigningKey  // ZJJ 住建局
    let inspector: SigningKey  // JW 纪委监委
    static let ledgerID = "pingjiang-2023"

    static func time(_ text: String) -> Timestamp { Timestamp(text)! }

    /// genesis, three enrolments, two assignments: records 0…5.
    init(suite: Suite = .ed25519sha256) throws {
        self.suite = suite
        office = try SigningKey.generate(suite: suite)
        commerce = try SigningKey.generate(suite: suite)
        housing = try SigningKey.generate(suite: suite)
        inspector = try SigningKey.generate(suite: suite)
        // Inside the running test's temporary directory, removed when the test ends.
        directory = try TemporaryDirectory.make("ledger-tests").appendingPathComponent("ledger").path
        let genesis = Genesis(suite: suite, title: "测试台账", utcOffset: "+08:00", department: "ZBBGS", name: "专班办公室", key: office.publicKey)
        let statement = Statement(
            ledger: Self.ledgerID, time: Self.time("2023-01-03T01:00:00Z"), department: "ZBBGS", keyID: office.publicKey.keyID(in: suite),
            event: .genesis(genesis))
        ledger = try Ledger.create(
            directory: directory, genesis: try statement.signed(with: office), operatorKey: office, accepted: Self.time("2023-01-03T01:00:00Z")
        ).0
        try appendByOffice(.keyEnrolled(department: "SWLSJ", name: "商务粮食局", role: .department, key: commerce.publicKey), at: "2023-01-03T02:00:00Z")
        try appendByOffice(.keyEnrolled(department: "ZJJ", name: "住建局", role: .department, key: housing.publicKey), at: "2023-01-03T02:00:00Z")
        try appendByOffice(.keyEnrolled(department: "JW", name: "纪委监委", role: .inspector, key: inspector.publicKey), at: "2023-01-03T02:00:00Z")
        try appendByOffice(
            .assigned(
                task: "1.6",
                Assignment(
                    title: "引进培育商贸企业", section: "1", lead: ["SWLSJ"], co: ["ZJJ"], deadline: CalendarDay("2023-12-31")!,
                    targets: [Target(metric: "新增限额以上企业", value: 40, unit: "家")])), at: "2023-01-04T00:00:00Z")
        try appendByOffice(
            .assigned(task: "2.2", Assignment(title: "支持刚性和改善性住房消费", section: "2", lead: ["ZJJ"], co: [], deadline: CalendarDay("2023-06-30")!)),
            at: "2023-01-04T00:00:00Z")
    }

    func statement(_ event: Event, by key: SigningKey, department: String, claimed: String = "2023-03-01T00:00:00Z") throws -> SignedStatement {
        try Statement(ledger: Self.ledgerID, time: Self.time(claimed), department: department, keyID: key.publicKey.keyID(in: suite), event: event).signed(
            with: key)
    }

    @discardableResult
    func appendByOffice(_ event: Event, at time: String) throws -> Receipt {
        try ledger.append([try statement(event, by: office, department: "ZBBGS")], sealer: office, accepted: Self.time(time))[0]
    }

    @discardableResult
    func append(_ event: Event, by key: SigningKey, department: String, at time: String) throws -> Receipt {
        try ledger.append([try statement(event, by: key, department: department)], sealer: office, accepted: Self.time(time))[0]
    }

    /// Adds a few department reports: records 6…9.
    func addReports() throws {
        try append(
            .progress(task: "1.6", percent: 30, metrics: [MetricValue(metric: "新增限额以上企业", value: 12, unit: "家")], note: "一季度"), by: commerce,
            department: "SWLSJ", at: "2023-04-01T00:00:00Z")
        try append(
            .extensionRequested(task: "2.2", reason: "土地报批未完成", until: CalendarDay("2023-09-30")!), by: housing, department: "ZJJ", at: "2023-05-01T00:00:00Z")
        try append(.progress(task: "1.6", percent: 60, metrics: [], note: nil), by: housing, department: "ZJJ", at: "2023-07-01T00:00:00Z")
        try append(
            .closeRequested(task: "2.2", evidence: [Evidence(name: "验收报告.pdf", digest: String(repeating: "ab", count: 32))], note: "已完成"), by: housing,
            department: "ZJJ", at: "2023-09-01T00:00:00Z")
    }

    var logPath: String { ledger.logPath }

    func lines() throws -> [[UInt8]] {
        let data = try #require(FileManager.default.contents(atPath: logPath))
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { [UInt8]($0) }
    }

    func write(lines: [[UInt8]]) throws {
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [0x0A] }
        try Data(bytes).write(to: URL(fileURLWithPath: logPath))
    }

    func logBytes() throws -> Data { try #require(FileManager.default.contents(atPath: logPath)) }

    func verify() throws -> VerificationReport { try Verifier.verify(ledger) }
}
