import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// The reports of a version 2 ledger through the real binary: statuses, deadlines, closures and
/// findings read right in every format, and the 月通报 reports what the office and inspectors did.
@Suite("Workflow facts in every report format", .temporaryDirectory)
struct WorkflowReportCommandTests {
    static let office = ["--key", "office.key"]
    static let digest = ["--evidence-digest", "验收.pdf=" + String(repeating: "ab", count: 32)]

    /// 1.6 (SWLSJ leads, KGXJ shares) extended by the office to 2024-03-31 and with a finding open on it;
    /// 2.1 (ZJJ leads) applied for in September; JW inspects.
    static func ledger() throws -> CLI {
        let cli = try CLI.smallLedger()
        try cli.ok(["key", "generate", "--suite", "ed25519-sha256", "--out", "jw"])
        try cli.ok([
            "key", "enroll", "jw.pub", "--dept", "JW", "--name", "纪委监委", "--role", "inspector", "-L", "L", "--key", "office.key",
            "--accepted-at", "2023-01-04T00:00:00Z",
        ])
        func at(_ time: String) -> [String] { ["--accepted-at", time] }
        try cli.ok(
            ["append", "assigned", "-L", "L", "--task", "2.1", "--title", "推进重点项目建设", "--lead", "ZJJ", "--deadline", "2023-12-31"]
                + office + at("2023-01-04T00:00:01Z"))
        let unit16 = ["-L", "L", "--operator-key", "office.key", "--task", "1.6"]
        try cli.ok(
            ["append", "extension-requested", "--key", "swlsj.key", "--reason", "招商周期延长", "--until", "2024-03-31"] + unit16 + at("2023-08-20T02:00:00Z"))
        try cli.ok(["append", "extension-approved", "-L", "L", "--task", "1.6", "--note", "同意延期"] + office + at("2023-09-05T02:00:00Z"))
        try cli.ok(
            [
                "append", "finding-opened", "-L", "L", "--key", "jw.key", "--operator-key", "office.key", "--task", "1.6", "--text", "台账与实际不符",
                "--severity", "较重", "--deadline", "2023-10-31",
            ] + at("2023-09-10T02:00:00Z"))
        try cli.ok(
            ["append", "close-requested", "--key", "zjj.key", "-L", "L", "--operator-key", "office.key", "--task", "2.1"] + digest
                + at("2023-09-20T02:00:00Z"))
        return cli
    }

    @Test("待销号审核, 已延期 with the original and current deadline, and open findings read right in text, Markdown, CSV, JSON and HTML")
    func statuses() throws {
        let cli = try Self.ledger()
        let text = try cli.ok(["report", "-L", "L"]).stdout
        #expect(text.contains("已延期") && text.contains("待销号审核") && text.contains("2023-12-31 →") && text.contains("督查发现未销号1项"))
        #expect(text.contains("待销号审核 1   办结 0") && !text.contains("已完成") && !text.contains("延期中"))
        let markdown = try cli.ok(["report", "-L", "L", "--format", "markdown"]).stdout
        #expect(markdown.contains("2023-12-31 → 2024-03-31") && markdown.contains("已延期（督查发现未销号1项）") && markdown.contains("| 待销号审核 |"))
        let csv = try cli.ok(["report", "-L", "L", "--format", "csv"]).stdout
        let row16 = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("1.6,") })
        #expect(row16.contains(",2023-12-31,2024-03-31,已延期,") && row16.hasSuffix(",1"), "\(row16)")
        let row21 = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("2.1,") })
        #expect(row21.contains(",待销号审核,") && row21.contains(",是,"), "\(row21)")
        let json = try JSONValue.parse(try cli.ok(["report", "-L", "L", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let tasks = json["sections"]?.arrayValue?.flatMap { $0["tasks"]?.arrayValue ?? [] } ?? []
        let t16 = try #require(tasks.first { $0["id"] == "1.6" })
        #expect(t16["status"] == "delayed" && t16["originalDeadline"] == "2023-12-31" && t16["deadline"] == "2024-03-31" && t16["openFindings"] == 1)
        #expect(json["summary"]?["statuses"]?["close-requested"] == 1 && json["summary"]?["done"] == 0)
        let html = try cli.ok(["report", "-L", "L", "--format", "html"]).stdout
        #expect(html.contains("<span class=\"was\">2023-12-31</span>2024-03-31") && html.contains("延期1次") && html.contains("待销号审核"))

        // The office closes 2.1: it counts as 办结 in every summary.
        try cli.ok(["append", "close-approved", "-L", "L", "--task", "2.1", "--note", "同意销号", "--accepted-at", "2023-09-25T02:00:00Z"] + Self.office)
        let closed = try cli.ok(["report", "-L", "L"]).stdout
        #expect(closed.contains("待销号审核 0   办结 1"))
        let english = try cli.ok(["report", "-L", "L", "--lang", "en"]).stdout
        #expect(english.contains("Closed 1") && english.contains("Extended 1"))
    }

    @Test("The 月通报 lists the extension the office granted, and the findings opened and closed, between the two dates")
    func bulletin() throws {
        let cli = try Self.ledger()
        let september = try cli.ok(["report", "-L", "L", "--month", "2023-09"]).stdout
        #expect(september.contains("本期延期：1.6 引进培育商贸企业（商务粮食局，2023-12-31延至2024-03-31）"), "approved in September, asked in August")
        #expect(september.contains("本期督查发现（1）：1.6 引进培育商贸企业：台账与实际不符（较重，整改时限2023年10月31日）"))
        #expect(september.contains("本期整改销号（0）：无") && september.contains("请商务粮食局抓紧整改并报送佐证材料"))
        let august = try cli.ok(["report", "-L", "L", "--month", "2023-08"]).stdout
        #expect(august.contains("本期延期：无") && !august.contains("台账与实际不符"), "a request is no extension")

        let state = try JSONValue.parse(try cli.ok(["state", "-L", "L", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let findingID = try #require(state["inspections"]?[0]?["id"]?.stringValue)
        try cli.ok(
            [
                "append", "finding-rectified", "-L", "L", "--key", "swlsj.key", "--operator-key", "office.key", "--finding", findingID, "--note", "已整改",
                "--accepted-at", "2023-10-10T02:00:00Z",
            ] + Self.digest)
        try cli.ok([
            "append", "finding-closed", "-L", "L", "--key", "jw.key", "--operator-key", "office.key", "--finding", findingID, "--note", "整改到位", "--accepted-at",
            "2023-10-12T02:00:00Z",
        ])
        let october = try cli.ok(["report", "-L", "L", "--month", "2023-10"]).stdout
        #expect(october.contains("本期督查发现（0）：无") && october.contains("本期整改销号（1）：1.6 引进培育商贸企业：台账与实际不符（较重）"))
        let json = try JSONValue.parse(
            try cli.ok(["report", "-L", "L", "--month", "2023-10", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["findingsClosed"]?[0]?.stringValue == findingID && json["findingsOpened"]?.arrayValue?.isEmpty == true)
    }
}
