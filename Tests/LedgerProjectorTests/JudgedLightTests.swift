import LedgerCore
import LedgerProjector
import Testing

@Suite("Rules L and C: lights as counties use them, counted apart")
struct JudgedLightTests {
    /// A task assigned on 1 January, due 31 December (local time +08:00), led by SWJ.
    private func yearTask(targets: [Target] = []) throws -> LedgerBuilder {
        var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
        try b.enrol("SWJ")
        try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31", targets: targets, at: at("2022-12-31T16:00:00Z"))
        return b
    }

    @Test("Red before the deadline: further behind 序时进度 than the serious-lag threshold (20 points by default)")
    func seriouslyBehind() throws {
        var b = try yearTask()
        try b.progress("1.1", by: "SWJ", percent: 25, at: at("2023-06-30T16:00:00Z"))
        // 序时进度 at 1 July is about 50 %: 25 points behind is red, and the state says so in points.
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.light == .red)
        guard case .seriouslyBehind(25, let expected) = task.lightReasonCode else {
            Issue.record("\(task.lightReasonCode)")
            return
        }
        #expect(expected == 50 && task.schedule > 49.5 && task.schedule < 50.5)
        // The threshold is an option; beyond the yellow tolerance but within it, yellow 滞后.
        let relaxed = try #require(b.project(options: ProjectionOptions(seriousLag: 30)).state().task("1.1"))
        #expect(relaxed.light == .yellow && relaxed.lightReasonCode.kind == .behindSchedule)
    }

    @Test("Red before the deadline: nobody responsible reported for longer than the silence limit")
    func silent() throws {
        var b = try yearTask()
        try b.progress("1.1", by: "SWJ", percent: 10, at: at("2023-02-01T00:00:00Z"))
        let state = b.project().state(asOf: at("2023-04-05T00:00:00Z"))
        #expect(state.task("1.1")?.lightReasonCode == .silent(days: 63, percent: 10))
        #expect(state.task("1.1")?.light == .red)
        #expect(b.project(options: ProjectionOptions(silenceDays: 90)).state(asOf: at("2023-04-05T00:00:00Z")).task("1.1")?.light != .red)
    }

    @Test("1 January: a task judged only on annual statistics waits for them (待年终统计); other unfinished tasks are overdue")
    func awaitingStatistics() throws {
        var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
        try b.enrol("SWJ")
        let growth = Target(metric: "一般公共预算收入增长", value: 8, unit: "%")
        let revenue = Target(metric: "年度收入", value: 25.53, unit: "亿元")
        try b.assign("4.7", lead: ["SWJ"], deadline: "2023-12-31", targets: [growth, revenue], at: at("2022-12-31T16:00:00Z"))
        try b.assign("4.4", lead: ["SWJ"], deadline: "2023-12-31", targets: [Target(metric: "收储土地", value: 1000, unit: "亩"), growth])
        for month in ["03", "05", "07", "09", "11"] {
            try b.progress("4.7", by: "SWJ", percent: 90, at: at("2023-\(month)-10T00:00:00Z"))
            try b.progress("4.4", by: "SWJ", percent: 90, at: at("2023-\(month)-10T00:01:00Z"))
        }
        let newYear = b.project().state(asOf: at("2024-01-01T04:00:00Z"))
        #expect(newYear.task("4.7")?.light == .yellow)
        #expect(newYear.task("4.7")?.lightReasonCode == .awaitingStatistics(deadline: day("2023-12-31"), until: day("2024-03-30")))
        #expect(newYear.task("4.7")?.annualStatistics == true)
        #expect(newYear.task("4.4")?.lightReasonCode == .overdue(deadline: day("2023-12-31"), daysLate: 1), "land banked is no statistic")
        #expect(newYear.tally.awaitingStatistics == 1 && newYear.tally.overdue == 1)
        // After the wait the statistics are out: overdue, counted from the deadline.
        let april = b.project().state(asOf: at("2024-03-31T04:00:00Z"))
        #expect(april.task("4.7")?.lightReasonCode == .overdue(deadline: day("2023-12-31"), daysLate: 91))
        let shortWait = b.project(options: ProjectionOptions(statisticsDays: 30)).state(asOf: at("2024-02-01T04:00:00Z"))
        #expect(shortWait.task("4.7")?.light == .red)
    }

    @Test("A task closed with a target unmet is 办结但指标未达标, yellow, and in the audit view; met targets close green")
    func closedTargetsUnmet() throws {
        var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
        try b.enrol("CZJ")
        let revenue = Target(metric: "年度收入", value: 25.53, unit: "亿元")
        let power = Target(metric: "县级财力", value: 16.4, unit: "亿元")
        try b.assign("4.7", co: ["CZJ"], deadline: "2023-12-31", targets: [revenue, power])
        try b.assign("4.8", lead: ["CZJ"], deadline: "2023-12-31", targets: [revenue])
        try b.assign("4.9", lead: ["CZJ"], deadline: "2023-12-31", targets: [power])
        try b.progress("4.7", by: "CZJ", percent: 80, metrics: [MetricValue(metric: "年度收入", value: 21.27, unit: "亿元")], at: at("2023-08-01T00:00:00Z"))
        try b.complete("4.7", by: "CZJ", at: at("2023-08-17T05:00:00Z"))
        try b.progress("4.8", by: "CZJ", percent: 90, metrics: [MetricValue(metric: "年度收入", value: 26, unit: "亿元")], at: at("2023-09-01T00:00:00Z"))
        try b.complete("4.8", by: "CZJ", at: at("2023-09-02T00:00:00Z"))
        try b.complete("4.9", by: "CZJ", at: at("2023-09-03T00:00:00Z"))
        let state = b.project().state()
        let unmet = try #require(state.task("4.7"))
        #expect(unmet.light == .yellow && unmet.closedTargetsUnmet)
        #expect(unmet.lightReasonCode == .closedTargetsUnmet(completed: day("2023-08-17"), deadline: day("2023-12-31"), unmet: 2))
        #expect(unmet.unmetTargets == ["年度收入", "县级财力"], "a target with no reported value is not met either")
        #expect(unmet.metrics[0].judgement?.ratio.map { abs($0 - 21.27 / 25.53) < 1e-12 } == true)
        #expect(state.task("4.8")?.light == .green && state.task("4.8")?.closedTargetsUnmet == false)
        #expect(state.task("4.9")?.lightReasonCode.kind == .closedTargetsUnmet, "closed without reporting its one target")
        let audit = state.auditTable(.closedTargetsUnmet)
        #expect(audit.rows.map { audit.value(.task, in: $0) } == [.text("4.7"), .text("4.9")])
        #expect(state.tally.closedTargetsUnmet == 2)
    }

    @Test("逾期未完成, 逾期完成, 已延期, 滞后 and 临期 are counted separately")
    func tally() throws {
        var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
        try b.enrol("SWJ")
        let start = at("2022-12-31T16:00:00Z")
        try b.assign("1", lead: ["SWJ"], deadline: "2023-03-31", at: start)  // overdue
        try b.assign("2", lead: ["SWJ"], deadline: "2023-03-31", at: start)  // closed late
        try b.assign("3", lead: ["SWJ"], deadline: "2023-03-31", at: start)  // extended, then due soon
        try b.assign("4", lead: ["SWJ"], deadline: "2023-12-31", at: start)  // behind (yellow)
        try b.assign("5", lead: ["SWJ"], deadline: "2023-12-31", at: start)  // on track
        try b.delay("3", by: "SWJ", until: "2023-07-31", at: at("2023-03-20T00:00:00Z"))
        try b.complete("2", by: "SWJ", at: at("2023-04-10T00:00:00Z"))
        try b.progress("4", by: "SWJ", percent: 35, at: at("2023-07-01T00:00:00Z"))
        try b.progress("5", by: "SWJ", percent: 60, at: at("2023-07-01T00:00:01Z"))
        try b.progress("3", by: "SWJ", percent: 90, at: at("2023-07-02T00:00:00Z"))
        try b.progress("1", by: "SWJ", percent: 50, at: at("2023-07-02T00:00:01Z"))
        let t = b.project().state(asOf: at("2023-07-10T00:00:00Z")).tally
        #expect((t.overdue, t.completedLate, t.extended, t.behind, t.dueSoon) == (1, 1, 1, 1, 1))
        #expect((t.seriouslyBehind, t.silent, t.awaitingStatistics, t.closedTargetsUnmet) == (0, 0, 0, 0))
    }

    @Test("The light rule takes the facts of any record type: an open inspector finding keeps an on-schedule task yellow")
    func findingsHook() {
        let facts = LightFacts(
            closedAt: nil, closedLate: false, missedDeadline: day("2023-12-31"), originalDeadline: day("2023-12-31"), deadline: day("2023-12-31"),
            percent: 60, schedule: 55, unmetTargets: 0, lastReportAt: at("2023-07-01T00:00:00Z"), annualStatistics: false, openFindings: 1)
        let options = ProjectionOptions()
        let (light, reason) = LightRule.judge(facts, asOf: at("2023-07-20T00:00:00Z"), utcOffsetSeconds: 28_800, options: options)
        #expect(light == .yellow && reason == .findingsOpen(count: 1))
        var none = facts
        none.openFindings = 0
        #expect(LightRule.judge(none, asOf: at("2023-07-20T00:00:00Z"), utcOffsetSeconds: 28_800, options: options).0 == .green)
    }
}
