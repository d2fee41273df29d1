import LedgerCore
import LedgerProjector
import Testing

@Suite("Targets against reported values")
struct MetricTests {
    @Test("A target is joined with the latest value of the same metric and unit; the ratio is latest ÷ target")
    func achievementRatio() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31", targets: [Target(metric: "新增限额以上企业", value: 40, unit: "家")])
        try b.progress("1.1", by: "SWJ", percent: 40, metrics: [MetricValue(metric: "新增限额以上企业", value: 23, unit: "家")], at: at("2023-05-01T00:00:00Z"))
        let first = try #require(b.project().state().task("1.1")?.metrics.first)
        #expect(first.latest == 23 && first.achievement == 0.575 && first.reportedSeq == 3 && first.reportedBy == "SWJ")

        try b.progress(
            "1.1", by: "SWJ", percent: 90,
            metrics: [
                MetricValue(metric: "新增限额以上企业", value: 44, unit: "家"),
                MetricValue(metric: "新增限额以上企业", value: 50, unit: "个"),
                MetricValue(metric: "带动就业", value: 300, unit: "人"),
            ], at: at("2023-10-01T00:00:00Z"))
        let metrics = try #require(b.project().state().task("1.1")?.metrics)
        #expect(metrics.map { "\($0.metric)/\($0.unit)" } == ["新增限额以上企业/家", "带动就业/人", "新增限额以上企业/个"])
        #expect(metrics[0].target?.value == 40 && metrics[0].latest == 44 && metrics[0].achievement == 1.1)
        // Values without a target are listed after the targets, by metric and unit, with no ratio.
        let untargeted = metrics.dropFirst()
        #expect(untargeted.allSatisfy { $0.target == nil && $0.achievement == nil })
    }

    @Test("A rank target (<=, 名) is judged in places, with no ratio: 10th against 前13名 is 3 places ahead")
    func atMostTarget() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.assign("5.2", lead: ["SWJ"], deadline: "2023-12-31", targets: [Target(metric: "全省排名", value: 13, unit: "名", comparator: .atMost)])
        try b.progress("5.2", by: "SWJ", percent: 50, metrics: [MetricValue(metric: "全省排名", value: 10, unit: "名")], at: at("2023-06-01T00:00:00Z"))
        let metric = try #require(b.project().state().task("5.2")?.metrics.first)
        #expect(metric.achievement == nil)
        #expect(metric.judgement == TargetJudgement(kind: .rank, met: true, gap: -3, ratio: nil, tolerance: nil))
    }

    @Test("Plan targets keep each unit's value apart: two units reporting different values give no merged value; headline first, then sections in order")
    func planTargets() throws {
        var b = try LedgerBuilder()
        try b.enrol("SWJ")
        try b.enrol("WLJ")
        try b.plan(
            [
                PlanTarget(scope: "2", target: Target(metric: "招商引资", value: 100, unit: "亿元")),
                PlanTarget(scope: "headline", target: Target(metric: "地区生产总值总量", value: 420, unit: "亿元")),
                PlanTarget(scope: "1", target: Target(metric: "旅游接待总人次", value: 1000, unit: "万人次", comparator: .moreThan)),
                PlanTarget(scope: "headline", target: Target(metric: "地区生产总值增长", value: 8, unit: "%")),
            ], title: "打好经济增长主动仗工作方案")
        try b.assign("1.3", lead: ["WLJ"], deadline: "2023-12-31")
        try b.assign("1.4", lead: ["SWJ"], deadline: "2023-12-31")
        try b.progress("1.3", by: "WLJ", percent: 30, metrics: [MetricValue(metric: "旅游接待总人次", value: 300, unit: "万人次")], at: at("2023-04-01T00:00:00Z"))
        try b.progress("1.4", by: "SWJ", percent: 30, metrics: [MetricValue(metric: "旅游接待总人次", value: 450, unit: "万人次")], at: at("2023-05-01T00:00:00Z"))
        let state = b.project().state()
        #expect(state.planTitle == "打好经济增长主动仗工作方案")
        #expect(state.plan.map(\.scope) == ["headline", "headline", "1", "2"])
        #expect(state.plan.map(\.target.metric) == ["地区生产总值总量", "地区生产总值增长", "旅游接待总人次", "招商引资"])
        let tourism = state.plan[2]
        #expect(tourism.latest == nil && tourism.achievement == nil && tourism.conflicting)
        #expect(tourism.sources.map(\.department) == ["SWJ", "WLJ"] && tourism.sources.map(\.value) == [450, 300])
        #expect(tourism.sources.map(\.task) == ["1.4", "1.3"])
        #expect(state.plan[3].latest == nil && state.plan[3].achievement == nil)
    }

    // "參" twice: U+53C3 and the CJK compatibility ideograph U+F96B, which NFC maps to it. Swift's `String`
    // says the two names are equal; the format compares scalars, so they are two metrics.
    static let unified = "城乡居民医保\u{53C3}保人数"
    static let compatibility = "城乡居民医保\u{F96B}保人数"

    @Test("A task's target joins only a value whose metric name has the same scalars, not a canonically equivalent one")
    func canonicallyEquivalentMetricIsAnotherMetric() throws {
        #expect(Self.unified == Self.compatibility)  // what `String ==` would have joined
        var b = try LedgerBuilder()
        try b.enrol("YBJ")
        try b.assign("3.2", lead: ["YBJ"], deadline: "2023-12-31", targets: [Target(metric: Self.unified, value: 30, unit: "万人")])
        try b.progress("3.2", by: "YBJ", percent: 50, metrics: [MetricValue(metric: Self.compatibility, value: 31, unit: "万人")], at: at("2023-06-01T00:00:00Z"))
        let metrics = try #require(b.project().state().task("3.2")?.metrics)
        #expect(metrics.count == 2)
        #expect(metrics[0].target != nil && metrics[0].latest == nil && metrics[0].judgement == nil)
        #expect(metrics[1].target == nil && metrics[1].latest == 31)
        #expect(Array(metrics[1].metric.unicodeScalars) == Array(Self.compatibility.unicodeScalars))

        try b.progress("3.2", by: "YBJ", percent: 60, metrics: [MetricValue(metric: Self.unified, value: 32, unit: "万人")], at: at("2023-07-01T00:00:00Z"))
        let joined = try #require(b.project().state().task("3.2")?.metrics)
        #expect(joined.count == 2 && joined[0].latest == 32 && joined[0].judgement?.met == true && joined[1].latest == 31)
    }

    @Test("A plan indicator takes values and its designated owner only under the same scalars of scope, metric and unit")
    func canonicallyEquivalentIndicatorIsAnotherIndicator() throws {
        var b = try LedgerBuilder()
        try b.enrol("YBJ")
        try b.enrol("RSJ")
        try b.plan([PlanTarget(scope: "headline", target: Target(metric: Self.unified, value: 30, unit: "万人"))], title: "民生实事")
        try b.assign("3.2", lead: ["YBJ"], deadline: "2023-12-31")
        try b.assign("3.3", lead: ["RSJ"], deadline: "2023-12-31")
        try b.progress("3.2", by: "YBJ", percent: 50, metrics: [MetricValue(metric: Self.compatibility, value: 31, unit: "万人")], at: at("2023-06-01T00:00:00Z"))
        var indicator = try #require(b.project().state().plan.first)
        #expect(indicator.sources.isEmpty && indicator.latest == nil)

        try b.progress("3.3", by: "RSJ", percent: 50, metrics: [MetricValue(metric: Self.unified, value: 29, unit: "万人")], at: at("2023-06-02T00:00:00Z"))
        indicator = try #require(b.project().state().plan.first)
        #expect(indicator.sources.map(\.department) == ["RSJ"] && indicator.latest == 29)
    }
}
