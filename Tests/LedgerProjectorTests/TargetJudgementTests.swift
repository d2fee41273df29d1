import Foundation
import LedgerCore
import LedgerProjector
import Testing

@Suite("Rule T: targets judged by comparator and unit")
struct TargetJudgementTests {
    /// (comparator, target, unit, latest) → (kind, met, gap, ratio); every comparator and unit kind of the real plan.
    static let cases: [(String, Double, String, Double, TargetJudgement.Kind, Bool, Double, Double?)] = [
        // A growth rate: the gap in 百分点, never a ratio (7.6 against ≥8 is not "95 %").
        (">=", 8, "%", 7.6, .rate, false, -0.4, nil),
        (">=", 10, "%", 11, .rate, true, 1, nil),
        // A negative growth rate is a value: 10.1 points short, not a negative completion.
        (">=", 8, "%", -2.1, .rate, false, -10.1, nil),
        // A rate that is not growth reads the same way (履约率 90%).
        (">=", 90, "%", 87, .rate, false, -3, nil),
        // A ranking: 16th against 前13名 is 3 places short, not "81 %"; 13th is met.
        ("<=", 13, "名", 16, .rank, false, 3, nil),
        ("<=", 13, "名", 13, .rank, true, 0, nil),
        // A planned count (计划2期): reached, short, or over the plan.
        ("=", 2, "期", 1, .plannedCount, false, -1, 0.5),
        ("=", 2, "期", 2, .plannedCount, true, 0, 1),
        ("=", 3, "宗", 4, .plannedCount, true, 1, 4.0 / 3),
        // 突破 is strict: exactly the figure is not a breakthrough.
        (">", 1000, "万人次", 1000, .quantity, false, 0, 1),
        (">", 58.1, "亿元", 59.06, .quantity, true, 0.96, 59.06 / 58.1),
        // 左右 has a tolerance (10 % of the figure by default): 0.9 of "about 1 point" is met, 0.86 is not.
        ("~", 1, "百分点", 0.9, .rate, true, -0.1, nil),
        ("~", 1, "百分点", 0.86, .rate, false, -0.14, nil),
        ("~", 1, "百分点", 1.5, .rate, true, 0.5, nil),
        // Quantities: the gap in the unit and the ratio.
        (">=", 25.53, "亿元", 21.27, .quantity, false, -4.26, 21.27 / 25.53),
        (">=", 102, "万亩", 86, .quantity, false, -16, 86.0 / 102),
        (">=", 40, "家", 44, .quantity, true, 4, 1.1),
        (">=", 1, "家", 0, .quantity, false, -1, 0),
        (">=", 800, "万美元", 571, .quantity, false, -229, 571.0 / 800),
    ]

    @Test("Each comparator and unit judges as a 督办 office reads it", arguments: cases)
    func judge(c: (String, Double, String, Double, TargetJudgement.Kind, Bool, Double, Double?)) throws {
        let (comparator, value, unit, latest, kind, met, gap, ratio) = c
        let target = Target(metric: "指标", value: value, unit: unit, comparator: try #require(Comparator(rawValue: comparator)))
        let j = TargetJudgement.judge(latest: latest, target: target, aboutTolerance: 10)
        #expect(j.kind == kind)
        #expect(j.met == met)
        #expect(abs(j.gap - gap) < 1e-9, "gap \(j.gap)")
        #expect(j.ratio.map { abs($0 - (ratio ?? .nan)) < 1e-9 } ?? (ratio == nil), "ratio \(String(describing: j.ratio))")
        #expect(j.tolerance == (comparator == "~" ? 0.1 : nil))
    }

    @Test("The 左右 tolerance is an option: with 20 %, 0.86 of about 1 point is met")
    func aboutTolerance() {
        let target = Target(metric: "常住人口城镇化率提高", value: 1, unit: "百分点", comparator: .about)
        #expect(TargetJudgement.judge(latest: 0.86, target: target, aboutTolerance: 20).met)
        #expect(!TargetJudgement.judge(latest: 0.86, target: target, aboutTolerance: ProjectionOptions().aboutTolerance).met)
    }

    @Test("Every target of the real plan gets the kind its unit and comparator call for, and a ratio only as a quantity or count")
    func realPlan() throws {
        // ledger/plan.json is part of the repository (Tests/LedgerProjectorTests/ is two levels below its root).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("ledger/plan.json"))
        let plan = try JSONValue.parse([UInt8](data))
        var targets: [JSONValue] = plan["headlineTargets"]?.arrayValue ?? []
        for section in plan["sections"]?.arrayValue ?? [] { targets += section["targets"]?.arrayValue ?? [] }
        for task in plan["tasks"]?.arrayValue ?? [] { targets += task["targets"]?.arrayValue ?? [] }
        #expect(targets.count > 50)
        var kinds = Set<TargetJudgement.Kind>()
        for t in targets {
            let unit = try #require(t["unit"]?.stringValue), value = try #require(t["value"]?.numberValue)
            let comparator = try #require(t["comparator"]?.stringValue.flatMap(Comparator.init(rawValue:)))
            let target = Target(metric: t["metric"]?.stringValue ?? "", value: value, unit: unit, comparator: comparator)
            let j = TargetJudgement.judge(latest: value * 0.9, target: target, aboutTolerance: 10)
            kinds.insert(j.kind)
            switch unit {
            case "%", "百分点": #expect(j.kind == .rate && j.ratio == nil, "\(t)")
            case "名": #expect(j.kind == .rank && j.ratio == nil && comparator == .atMost, "\(t)")
            default: #expect(j.kind == (comparator == .equal ? .plannedCount : .quantity) && j.ratio != nil, "\(t)")
            }
            // Reaching the figure itself meets every comparator but the strict 突破.
            #expect(TargetJudgement.judge(latest: value, target: target, aboutTolerance: 10).met == (comparator != .moreThan), "\(t)")
        }
        #expect(kinds == Set(TargetJudgement.Kind.allCases), "the real plan has rates, a rank, planned counts and quantities")
    }

    @Test("Annual statistics: rates, money totals, visitors and ranks; not counts of firms, projects or land")
    func annualStatistic() {
        for unit in ["%", "百分点", "亿元", "万美元", "万人次", "名"] {
            #expect(Target(metric: "m", value: 1, unit: unit).isAnnualStatistic, "\(unit)")
        }
        for unit in ["家", "个", "亩", "万亩", "期", "宗", "项"] {
            #expect(!Target(metric: "m", value: 1, unit: unit).isAnnualStatistic, "\(unit)")
        }
    }
}
