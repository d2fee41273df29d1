import Foundation
import LedgerCore

@testable import LedgerProjector
@testable import LedgerReport

/// A hand-built state for report tests: seven tasks in two sections covering every light and status,
/// a late completion, two delays of one task, a task never reported on, silent departments on both
/// sides of its 30-day silence threshold, plan targets and two findings. Times are UTC; the ledger runs at +08:00.
enum ReportFixture {
    static let sectionTitles = ["1": "（一）激发释放消费潜力", "2": "（二）着力扩大有效投资"]
    static let rankingRule = RankingRuleText(zh: "按期办结数降序，再按单位代码排序", en: "On-time closures first, then by unit code")
    static let quotedTitle = #"Grow firms, "above quota" 新增限上企业"#
    static let scriptTitle = "<script>alert('x')</script> 打造夜间经济"
    static let head = "9f2c4be1a07d33e5c8a1f0b6d2e4a9c7b3f5e1d0a2c4b6e8f0a1b3c5d7e9f1a3"

    static func at(_ text: String) -> Timestamp { Timestamp(text)! }
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func task(
        _ id: String, _ section: String, _ title: String, lead: [String], co: [String] = [],
        deadline: String = "2023-12-31", original: String? = nil, status: TaskStatus, percent: Double,
        light: Light, reason: LightReason, metrics: [MetricState] = [], delays: [DelayEntry] = [],
        completed: (seq: Int, at: String, by: String)? = nil, late: Bool = false, everOverdue: Bool = false,
        last: (seq: Int, at: String, by: String), reports: Int
    ) -> TaskState {
        TaskState(
            id: id, section: section, title: title, lead: lead, co: co,
            originalDeadline: day(original ?? deadline), deadline: day(deadline), status: status, percent: percent,
            metrics: metrics, delays: delays, assignedSeq: 10, assignedAt: at("2023-03-01T01:00:00Z"),
            completedAt: completed.map { at($0.at) }, completedSeq: completed?.seq, completedBy: completed?.by,
            evidence: completed == nil ? [] : [Evidence(name: "验收报告.pdf", digest: String(repeating: "ab", count: 32))],
            completedLate: late, everOverdue: everOverdue,
            lastUpdateSeq: last.seq, lastUpdateAt: at(last.at), lastUpdateBy: last.by, reports: reports,
            light: light, lightReasonCode: reason, lightReason: reason.description, schedule: 50,
            unmetTargets: metrics.filter { $0.judgement?.met != true }.map(\.metric),
            closedTargetsUnmet: status == .completed && metrics.contains { $0.judgement?.met != true }, annualStatistics: false
        )
    }

    static func metric(_ name: String, _ value: Double, _ unit: String, latest: Double?, _ comparator: LedgerCore.Comparator = .atLeast) -> MetricState {
        let target = Target(metric: name, value: value, unit: unit, comparator: comparator)
        let judgement = latest.map { TargetJudgement.judge(latest: $0, target: target, aboutTolerance: 10) }
        return MetricState(
            metric: name, unit: unit, target: target, latest: latest, reportedSeq: latest == nil ? nil : 30,
            reportedBy: latest == nil ? nil : "SWLSJ", achievement: judgement?.ratio, judgement: judgement
        )
    }

    static func department(
        _ code: String, _ name: String, rank: Int, led: Int, shared: Int, onTime: Int = 0, late: Int = 0,
        delayed: Int = 0, overdue: Int = 0, reports: Int, last: String?, days: Int?
    ) -> DepartmentState {
        var d = DepartmentState(
            code: code, name: name, tasksLed: led, tasksShared: shared, completedOnTime: onTime, completedLate: late,
            delayed: delayed, overdue: overdue, reports: reports, lastReportAt: last.map(at), daysSinceLastReport: days,
            rank: rank, score: Double(onTime * 10 - overdue * 5 - delayed * 2)
        )
        d.tasksOpen = led + shared - onTime - late
        return d
    }

    static func plan(_ scope: String, _ target: Target, latest: Double?) -> PlanTargetState {
        let judgement = latest.map { TargetJudgement.judge(latest: $0, target: target, aboutTolerance: 10) }
        return PlanTargetState(scope: scope, target: target, latest: latest, achievement: judgement?.ratio, judgement: judgement)
    }

