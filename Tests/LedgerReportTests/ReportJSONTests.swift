import LedgerCore
import LedgerProjector
import Testing

@testable import LedgerReport

@Suite("Canonical JSON of the report data")
struct ReportJSONTests {
    @Test("Both views parse and are already canonical", arguments: [false, true])
    func canonical(audit: Bool) throws {
        let r = ReportFixture.renderer()
        let text = audit ? r.renderAudit(.json) : r.render(.json)
        let value = try JSONValue.parse(text)
        #expect(value.canonicalString == text)
    }

    @Test("JSON does not depend on the label language", arguments: [false, true])
    func languageNeutral(audit: Bool) {
        let zh = ReportFixture.renderer(.zh), en = ReportFixture.renderer(.en)
        #expect(audit ? zh.renderAudit(.json) == en.renderAudit(.json) : zh.render(.json) == en.render(.json))
    }

    @Test("The report JSON holds the header, counts, tasks, ranking and plan")
    func report() throws {
        let value = try JSONValue.parse(ReportFixture.renderer().render(.json))
        #expect(value["ledger"]?["head"]?.stringValue == ReportFixture.head)
        #expect(value["ledger"]?["recordCount"]?.intValue == 36)
        #expect(value["ledger"]?["asOf"]?.stringValue == "2023-10-15T02:00:00Z")
        #expect(value["summary"]?["lights"] == ["red": 2, "yellow": 2, "green": 3])
        #expect(value["summary"]?["statuses"]?["in-progress"]?.intValue == 3)
        let sections = try #require(value["sections"]?.arrayValue)
        #expect(sections.map { $0["id"]?.stringValue } == ["1", "2"])
        #expect(sections[0]["title"]?.stringValue == "（一）激发释放消费潜力")
        #expect(sections.flatMap { $0["tasks"]?.arrayValue ?? [] }.count == 7)
        let delayed = try #require(sections[1]["tasks"]?[0])
        #expect(delayed["id"]?.stringValue == "2.1")
        #expect(delayed["delays"]?[1]?["reason"]?.stringValue == "专项债资金到位滞后")
        #expect(delayed["delays"]?[1]?["department"]?["name"]?.stringValue == "住建局")
        let overdue = try #require(sections[1]["tasks"]?[1])
        #expect(overdue["lightReason"]?.stringValue == "past deadline 2023-09-30 by 15 days")
        #expect(overdue["lightReasonCode"] == ["kind": "overdue", "deadline": "2023-09-30", "daysLate": 15])
        #expect(value["ranking"]?["rule"]?["zh"]?.stringValue == ReportFixture.rankingRule.zh, "data: both languages, whatever --lang")
        #expect(value["ranking"]?["departments"]?[0]?["code"]?.stringValue == "TYTZJT")
        #expect(value["plan"]?[2]?["latest"] == .null)
        #expect(value["findings"]?.intValue == 2)
    }

    @Test("A non-finite achievement becomes null instead of trapping")
    func nonFinite() throws {
        var state = ReportFixture.state
        state.tasks[0].metrics[0].achievement = .infinity
        let value = try JSONValue.parse(ReportRenderer(state: state).render(.json))
        #expect(value["sections"]?[0]?["tasks"]?[0]?["metrics"]?[0]?["achievement"] == .null)
    }
}
