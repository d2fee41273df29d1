import Foundation
import LedgerCore
import LedgerTestSupport
import Testing

/// The office designates a plan indicator's 责任单位 through the real binary: signed offline and
/// submitted, or appended; refused for a unit's key or a metric the plan does not have; and every
/// report format then shows the owner's figure, with the other unit's listed per source.
@Suite("Indicator owners through the CLI", .temporaryDirectory)
struct IndicatorOwnerCommandTests {
    /// The small ledger plus a plan whose section 3 targets 实际到位外资 ≥ 300 万美元, task 3.2 (科工信局
    /// leads, 住建局 shares), and the two units' different figures for it.
    static func ledger() throws -> CLI {
        let cli = try CLI.smallLedger()
        try cli.write(
            "plan.json",
            """
            {"id": "test-plan", "title": "打好经济增长主动仗工作方案", "year": 2023, "headlineTargets": [],
             "sections": [{"id": "3", "number": "（三）", "title": "推进高水平对外开放",
                           "targets": [{"metric": "实际到位外资", "value": 300, "unit": "万美元", "comparator": ">="}]}],
             "tasks": [{"id": "3.2", "section": "3", "title": "招商引资", "lead": ["KGXJ"], "co": ["ZJJ"], "deadline": "2023-12-31",
                        "targets": [{"metric": "实际到位外资", "value": 300, "unit": "万美元", "comparator": ">="}]}]}
            """)
        try cli.ok(["plan", "import", "plan.json", "-L", "L", "--key", "office.key", "--accepted-at", "2023-01-05T00:00:00Z"])
        for (key, value, time) in [("kgxj.key", "231", "2023-07-05T00:00:00Z"), ("zjj.key", "279", "2023-07-06T00:00:00Z")] {
            try cli.ok([
                "append", "progress", "-L", "L", "--key", key, "--operator-key", "office.key", "--task", "3.2", "--percent", "60",
                "--metric", "实际到位外资=\(value) 万美元", "--accepted-at", time,
            ])
        }
        return cli
    }

    @Test("signed offline by the office and submitted, the owner's figure becomes the indicator's value in every format")
    func roundTrip() throws {
        let cli = try Self.ledger()
        #expect(try cli.ok(["report", "-L", "L", "--format", "markdown"]).stdout.contains("科工信局 231万美元；住建局 279万美元 | 各单位报送数值不一，待指定责任单位"))

        try cli.ok([
            "sign", "indicator-owner-designated", "--ledger-id", "pingjiang-2023", "--key", "office.key", "--dept", "ZBBGS", "--scope", "3",
            "--metric", "实际到位外资", "--unit", "KGXJ", "-o", "owner.json",
        ])
        try cli.ok(["submit", "owner.json", "-L", "L", "--operator-key", "office.key", "--accepted-at", "2023-07-10T00:00:00Z"])
        #expect(try cli.ok(["verify", "-L", "L"]).status == 0)
        #expect(try IndependentVerifierTests.python(cli.path("L")).line.hasPrefix("OK "))
        let log = try cli.ok(["log", "-L", "L", "--type", "indicator-owner-designated"]).stdout
        #expect(log.contains("indicator-owner-designated -      office designated KGXJ to report 实际到位外资 (3)"), "\(log)")

        let owned = "231万美元（责任单位：科工信局；各单位报送：住建局 279万美元）"
        let markdown = try cli.ok(["report", "-L", "L", "--format", "markdown"]).stdout
        #expect(markdown.contains("| \(owned) | 完成77%，差69万美元"), "\(markdown)")
        #expect(!markdown.contains("待指定责任单位"))
        let html = try cli.ok(["report", "-L", "L", "--format", "html"]).stdout
        #expect(html.contains(owned))
        let bulletin = try cli.ok(["report", "-L", "L", "--month", "2023-07"]).stdout
        #expect(bulletin.contains("实际到位外资：\(owned)，目标300万美元以上"), "\(bulletin)")
        let english = try cli.ok(["report", "-L", "L", "--format", "markdown", "--lang", "en"]).stdout
        #expect(english.contains("231万美元 (Owner: 科工信局; also reported: 住建局 279万美元)"), "\(english)")
        let json = try JSONValue.parse(try cli.ok(["report", "-L", "L", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let item = try #require(json["plan"]?.arrayValue?.first)
        #expect(item["owner"]?["code"] == "KGXJ" && item["latest"] == 231 && item["conflicting"] == false)
        #expect(item["sources"]?.arrayValue?.compactMap { $0["value"]?.numberValue } == [231, 279])
    }

    @Test("a unit's key, an unenrolled unit and a metric the plan does not have are refused, naming the field, and nothing is written")
    func refusals() throws {
        let cli = try Self.ledger()
        let before = try cli.read("L/log.jsonl")
        let cases: [([String], String)] = [
            (["--key", "kgxj.key", "--operator-key", "office.key", "--scope", "3", "--metric", "实际到位外资", "--unit", "KGXJ"], "statement.type"),
            (["--key", "office.key", "--scope", "3", "--metric", "实际到位外资", "--unit", "TJJ"], "statement.body.dept"),
            (["--key", "office.key", "--scope", "headline", "--metric", "实际到位外资", "--unit", "KGXJ"], "statement.body.metric"),
        ]
        for (arguments, field) in cases {
            let refused = try cli.run(["append", "indicator-owner-designated", "-L", "L"] + arguments)
            #expect(refused.status != 0 && refused.stderr.contains(field), "\(arguments): \(refused.stderr)")
        }
        #expect(try cli.read("L/log.jsonl") == before)
        try cli.ok(["append", "indicator-owner-designated", "-L", "L", "--key", "office.key", "--scope", "3", "--metric", "实际到位外资", "--unit", "ZJJ"])
        let json = try JSONValue.parse(try cli.ok(["report", "-L", "L", "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(json["plan"]?[0]?["owner"]?["code"] == "ZJJ" && json["plan"]?[0]?["latest"] == 279)
    }
}