    static let tasks: [TaskState] = [
        task(
            "1.1", "1", "开展系列消费促进活动", lead: [], co: ["KGXJ", "SCJGJ", "SWLSJ"], status: .inProgress, percent: 60,
            light: .green, reason: .onTrack(percent: 60, expected: 65), metrics: [metric("举办促消费活动", 20, "场", latest: 14)],
            last: (33, "2023-09-14T02:00:00Z", "SWLSJ"), reports: 3),
        task(
            "1.2", "1", quotedTitle, lead: ["SWLSJ"], status: .inProgress, percent: 20,
            light: .yellow, reason: .behindSchedule(percent: 20, expected: 55), metrics: [metric("新增限额以上企业", 40, "家", latest: 23)],
            last: (30, "2023-08-10T06:30:00Z", "SWLSJ"), reports: 2),
        task(
            "1.3", "1", scriptTitle, lead: ["WLGTJ"], deadline: "2023-10-24", status: .assigned, percent: 0,
            light: .yellow, reason: .dueSoon(deadline: day("2023-10-24"), daysLeft: 9), metrics: [metric("接待游客", 1000, "万人次", latest: nil)],
            last: (12, "2023-03-01T01:00:00Z", "FGJ"), reports: 0),
        task(
            "2.1", "2", "推进重点项目建设", lead: ["FGJ"], co: ["ZJJ"], deadline: "2023-12-31", original: "2023-06-30",
            status: .delayed, percent: 50, light: .green, reason: .onTrack(percent: 50, expected: 58),
            delays: [
                DelayEntry(
                    seq: 20, accepted: at("2023-06-28T08:00:00Z"), department: "FGJ", reason: "征地拆迁未完成",
                    previousDeadline: day("2023-06-30"), until: day("2023-09-30")),
                DelayEntry(
                    seq: 31, accepted: at("2023-09-29T09:15:00Z"), department: "ZJJ", reason: "专项债资金到位滞后",
                    previousDeadline: day("2023-09-30"), until: day("2023-12-31")),
            ],
            last: (31, "2023-09-29T09:15:00Z", "ZJJ"), reports: 4),
        task(
            "2.2", "2", "盘活闲置土地", lead: ["ZRZYJ"], deadline: "2023-09-30", status: .inProgress, percent: 45,
            light: .red, reason: .overdue(deadline: day("2023-09-30"), daysLate: 15), metrics: [metric("盘活存量土地", 1000, "亩", latest: 450)],
            everOverdue: true, last: (25, "2023-07-20T02:00:00Z", "ZRZYJ"), reports: 2),
        task(
            "2.3", "2", "完成招商引资签约", lead: ["SWLSJ"], co: ["TYTZJT"], deadline: "2023-06-30", status: .completed, percent: 100,
            light: .red, reason: .completedLate(completed: day("2023-07-20"), deadline: day("2023-06-30")), metrics: [metric("引进项目", 10, "个", latest: 12)],
            completed: (24, "2023-07-20T03:00:00Z", "SWLSJ"), late: true, everOverdue: true,
            last: (24, "2023-07-20T03:00:00Z", "SWLSJ"), reports: 3),
        task(
            "2.4", "2", "建成物流园区", lead: ["TYTZJT"], deadline: "2023-09-30", status: .completed, percent: 100,
            light: .green, reason: .completedOnTime(completed: day("2023-09-01"), deadline: day("2023-09-30")),
            completed: (28, "2023-09-01T07:00:00Z", "TYTZJT"),
            last: (28, "2023-09-01T07:00:00Z", "TYTZJT"), reports: 2),
    ]

    static let departments: [DepartmentState] = [
        department("TYTZJT", "天岳投资集团", rank: 1, led: 1, shared: 1, onTime: 1, reports: 2, last: "2023-09-01T07:00:00Z", days: 43),
        department("SWLSJ", "商务粮食局", rank: 2, led: 2, shared: 1, late: 1, reports: 5, last: "2023-09-14T02:00:00Z", days: 30),
        department("FGJ", "发改局", rank: 3, led: 1, shared: 0, delayed: 1, reports: 1, last: "2023-06-28T08:00:00Z", days: 109),
        department("ZJJ", "住建局", rank: 4, led: 0, shared: 1, delayed: 1, reports: 1, last: "2023-09-29T09:15:00Z", days: 15),
        department("ZRZYJ", "自然资源局", rank: 5, led: 1, shared: 0, overdue: 1, reports: 2, last: "2023-07-20T02:00:00Z", days: 20),
        department("WLGTJ", "文旅广体局", rank: 6, led: 1, shared: 0, reports: 0, last: nil, days: 228),
        department("KGXJ", "科工信局", rank: 7, led: 0, shared: 1, reports: 0, last: nil, days: 29),
        department("SCJGJ", "市场监督管理局", rank: 8, led: 0, shared: 1, reports: 0, last: nil, days: 31),
    ]

    static let findings: [Finding] = [
        Finding(seq: 35, task: nil, department: "XXJ", rule: "unknown-key", reason: "signed by a key the ledger never enrolled"),
        Finding(seq: 27, task: "2.2", department: "ZJJ", rule: "not-responsible", reason: "ZJJ is neither lead nor co-responsible for 2.2"),
    ]

    static let plan: [PlanTargetState] = [
        plan("headline", Target(metric: "地区生产总值总量", value: 420, unit: "亿元"), latest: 198.5),
        plan("headline", Target(metric: "地区生产总值增长", value: 8, unit: "%"), latest: 7.2),
        plan("1", Target(metric: "社会消费品零售总额", value: 180, unit: "亿元", comparator: .moreThan), latest: nil),
    ]

    /// The state, with departments silent beyond 30 days.
    static let state = projected(silenceDays: 30)

    /// The state projected with `silenceDays`, built field by field so the test does not depend on the
    /// order of the model's members; the silence flags follow the projector's own rule.
    static func projected(silenceDays: Int) -> ProjectedState {
        let skeleton = """
            {"ledgerID":"pingjiang-2023-growth","title":"平江县打好经济增长主动仗工作台账","recordCount":36,
             "head":"\(head)","asOf":"2023-10-15T02:00:00Z","tasks":[],"departments":[],"findings":[],"inspections":[],"plan":[],"sections":[],"options":{"warningDays":30,"scheduleTolerance":10,"seriousLag":20,"silenceDays":\(silenceDays),"aboutTolerance":10,"statisticsDays":90,"stationedUnits":[]},"rankingRule":{"zh":"","en":""},
             "utcOffsetSeconds":28800}
            """
        var state = try! JSONDecoder().decode(ProjectedState.self, from: Data(skeleton.utf8))
        state.tasks = tasks
        state.departments = departments.map { department in
            var department = department
            department.silent = department.judgedSilent(under: state.options)
            return department
        }
        state.findings = findings
        state.plan = plan
        state.rankingRule = rankingRule
        state.sections = sectionTitles.sorted { $0.key < $1.key }.map { PlanSection(id: $0.key, title: $0.value) }
        return state
    }

    static func renderer(_ language: ReportLanguage = .zh, color: Bool = false) -> ReportRenderer {
        ReportRenderer(state: state, language: language, color: color)
    }
}
