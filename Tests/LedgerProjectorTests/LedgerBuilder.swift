import LedgerCore
import LedgerCrypto
import LedgerProjector

/// Builds a real ledger in memory: real keys, real signed statements, records sealed by the operator,
/// chained and checked by ``ChainState`` as `ledger append` would, with acceptance times the test chooses.
struct LedgerBuilder {
    static let operatorCode = "FGJ"

    let suite: Suite
    let ledgerID = "test-ledger-2023"
    let operatorKey: SigningKey
    private(set) var keys: [String: SigningKey] = [:]
    private(set) var chain = ChainState()
    private(set) var records: [Record] = []
    /// The format version of the records it writes next: version 1 by default, so the tests of version 1
    /// semantics (a unit completes and delays its own task) keep stating them; workflow tests set 2.
    var version = FormatVersion.v1

    /// A ledger whose genesis (record 0) is accepted at `start`, with the operator 发改局 (FGJ).
    init(suite: Suite = .ed25519sha256, utcOffset: String = "+08:00", start: Timestamp = at("2023-01-01T00:00:00Z")) throws {
        self.suite = suite
        operatorKey = try SigningKey.generate(suite: suite)
        let genesis = Genesis(
            suite: suite, title: "测试台账", utcOffset: utcOffset, department: Self.operatorCode,
            name: "发改局", key: operatorKey.publicKey)
        try append(.genesis(genesis), by: Self.operatorCode, at: start)
    }

    var lastAccepted: Timestamp { records.last!.accepted }

    /// Enrols a fresh key for `department` (a department key by default).
    mutating func enrol(_ department: String, name: String? = nil, role: Role = .department, at time: Timestamp? = nil) throws {
        let key = try SigningKey.generate(suite: suite)
        keys[department] = key
        try append(
            .keyEnrolled(department: department, name: name ?? "部门\(department)", role: role, key: key.publicKey),
            by: Self.operatorCode, at: time ?? lastAccepted)
    }

    /// Replaces `department`'s key with a fresh one.
    mutating func rotate(_ department: String, at time: Timestamp? = nil) throws {
        let old = keys[department]!.publicKey.keyID(in: suite)
        let key = try SigningKey.generate(suite: suite)
        try append(.keyRotated(old: old, key: key.publicKey), by: Self.operatorCode, at: time ?? lastAccepted)
        keys[department] = key
    }

    mutating func plan(_ targets: [PlanTarget], title: String = "工作方案", at time: Timestamp? = nil) throws {
        let sections = [PlanSection(id: "1", title: "（一）第一部分"), PlanSection(id: "2", title: "（二）第二部分")]
        try append(.plan(title: title, sections: sections, targets: targets), by: Self.operatorCode, at: time ?? lastAccepted)
    }

    mutating func assign(
        _ task: String, lead: [String] = [], co: [String] = [], deadline: String, targets: [Target] = [],
        section: String? = nil, at time: Timestamp? = nil
    ) throws {
        let assignment = Assignment(title: "任务\(task)", section: section, lead: lead, co: co, deadline: day(deadline), targets: targets)
        try append(.assigned(task: task, assignment), by: Self.operatorCode, at: time ?? lastAccepted)
    }

    mutating func progress(_ task: String, by department: String, percent: Double, metrics: [MetricValue] = [], at time: Timestamp) throws {
        try append(.progress(task: task, percent: percent, metrics: metrics, note: nil), by: department, at: time)
    }

    mutating func complete(_ task: String, by department: String, at time: Timestamp, verified: Bool = true) throws {
        let evidence = [Evidence(name: "验收报告.pdf", digest: String(repeating: "ab", count: 32))]
        try append(.completed(task: task, evidence: evidence, note: nil), by: department, at: time, verified: verified)
    }

    mutating func delay(_ task: String, by department: String, reason: String = "资金未到位", until: String, at time: Timestamp) throws {
        try append(.delayed(task: task, reason: reason, until: day(until)), by: department, at: time)
    }

    /// Signs `event` as `department` (claiming `claimed`, by default the acceptance time) and appends it accepted at `time`. With `verified`, the record goes
    /// through ``ChainState`` (chain, signature, authority) first; without it, the record is chained but
    /// not checked, as a ledger written by another tool might be (only use it for the last record).
    @discardableResult
    mutating func append(_ event: Event, by department: String, at time: Timestamp, claimed: Timestamp? = nil, verified: Bool = true) throws -> Record {
        let key = department == Self.operatorCode ? operatorKey : keys[department]!
        let statement = Statement(
            ledger: ledgerID, time: claimed ?? time, department: department,
            keyID: key.publicKey.keyID(in: suite), event: event)
        let prev = records.last?.hash(suite) ?? Record.zeroHash
        let record = try Record(
            seq: records.count, prev: prev, accepted: time, signed: try statement.signed(with: key, version: version), sealer: operatorKey, version: version)
        if verified { try chain.apply(record).run() }
        records.append(record)
        return record
    }

    /// The next record `event` would make, without appending it (for admission checks).
    func candidate(_ event: Event, by department: String, at time: Timestamp) throws -> Record {
        var copy = self
        return try copy.append(event, by: department, at: time, verified: false)
    }

    /// A projector that applied `records` (all of them by default).
    func project(_ count: Int? = nil, options: ProjectionOptions = ProjectionOptions()) -> Projector {
        var projector = Projector(options: options)
        for record in records.prefix(count ?? records.count) { projector.apply(record) }
        return projector
    }
}

/// A UTC instant from its canonical spelling.
func at(_ text: String) -> Timestamp { Timestamp(text)! }

/// A calendar day from its canonical spelling.
func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

extension ProjectedState {
    func task(_ id: String) -> TaskState? { tasks.first { $0.id == id } }
    func department(_ code: String) -> DepartmentState? { departments.first { $0.code == code } }
}
