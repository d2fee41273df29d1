import LedgerCore

/// The ranking rule in each report language; a report prints only its own.
public struct RankingRuleText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String
}

/// The 参考排名 of units (docs/JUDGEMENT.md, rule R), in one place so the rule's text and its code
/// cannot drift apart. It is a reference for the office, not a 考核结果.
public enum Ranking {
    /// The rule, as every report prints it.
    public static let rule = RankingRuleText(
        zh: """
            参考排名，不作为考核结果。只排有交办任务的单位；驻县单位（税务、市级驻县分局、国网等企业）单列，不参与排名。\
            得分（满分100）= 任务推进得分×60% + 指标达成率×20% + 报送及时率×20%（尚无可评指标或应报月份的，按其余各项折算），\
            每项未整改的督查发现减2分。任务推进得分按牵头任务权重1、配合任务权重0.5加权平均，权重合计不足2的按不足部分计60分补足（一项配合任务不足以排在前列），每项任务按亮灯情况计分：\
            按期办结100，延期后办结90，办结但指标未达标70，逾期办结50（指标未达标再减20），正常推进100，临期90，有未整改督查发现85，待年终统计80，\
            滞后70，临期且滞后65，严重滞后40，超期未报送30，逾期未完成0。指标达成率按已办结或已到期任务的目标计，未报送实绩的按未达标计；\
            报送及时率为应报月份中有报送的月份占比（牵头单位和无牵头单位任务的负责单位按月报送）。得分保留一位小数，同分并列。
            """,
        en: """
            A reference ranking, not an appraisal. Only units with a task are ranked; vertical and state-owned units (tax, \
            branches of city bureaus, companies such as State Grid) are listed apart. Score (out of 100) = task score × 60% + \
            targets met × 20% + monthly reporting rate × 20% (re-weighted over the parts that exist yet), minus 2 per open \
            inspector finding. The task score is a mean weighted 1 for tasks led and 0.5 for tasks shared, each task scored by \
            its light, and a unit whose weights sum to less than 2 has the shortfall counted at 60 (one shared task \
            cannot carry a unit to the top): closed on time 100, closed after an extension 90, closed with targets unmet 70, closed late 50 (30 with \
            targets unmet), on track 100, due soon 90, on track with an open finding 85, awaiting year-end statistics 80, behind 70, due soon and behind 65, far \
            behind 40, not reported on 30, overdue 0. Targets met counts the targets of tasks closed or past their deadline, an \
            unreported value as unmet; the reporting rate is the share of months owed in which the unit reported (leads, and every \
            unit of a task without a lead, report monthly). Scores are rounded to one decimal; equal scores share a rank.
            """)

    /// A task led weighs 1, a task shared 0.5.
    static let leadWeight = 1.0, sharedWeight = 0.5
    /// Units with less task weight than this have the shortfall counted at ``neutralTaskScore``.
    static let minimumWeight = 2.0, neutralTaskScore = 60.0
    /// Points off per open inspector finding.
    static let findingPenalty = 2.0

    /// Whether a unit's name marks it as vertical or state-owned (驻县单位), listed apart: a tax bureau
    /// (税务), a branch of a city or provincial bureau (starts with 市 or 省 and ends in 分局), or a company (公司).
    /// In the real plan: 税务局, 市生态环境局平江分局, 国网公司.
    public static func isStationed(name: String) -> Bool {
        name.contains("税务") || ((name.hasPrefix("市") || name.hasPrefix("省")) && name.hasSuffix("分局")) || name.hasSuffix("公司")
    }

    /// A task's score by its light (the table of ``rule``), 0…100.
    public static func taskScore(_ task: TaskState) -> Double {
        switch task.lightReasonCode.kind {
        case .completedOnTime, .onTrack: 100
        case .completedAfterDelay, .dueSoon: 90
        case .findingsOpen: 85
        case .awaitingStatistics: 80
        case .closedTargetsUnmet, .behindSchedule: 70
        case .dueSoonAndBehind: 65
        case .completedLate: task.closedTargetsUnmet ? 30 : 50
        case .seriouslyBehind: 40
        case .silent: 30
        case .overdue: 0
        }
    }

    /// The task score of ``rule`` from a unit's weighted sum of task scores and its total weight; nil without a task.
    static func taskScore(weightedSum: Double, weight: Double) -> Double? {
        guard weight > 0 else { return nil }
        let padding = max(0, minimumWeight - weight)
        let score = (weightedSum + padding * neutralTaskScore) / (weight + padding)
        return (score * 10).rounded() / 10
    }

    /// The score of ``rule`` from its parts (task score 0…100, shares 0…1); nil without a task score.
    static func score(taskScore: Double?, attainment: Double?, timeliness: Double?, openFindings: Int) -> Double? {
        guard let taskScore else { return nil }
        var parts = [(0.6, taskScore)]
        if let attainment { parts.append((0.2, attainment * 100)) }
        if let timeliness { parts.append((0.2, timeliness * 100)) }
        let weighted = parts.reduce(0) { $0 + $1.0 * $1.1 } / parts.reduce(0) { $0 + $1.0 }
        let score = min(100, max(0, weighted - findingPenalty * Double(openFindings)))
        return (score * 10).rounded() / 10
    }

    /// Units in report order: ranked ones by place (tied by code), then those listed apart, then those
    /// without a task, by code; places are shared on equal scores (1, 1, 3).
    static func rank(_ departments: [DepartmentState]) -> [DepartmentState] {
        func byCode(_ a: DepartmentState, _ b: DepartmentState) -> Bool {
            a.code.unicodeScalars.lexicographicallyPrecedes(b.code.unicodeScalars) { $0.value < $1.value }
        }
        var ranked = departments.filter { $0.hasTasks && !$0.stationed && $0.score != nil }.sorted { a, b in
            a.score != b.score ? a.score! > b.score! : byCode(a, b)
        }
        for i in ranked.indices {
            let tiedAbove = i > 0 && ranked[i - 1].score == ranked[i].score
            let tiedBelow = i + 1 < ranked.count && ranked[i + 1].score == ranked[i].score
            ranked[i].rank = tiedAbove ? ranked[i - 1].rank : i + 1
            ranked[i].tied = tiedAbove || tiedBelow
        }
        let apart = departments.filter { $0.hasTasks && $0.stationed }.sorted(by: byCode)
        let idle = departments.filter { !$0.hasTasks }.sorted(by: byCode)
        return ranked + apart + idle
    }
}
