import LedgerCore
import LedgerProjector
import Testing

@Suite("Rule R: a 参考排名 a county accepts")
struct RankingTests {
    @Test("牵头 weighs more than 配合: the unit leading the task closed on time ranks above the one leading the overdue task")
    func leadWeighsMore() throws {
        var b = try LedgerBuilder()
        try b.enrol("AAJ", name: "甲局")
        try b.enrol("BBJ", name: "乙局")
        try b.assign("1", lead: ["AAJ"], co: ["BBJ"], deadline: "2023-06-30")
        try b.assign("2", lead: ["BBJ"], co: ["AAJ"], deadline: "2023-06-30")
        try b.complete("2", by: "BBJ", at: at("2023-05-01T00:00:00Z"))
        try b.progress("1", by: "AAJ", percent: 50, at: at("2023-07-05T00:00:00Z"))
        let state = b.project().state()
        let a = try #require(state.department("AAJ")), bb = try #require(state.department("BBJ"))
        // AAJ: (1×0 + 0.5×100 + 0.5×60 padding) ÷ 2 = 40; BBJ: (1×100 + 0.5×0 + 0.5×60) ÷ 2 = 65.
        #expect(a.taskScore == 40 && bb.taskScore == 65)
        #expect(a.weight == 1.5 && bb.weight == 1.5)
        #expect(bb.rank == 1 && a.rank == 2)
    }

    @Test("Units without a task are not ranked; 驻县单位 are listed apart, by name or by option")
    func whoIsRanked() throws {
        var b = try LedgerBuilder()
        for (code, name) in [("FGJ2", "发改局"), ("WJJ", "卫健局"), ("GWGS", "国网公司"), ("SWJ", "税务局"), ("STHJJ", "市生态环境局平江分局"), ("TYTZJT", "天岳投资集团")] {
            try b.enrol(code, name: name)
        }
        try b.assign("6.4", lead: ["FGJ2"], co: ["GWGS"], deadline: "2023-12-31")
        try b.assign("4.7", co: ["SWJ", "TYTZJT"], deadline: "2023-12-31")
        try b.assign("5.3", co: ["STHJJ"], deadline: "2023-12-31")
        try b.complete("6.4", by: "FGJ2", at: at("2023-03-01T00:00:00Z"))
        let state = b.project().state()
        #expect(state.department("WJJ")?.rank == nil && state.department("WJJ")?.score == nil, "卫健局 has no task")
        for code in ["GWGS", "SWJ", "STHJJ"] {
            #expect(state.department(code)?.stationed == true && state.department(code)?.rank == nil, "\(code)")
        }
        #expect(state.department("TYTZJT")?.stationed == false, "a county enterprise group is the county's own unit")
        #expect(state.departments.map(\.code) == ["FGJ2", "TYTZJT", "GWGS", "STHJJ", "SWJ", "WJJ"], "ranked, then apart, then without a task")
        let apart = b.project(options: ProjectionOptions(stationedUnits: ["TYTZJT"])).state()
        #expect(apart.department("TYTZJT")?.rank == nil && apart.department("TYTZJT")?.stationed == true)
        #expect(Ranking.isStationed(name: "国网公司") && Ranking.isStationed(name: "市生态环境局平江分局") && Ranking.isStationed(name: "税务局"))
        #expect(!Ranking.isStationed(name: "发改局") && !Ranking.isStationed(name: "天岳投资集团"))
    }

    @Test("Equal scores share a place (并列) and the next place is skipped")
    func ties() throws {
        var b = try LedgerBuilder()
        for code in ["AAJ", "BBJ", "CCJ"] { try b.enrol(code) }
        try b.assign("1", lead: ["AAJ"], deadline: "2023-06-30")
        try b.assign("2", lead: ["BBJ"], deadline: "2023-06-30")
        try b.assign("3", lead: ["CCJ"], deadline: "2023-06-30")
        try b.complete("1", by: "AAJ", at: at("2023-03-01T00:00:00Z"))
        try b.complete("2", by: "BBJ", at: at("2023-03-01T00:00:01Z"))
        try b.progress("3", by: "CCJ", percent: 50, at: at("2023-07-05T00:00:00Z"))
        let state = b.project().state()
        #expect(state.departments.map(\.rank) == [1, 1, 3])
        #expect(state.departments.map(\.tied) == [true, true, false])
        #expect(state.departments.map(\.code) == ["AAJ", "BBJ", "CCJ"])
    }

    @Test("Target attainment and 报送及时率 count")
    func attainmentAndTimeliness() throws {
        var b = try LedgerBuilder()
        for code in ["AAJ", "BBJ"] { try b.enrol(code) }
        let target = Target(metric: "新增企业", value: 10, unit: "家")
        try b.assign("1", lead: ["AAJ"], deadline: "2023-06-30", targets: [target], at: at("2023-01-05T00:00:00Z"))
        try b.assign("2", lead: ["BBJ"], deadline: "2023-06-30", targets: [target], at: at("2023-01-05T00:00:01Z"))
        // AAJ reports every month and meets its target; BBJ reports every other month and does not.
        for month in 2...5 {
            try b.progress(
                "1", by: "AAJ", percent: Double(month * 15), metrics: [MetricValue(metric: "新增企业", value: Double(month * 2), unit: "家")],
                at: at("2023-0\(month)-10T00:00:00Z"))
            if month % 2 == 0 {
                try b.progress(
                    "2", by: "BBJ", percent: Double(month * 15), metrics: [MetricValue(metric: "新增企业", value: Double(month), unit: "家")],
                    at: at("2023-0\(month)-10T00:00:01Z"))
            }
        }
        try b.complete("1", by: "AAJ", at: at("2023-06-01T00:00:00Z"))
        try b.complete("2", by: "BBJ", at: at("2023-06-01T00:00:01Z"))
        let state = b.project().state(asOf: at("2023-07-15T00:00:00Z"))
        let a = try #require(state.department("AAJ")), bb = try #require(state.department("BBJ"))
        // Months owed: February to June (the full months after assignment, up to the month of closure); the closure is a report.
        #expect((a.monthsDue, a.monthsReported, bb.monthsDue, bb.monthsReported) == (5, 5, 5, 3))
        #expect((a.targetsJudged, a.targetsMet, bb.targetsJudged, bb.targetsMet) == (1, 1, 1, 0))
        #expect(a.attainment == 1 && bb.attainment == 0)
        #expect(try #require(a.score) > #require(bb.score))
        #expect(a.rank == 1 && bb.rank == 2)
    }

    @Test("The rule is written in both languages, each naming 牵头, 配合, 并列 and the units left out")
    func ruleText() {
        let rule = ProjectedState.emptyRule
        #expect(rule.zh.contains("参考排名") && rule.zh.contains("牵头任务权重1") && rule.zh.contains("并列") && rule.zh.contains("驻县单位"))
        #expect(!rule.zh.contains("部门") && !rule.zh.contains("("), "单位, and full-width brackets")
        #expect(rule.en.contains("reference ranking") && rule.en.contains("share a rank"))
    }
}

extension ProjectedState {
    /// The ranking rule every state carries.
    static var emptyRule: RankingRuleText { Ranking.rule }
}
