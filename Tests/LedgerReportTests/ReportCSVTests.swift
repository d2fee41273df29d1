import LedgerProjector
import Testing

@testable import LedgerReport

/// A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled quotes; a leading BOM is skipped.
/// Returns nil for anything a conforming writer would not produce (bare LF, stray quote, missing final CRLF).
func parseCSV(_ text: String) -> [[String]]? {
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var i = 0
    var quoted = false
    while i < scalars.count {
        let c = scalars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                quoted = false
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
            continue
        }
        switch c {
        case "\"":
            guard field.isEmpty else { return nil }
            quoted = true
        case ",":
            row.append(field); field = ""
        case "\r":
            guard i + 1 < scalars.count, scalars[i + 1] == "\n" else { return nil }
            row.append(field); field = ""
            rows.append(row); row = []
            i += 1
        case "\n":
            return nil
        default:
            field.unicodeScalars.append(c)
        }
        i += 1
    }
    guard !quoted, row.isEmpty, field.isEmpty else { return nil }
    return rows
}

@Suite("CSV a spreadsheet can open")
struct ReportCSVTests {
    @Test("The task CSV parses back to a header and one row per task, all of equal width", arguments: ReportLanguage.allCases)
    func shape(language: ReportLanguage) throws {
        let csv = ReportFixture.renderer(language).render(.csv)
        let rows = try #require(parseCSV(csv))
        #expect(rows.count == 1 + ReportFixture.tasks.count)
        #expect(rows.allSatisfy { $0.count == 23 })
    }

    @Test("Under --lang en the headers are stable English identifiers")
    func englishHeaders() throws {
        let rows = try #require(parseCSV(ReportFixture.renderer(.en).render(.csv)))
        #expect(rows[0] == CSVReportWriter.taskColumns)
        #expect(
            rows[0] == [
                "id", "section", "title", "lead", "co", "deadline", "deadline_in_force", "status", "percent", "light",
                "light_reason", "last_update_seq", "last_update_at", "last_update_by", "delays", "completed_at",
                "completed_late", "targets", "closed_at", "returned", "application_pending", "extension_requested_until", "open_findings",
            ])
    }

    @Test("Under the default language headers and values are Chinese, as a county office opens the sheet")
    func chinese() throws {
        let rows = try #require(parseCSV(ReportFixture.renderer().render(.csv)))
        #expect(rows[0] == CSVReportWriter.taskColumnsZh)
        #expect(rows[0].prefix(5) == ["编号", "所属部分", "任务", "牵头单位", "责任单位"])
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let red = try #require(byID["2.2"])
        #expect((red[1], red[7], red[8], red[9]) == ("（二）着力扩大有效投资", "推进中", "45%", "红灯"))
        #expect(red[10] == "逾期未完成15天（应于2023-09-30完成）")
        let late = try #require(byID["2.3"])
        #expect((late[15], late[16]) == ("2023-07-20 11:00", "是"), "local time, 是/否")
        #expect(late[17] == "引进项目：12个，目标10个以上（完成120%）")
        let audit = try #require(parseCSV(ReportFixture.renderer().renderAudit(.csv)))
        #expect(audit[0].prefix(4) == ["类别", "记录号", "编号", "任务"])
        #expect(audit.dropFirst().contains { $0[0] == "延期记录" })
    }

    @Test("It starts with a UTF-8 byte order mark and ends every record in CRLF")
    func bomAndLineEnds() {
        let csv = ReportFixture.renderer().render(.csv)
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.replacing("\r\n", with: "").firstIndex(of: "\n") == nil)
    }

    @Test("A title with a comma and quotes is quoted and reads back unchanged")
    func quoting() throws {
        let csv = ReportFixture.renderer().render(.csv)
        #expect(csv.contains(#""Grow firms, ""above quota"" 新增限上企业""#))
        let rows = try #require(parseCSV(csv))
        let row = try #require(rows.first { $0.first == "1.2" })
        #expect(row[2] == ReportFixture.quotedTitle)
    }

    @Test("Rows carry the task's facts in stable spellings")
    func values() throws {
        let rows = try #require(parseCSV(ReportFixture.renderer(.en).render(.csv)))
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let delayed = try #require(byID["2.1"])
        #expect(delayed[5] == "2023-06-30")
        #expect(delayed[6] == "2023-12-31")
        #expect(delayed[7] == "delayed")
        #expect(delayed[14] == "2")
        #expect(delayed[3] == "发改局")
        let late = try #require(byID["2.3"])
        #expect(late[15] == "2023-07-20T03:00:00Z")
        #expect(late[16] == "true")
        #expect(late[17] == "引进项目 >= 10 个 = 12 (met, gap 2)")
        let red = try #require(byID["2.2"])
        #expect(red[8] == "45")
        #expect(red[9] == "red")
        #expect(red[10] == "past deadline 2023-09-30 by 15 days", "the stable English reason, whatever the report's language")
        #expect(late[10] == "completed late: on 2023-07-20, 20 days after the deadline 2023-06-30")
    }

    @Test("The audit CSV has a row per item, tagged by kind")
    func audit() throws {
        let rows = try #require(parseCSV(ReportFixture.renderer(.en).renderAudit(.csv)))
        #expect(rows[0] == CSVReportWriter.auditColumns)
        #expect(rows.allSatisfy { $0.count == CSVReportWriter.auditColumns.count })
        let kinds = rows.dropFirst().map { $0[0] }
        #expect(kinds.count { $0 == "finding" } == 2)
        #expect(kinds.count { $0 == "late-completion" } == 1)
        #expect(kinds.count { $0 == "delay" } == 2)
        #expect(kinds.count { $0 == "never-reported" } == 1)
        #expect(kinds.count { $0 == "silent-department" } == 4)
        #expect(kinds.count { $0 == "overdue" } == 1)
    }

    @Test(
        "Text that would run as a formula is shown as text",
        arguments: [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
            ("2023-12-31", "2023-12-31"), ("征地拆迁未完成", "征地拆迁未完成"),
        ])
    func formulas(raw: String, shown: String) throws {
        #expect(CSVReportWriter.defused(raw) == shown)
        var state = ReportFixture.state
        state.tasks[3].delays[0].reason = raw
        let rows = try #require(parseCSV(ReportRenderer(state: state, language: .en).renderAudit(.csv)))
        let reason = try #require(CSVReportWriter.auditColumns.firstIndex(of: "reason"))
        #expect(rows.contains { $0[0] == "delay" && $0[reason] == shown })
    }

    @Test(
        "Fields are quoted exactly when they hold a comma, quote, CR or LF",
        arguments: [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
            ("cr\rx", "\"cr\rx\""), ("中文，全角逗号", "中文，全角逗号"), ("", ""),
        ])
    func field(raw: String, written: String) {
        #expect(CSVReportWriter.field(raw) == written)
    }
}
