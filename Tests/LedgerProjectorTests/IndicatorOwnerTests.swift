import LedgerCore
import LedgerCrypto
import LedgerProjector
import Testing

/// A version 2 ledger whose plan has 实际到位外资 in section 3 and 地区生产总值增长 in the headline;
/// 发改局 (the office here) and 贸促会 both report 实际到位外资, with different figures.
private func ownedLedger() throws -> LedgerBuilder {
    var b = try LedgerBuilder()
    b.version = FormatVersion.v2
    try b.enrol("MCH", name: "贸促会")
    try b.enrol("TJJ", name: "统计局")
    try b.enrol("JW", name: "纪委监委", role: .inspector)
    try b.plan([
        PlanTarget(scope: "headline", target: Target(metric: "地区生产总值增长", value: 8, unit: "%")),
        PlanTarget(scope: "2", target: Target(metric: "实际到位外资", value: 300, unit: "万美元")),
    ])
    try b.assign("3.2", lead: ["MCH"], co: ["TJJ"], deadline: "2023-12-31")
    try b.progress("3.2", by: "MCH", percent: 60, metrics: [MetricValue(metric: "实际到位外资", value: 231, unit: "万美元")], at: at("2023-07-05T00:00:00Z"))
    try b.progress("3.2", by: "TJJ", percent: 60, metrics: [MetricValue(metric: "实际到位外资", value: 279, unit: "万美元")], at: at("2023-07-06T00:00:00Z"))
    return b
}

private let office = LedgerBuilder.operatorCode

@Suite("Rule V1: the office designates an indicator's 责任单位 (indicator-owner-designated)")
struct IndicatorOwnerTests {
    @Test("without an owner two figures are shown apart; with one the owner's figure is the value and the other stays listed per source")
    func ownerValue() throws {
        var b = try ownedLedger()
        var fdi = try #require(b.project().state().plan.first { $0.target.metric == "实际到位外资" })
        #expect(fdi.owner == nil && fdi.latest == nil && fdi.conflicting)

        try b.append(.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "MCH"), by: office, at: at("2023-07-10T00:00:00Z"))
        fdi = try #require(b.project().state().plan.first { $0.target.metric == "实际到位外资" })
        #expect(fdi.owner == "MCH" && fdi.latest == 231 && !fdi.conflicting)
        #expect(fdi.judgement?.met == false && fdi.achievement == 0.77)
        #expect(fdi.sources.map(\.department) == ["MCH", "TJJ"] && fdi.sources.map(\.value) == [231, 279])

        // A later designation replaces the earlier one for the same (scope, metric).
        try b.append(.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "TJJ"), by: office, at: at("2023-07-11T00:00:00Z"))
        fdi = try #require(b.project().state().plan.first { $0.target.metric == "实际到位外资" })
        #expect(fdi.owner == "TJJ" && fdi.latest == 279 && fdi.sources.count == 2)

        // An owner that has not reported gives no value, and is not a conflict: the owner is known.
        try b.append(.indicatorOwnerDesignated(scope: "headline", metric: "地区生产总值增长", department: "JW"), by: office, at: at("2023-07-12T00:00:00Z"))
        let gdp = try #require(b.project().state().plan.first { $0.target.metric == "地区生产总值增长" })
        #expect(gdp.owner == "JW" && gdp.latest == nil && !gdp.conflicting && gdp.sources.isEmpty)
    }

    @Test(
        "only the office designates, an enrolled unit, for a target of the plan in force",
        arguments: [
            ("the office designates an enrolled unit", nil as RecordError.Code?, nil as String?),
            ("a unit designates", .notAuthorized, "statement.type"),
            ("an inspector designates", .notAuthorized, "statement.type"),
            ("an unenrolled unit", .invalidValue, "statement.body.dept"),
            ("a metric the plan does not have", .invalidValue, "statement.body.metric"),
            ("the metric under another scope", .invalidValue, "statement.body.metric"),
        ])
    func refusals(name: String, code: RecordError.Code?, field: String?) throws {
        let b = try ownedLedger()
        let t = at("2023-07-10T00:00:00Z")
        let (event, by): (Event, String)
        switch name {
        case "a unit designates": (event, by) = (.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "MCH"), "MCH")
        case "an inspector designates": (event, by) = (.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "MCH"), "JW")
        case "an unenrolled unit": (event, by) = (.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "SWJ"), office)
        case "a metric the plan does not have": (event, by) = (.indicatorOwnerDesignated(scope: "2", metric: "实际到位内资", department: "MCH"), office)
        case "the metric under another scope": (event, by) = (.indicatorOwnerDesignated(scope: "headline", metric: "实际到位外资", department: "MCH"), office)
        default: (event, by) = (.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "MCH"), office)
        }
        let refusal = try b.refusal(event, by: by, at: t)
        #expect(refusal?.code == code && refusal?.field == field, "\(name): \(String(describing: refusal))")
    }

    @Test("a designation naming no target of the plan, written by another tool, is valid but a finding and designates nothing")
    func unknownIndicatorIsAFinding() throws {
        var b = try ownedLedger()
        try b.append(.indicatorOwnerDesignated(scope: "2", metric: "实际到位内资", department: "MCH"), by: office, at: at("2023-07-10T00:00:00Z"))
        let state = b.project().state()
        #expect(state.findings.map(\.rule) == ["unknown-indicator"] && state.findings[0].seq == b.records.count - 1)
        #expect(state.plan.allSatisfy { $0.owner == nil })
    }

    @Test("before any plan is recorded nothing can be designated")
    func noPlan() throws {
        var b = try LedgerBuilder()
        b.version = FormatVersion.v2
        try b.enrol("MCH")
        let refusal = try b.refusal(
            .indicatorOwnerDesignated(scope: "headline", metric: "地区生产总值增长", department: "MCH"), by: office, at: at("2023-02-01T00:00:00Z"))
        #expect(refusal?.code == .invalidValue && refusal?.field == "statement.body.metric")
    }

    @Test("a version 1 record may not carry a designation; text rules apply to scope and metric")
    func versionAndValues() throws {
        let b = try ownedLedger()
        let statement = Statement(
            ledger: b.ledgerID, time: at("2023-07-10T00:00:00Z"), department: office, keyID: b.operatorKey.publicKey.keyID(in: b.suite),
            event: .indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "MCH"))
        let refused = #expect(throws: RecordError.self) { _ = try statement.signed(with: b.operatorKey, version: FormatVersion.v1) }
        #expect(refused?.field == "type")
        for (event, field) in [
            (Event.indicatorOwnerDesignated(scope: " 2", metric: "实际到位外资", department: "MCH"), "scope"),
            (.indicatorOwnerDesignated(scope: "2", metric: "", department: "MCH"), "metric"),
            (.indicatorOwnerDesignated(scope: "2", metric: "实际到位外资", department: "mch"), "dept"),
        ] {
            let error = #expect(throws: RecordError.self) { try event.validateBody() }
            #expect(error?.field == field)
        }
    }
}
