import LedgerCore
import Testing

@testable import LedgerProjector
@testable import LedgerReport

@Suite("Rules T and W: targets, bars and words as a 督办 office writes them")
struct ReportJudgementTests {
    static func content(_ language: ReportLanguage = .zh) -> ReportContent {
        ReportContent(state: ReportFixture.state, language: language, departmentNames: [:], color: false)
    }

    static func metric(_ name: String, _ comparator: Comparator, _ value: Double, _ unit: String, latest: Double?) -> MetricState {
        let target = Target(metric: name, value: value, unit: unit, comparator: comparator)
        let judgement = latest.map { TargetJudgement.judge(latest: $0, target: target, aboutTolerance: 10) }
        return MetricState(
            metric: name, unit: unit, target: target, latest: latest, reportedSeq: 1, reportedBy: "FGJ", achievement: judgement?.ratio,
            judgement: judgement)
    }

    static let lines: [(MetricState, String, String)] = [
        (
            metric("城镇居民收入增长", .atLeast, 8, "%", latest: 7.6), "城镇居民收入增长：7.6%，目标8%以上（低于目标0.4个百分点）",
            "城镇居民收入增长: 7.6%, target ≥8% (0.4 points below target)"
        ),
        (
            metric("地区生产总值增长", .atLeast, 8, "%", latest: -2.1), "地区生产总值增长：-2.1%，目标8%以上（低于目标10.1个百分点）",
            "地区生产总值增长: -2.1%, target ≥8% (10.1 points below target)"
        ),
        (
            metric("全省县域经济考核排名", .atMost, 13, "名", latest: 16), "全省县域经济考核排名：第16名，目标前13名（差3名）",
            "全省县域经济考核排名: #16, target top 13 (3 places short)"
        ),
        (
            metric("举办外贸企业业务知识培训班", .equal, 2, "期", latest: 1), "举办外贸企业业务知识培训班：1期，目标计划2期（差1期）",
            "举办外贸企业业务知识培训班: 1期, target planned 2期 (1期 short)"
        ),
        (
            metric("常住人口城镇化率提高", .about, 1, "百分点", latest: 0.95),
            "常住人口城镇化率提高：0.95个百分点，目标1个百分点左右（低于目标0.05个百分点，在左右允差0.1个百分点内）",
            "常住人口城镇化率提高: 0.95百分点, target ≈1百分点 (0.05 points below, within the ±0.1 tolerance)"
        ),
        (
            metric("旅游接待总人次", .moreThan, 1000, "万人次", latest: 1000), "旅游接待总人次：1000万人次，目标突破1000万人次（完成100%，持平，未突破目标）",
            "旅游接待总人次: 1000万人次, target >1000万人次 (100% of target, level, not above target)"
        ),
        (
            metric("地区生产总值总量", .atLeast, 420, "亿元", latest: 399), "地区生产总值总量：399亿元，目标420亿元以上（完成95%，差21亿元）",
            "地区生产总值总量: 399亿元, target ≥420亿元 (95% of target, 21亿元 short)"
        ),
        (metric("年度收入", .atLeast, 25.53, "亿元", latest: nil), "年度收入：目标25.53亿元以上（未报送）", "年度收入: target ≥25.53亿元 (not reported)"),
    ]

    @Test("A value against its target reads in 百分点, places or the unit, never as latest ÷ target for all", arguments: lines)
    func wording(line: (MetricState, String, String)) {
        #expect(Self.content(.zh).metric(line.0) == line.1)
        #expect(Self.content(.en).metric(line.0) == line.2)
    }

    @Test("No bar is full below 100 %, and no percentage below 100 reads 100 %")
    func bars() {
        let content = Self.content()
        #expect(content.bar(95) == "█████████░   95%")
        #expect(content.bar(99.96) == "█████████░ 99.9%")
        #expect(content.bar(100) == "██████████  100%")
        #expect(content.bar(130) == "██████████  130%")
        #expect(content.achievement(0.996) == "99%" && content.achievement(1) == "100%")
        let page = HTMLPage(content)
        #expect(page.bar(99.96, fill: "f").contains("width:99.9%"))
        #expect(page.bar(100, fill: "f").contains("width:100%"))
        // A rate or a rank has no bar at all: its gap is stated in words.
        #expect(content.ratioBar(Self.lines[0].0.judgement) == nil && content.ratioBar(Self.lines[2].0.judgement) == nil)
    }

    /// The fixture with titles free of brackets, so only the report's own words are checked.
    static var plainState: ProjectedState {
        var state = ReportFixture.state
        for i in state.tasks.indices { state.tasks[i].title = "任务\(i)" }
        return state
    }

    @Test(
        "Chinese reports use the office's words: 单位 not 部门, 监督核查 not 审计, 红灯/黄灯/绿灯, 办结, full-width brackets",
        arguments: [ReportFormat.text, .markdown, .html, .csv])
    func words(format: ReportFormat) {
        let renderer = ReportRenderer(state: Self.plainState)
        for out in [renderer.render(format), renderer.renderAudit(format)] {
            #expect(!out.contains("部门"))
            #expect(!out.contains("审计"))
            #expect(!out.contains("(") && !out.contains(")") || format == .html, "ASCII brackets in Chinese text")
        }
        let report = renderer.render(format)
        for word in ["红灯", "黄灯", "绿灯", "办结", "参考排名", "单位"] where format != .csv || word == "红灯" {
            #expect(report.contains(word), "\(word) missing from \(format)")
        }
        #expect(renderer.renderAudit(format == .csv ? .text : format).contains("监督核查报告"))
        #expect(report.contains("420亿元") && !report.contains("420 亿元") || format == .csv, "number and unit without a space")
    }

    @Test("Rule V: an owner's figure is the result, named with the owner, the others listed per source; an owner not yet reporting gives 未报送")
    func ownedIndicator() {
        let target = Target(metric: "实际到位外资", value: 300, unit: "万美元")
        var item = ReportFixture.plan("3", target, latest: 231)
        item.owner = "MCH"
        item.sources = [
            IndicatorSource(department: "FGJ", task: "1.1", value: 279, seq: 9), IndicatorSource(department: "MCH", task: "3.2", value: 231, seq: 8),
        ]
        let zh = ReportContent(state: ReportFixture.state, language: .zh, departmentNames: ["MCH": "贸促会", "FGJ": "发改局"], color: false)
        let en = ReportContent(state: ReportFixture.state, language: .en, departmentNames: ["MCH": "贸促会", "FGJ": "发改局"], color: false)
        #expect(zh.indicatorResult(item) == "231万美元（责任单位：贸促会；各单位报送：发改局 279万美元）")
        #expect(en.indicatorResult(item) == "231万美元 (Owner: 贸促会; also reported: 发改局 279万美元)")
        #expect(zh.indicatorJudged(item) == "完成77%，差69万美元")
        var silent = ReportFixture.plan("3", target, latest: nil)
        silent.owner = "TJJ"
        silent.sources = item.sources
        #expect(zh.indicatorResult(silent) == "未报送（责任单位：TJJ；各单位报送：发改局 279万美元，贸促会 231万美元）")
        #expect(zh.indicatorJudged(silent) == "—")
    }
}
