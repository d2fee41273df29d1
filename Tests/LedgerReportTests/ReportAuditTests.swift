import LedgerCore
import LedgerProjector
import Testing

@testable import LedgerReport

@Suite("The inspector's audit view")
struct ReportAuditTests {
    @Test(
        "Every format lists findings, the late completion, each delay with reason and signer, the never-reported task and overdue task",
        arguments: ReportFormat.allCases, ReportLanguage.allCases)
    func lists(format: ReportFormat, language: ReportLanguage) {
        let out = ReportFixture.renderer(language).renderAudit(format)
        for fact in [
            "not-responsible", "unknown-key", "完成招商引资签约", "2023-06-30", "征地拆迁未完成", "专项债资金到位滞后",
            "发改局", "住建局", "2023-09-30", "2023-12-31", "1.3", "盘活闲置土地",
        ] {
            #expect(out.contains(fact), "\(fact) missing from \(format)")
        }
        let utc = format == .json || (format == .csv && language == .en)
        #expect(out.contains(utc ? "2023-09-29T09:15:00Z" : "2023-09-29 17:15"), "the second delay's acceptance time")
    }

    @Test("Silent departments are those over the threshold, not at or under it", arguments: ReportFormat.allCases)
    func silent(format: ReportFormat) {
        let out = ReportFixture.renderer().renderAudit(format)
        #expect(out.contains("文旅广体局"))
        #expect(out.contains("市场监督管理局"), "31 days")
        #expect(!out.contains("科工信局"), "29 days is under the threshold")
        let strict = ReportRenderer(state: ReportFixture.projected(silenceDays: 200)).renderAudit(format)
        #expect(strict.contains("文旅广体局"))
        #expect(!strict.contains("市场监督管理局"))
    }

    @Test("The silent list is exact and longest silence first")
    func silentExact() throws {
        let value = try JSONValue.parse(ReportFixture.renderer().renderAudit(.json))
        let codes = try #require(value["silentDepartments"]?.arrayValue).compactMap { $0["department"]?["code"]?.stringValue }
        #expect(codes == ["WLGTJ", "FGJ", "TYTZJT", "SCJGJ"])
        #expect(value["silenceDays"]?.intValue == 30)
        #expect(value["lateCompletions"]?[0]?["daysLate"]?.intValue == 20)
        #expect(value["overdue"]?[0]?["daysOverdue"]?.intValue == 15)
        #expect(value["neverReported"]?.arrayValue?.count == 1)
        #expect(value["findings"]?[0]?["seq"]?.intValue == 27, "in log order")
    }

    @Test("Every format writes the projector's audit tables: their columns, in order, and their rows", arguments: ReportFormat.allCases)
    func tables(format: ReportFormat) throws {
        let state = ReportFixture.state
        let content = ReportContent(state: state, language: .en, departmentNames: [:], color: false)
        let out = ReportRenderer(state: state, language: .en).renderAudit(format)
        for kind in AuditTable.Kind.allCases {
            let table = state.auditTable(kind)
            switch format {
            case .json:
                let rows = try #require(try JSONValue.parse(out)[kind.rawValue]?.arrayValue)
                #expect(rows.count == table.rows.count)
                for row in rows { #expect(row.objectValue.map { Set($0.keys) } == Set(table.columns.map(\.rawValue))) }
            case .csv:
                let rows = try #require(parseCSV(out)).filter { $0[0] == CSVReportWriter.kind(kind) }
                #expect(rows.count == table.rows.count)
                let allowed = Set(table.columns.map { CSVReportWriter.snakeCase($0.rawValue) })
                let header = CSVReportWriter.auditColumns
                for row in rows {
                    #expect(row.indices.dropFirst().allSatisfy { row[$0].isEmpty || allowed.contains(header[$0]) })
                }
            case .text, .markdown, .html:
                guard !table.rows.isEmpty else { continue }
                let headers = table.columns.map { format == .html ? HTMLPage.escape(content.header($0)) : content.header($0) }
                let section = try #require(out.firstRange(of: format == .html ? HTMLPage.escape(content.title(kind)) : content.title(kind)))
                var cursor = section.upperBound
                for header in headers {
                    let found = try #require(out[cursor...].firstRange(of: header), "\(header) of \(kind) in \(format)")
                    cursor = found.upperBound
                }
            }
        }
    }

    @Test("Delays appear in log order with the dates they moved")
    func delayOrder() {
        let out = ReportFixture.renderer().renderAudit(.text)
        let first = out.firstRange(of: "征地拆迁未完成")!, second = out.firstRange(of: "专项债资金到位滞后")!
        #expect(first.lowerBound < second.lowerBound)
        #expect(out.contains("2023-06-30  2023-09-30"))
        #expect(out.contains("2023-09-30  2023-12-31"))
    }

    @Test("Empty lists say so rather than vanish", arguments: ReportLanguage.allCases)
    func none(language: ReportLanguage) {
        var clean = ReportFixture.state
        clean.findings = []
        let out = ReportRenderer(state: clean, language: language).renderAudit(.text)
        #expect(out.contains(language == .zh ? "\(ReportLabel.findings.text(language))（0）\n" : "\(ReportLabel.findings.text(language)) (0)\n"))
        #expect(out.contains("  \(ReportLabel.none.text(language))\n"))
    }
}
