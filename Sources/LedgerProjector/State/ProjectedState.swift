import LedgerCore

/// A task's status as the log has it. Under format version 1 `completed` is the closure (办结).
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case assigned
    case inProgress = "in-progress"
    /// Completed by the unit's own statement (a version 1 `completed` record).
    case completed
    /// Delayed: a version 1 `delayed` report, or (version 2) an extension the office approved (已延期),
    /// which the status keeps for good while the task is open.
    case delayed
    /// 待销号审核: a unit applied to close the task and the office has not yet decided.
    case closeRequested = "close-requested"
    /// 办结: the office closed the task on an application (version 2).
    case closed

    /// Whether the task counts as done: closed by the office, or completed in a version 1 record.
    public var isDone: Bool { self == .completed || self == .closed }
}

/// An application to close (申请销号) the office has not yet decided.
public struct CloseApplication: Sendable, Hashable, Codable {
    public var seq: Int
    public var accepted: Timestamp
    public var department: String
    public var evidence: [Evidence]
    public var note: String?
}

/// An extension request (申请延期) the office has not yet decided.
public struct ExtensionRequest: Sendable, Hashable, Codable {
    public var seq: Int
    public var accepted: Timestamp
    public var department: String
    public var reason: String
    public var until: CalendarDay
}

/// The 销号 workflow of a task (version 2 records): what the office decided and what waits for it.
public struct TaskWorkflow: Sendable, Hashable, Codable {
    /// The unit the office designated to apply for 销号 (a task without 牵头 units).
    public var designatedLead: String?
    /// The open application, if any.
    public var application: CloseApplication?
    /// Applications made, and how many the office returned (退回), with the last reason.
    public var applications = 0
    public var returned = 0
    public var lastReturnReason: String?
    /// When the office closed the task (办结) and its review note.
    public var closedSeq: Int?
    public var closedAt: Timestamp?
    public var closeNote: String?
    /// Times the office reopened the task after closing it, with the last reason.
    public var reopened = 0
    public var lastReopenReason: String?
    /// The open extension request, if any; requests refused, with the last reason.
    public var extensionRequest: ExtensionRequest?
    public var extensionsApproved = 0
    public var extensionsRefused = 0
    public var lastRefusalReason: String?

    public init() {}
}

/// Where a 督查发现 stands.
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
    /// Opened, no rectification yet (or kept open after one).
    case open
    /// The unit answered with 整改; the inspector has not yet decided.
    case rectified
    /// The inspector closed it.
    case closed
}

/// One 督查发现 (inspection finding) and where it stands.
public struct InspectionFinding: Sendable, Hashable, Codable {
    /// The opening statement's id.
    public var id: String
    public var seq: Int
    public var openedAt: Timestamp
    public var inspector: String
    /// The inspector's unit name as enrolled (inspectors hold no task, so the department list omits them).
    public var inspectorName: String? = nil
    /// The task it is on, or nil for a finding on a unit.
    public var task: String?
    /// The unit it is on, for a finding on a unit.
    public var department: String?
    public var text: String
    public var severity: FindingSeverity
    /// The 整改 deadline.
    public var deadline: CalendarDay
    public var status: FindingStatus
    public var rectifications = 0
    public var lastRectifiedAt: Timestamp?
    public var lastRectificationNote: String?
    /// Times the inspector kept it open, with the last reason.
    public var keptOpen = 0
    public var lastKeptOpenReason: String?
    public var closedAt: Timestamp?
    public var closeNote: String?
    /// Whole days from opening to closing, or to the state's time while it is open.
    public var ageDays = 0
}

/// The traffic light of a task at the state's point in time, judged by acceptance time.
public enum Light: String, Sendable, Codable, CaseIterable {
    /// 红灯: overdue (逾期未完成), closed late, far behind 序时进度, or nobody reporting (docs/JUDGEMENT.md, rule L).
    case red
    /// 黄灯: due soon, behind 序时进度, closed with targets unmet, closed after an extension, or waiting for year-end statistics.
    case yellow
    /// 绿灯: on schedule, or closed on time with every target met.
    case green
}

/// One reported delay of a task.
public struct DelayEntry: Sendable, Hashable, Codable {
    public var seq: Int
    public var accepted: Timestamp
    public var department: String
    public var reason: String
    public var previousDeadline: CalendarDay
    public var until: CalendarDay
}

/// The latest reported value of a metric, and the target it is judged against (when there is one).
public struct MetricState: Sendable, Hashable, Codable {
    public var metric: String
    public var unit: String
    public var target: Target?
    public var latest: Double?
    public var reportedSeq: Int?
    public var reportedBy: String?
    /// latest ÷ target where a ratio means something (``TargetJudgement/ratio``), else nil.
    public var achievement: Double?
    /// The latest value judged against the target by comparator and unit; nil without both.
    public var judgement: TargetJudgement?
}

/// Everything the log says about one task.
public struct TaskState: Sendable, Hashable, Codable {
    public var id: String
    public var section: String?
    public var title: String
    public var lead: [String]
    public var co: [String]
    /// The deadline set at assignment.
    public var originalDeadline: CalendarDay
    /// The deadline now in force: the last delay's new date, else the original.
    public var deadline: CalendarDay
    public var status: TaskStatus
    public var percent: Double
    public var metrics: [MetricState]
    public var delays: [DelayEntry]
    public var assignedSeq: Int
    public var assignedAt: Timestamp
    public var completedAt: Timestamp?
    public var completedSeq: Int?
    public var completedBy: String?
    public var evidence: [Evidence]
    /// Completed late (逾期完成): at or after the end of the deadline in force, or after having been
    /// overdue at some point before completion; the light stays red for good.
    public var completedLate: Bool
    /// Was red (overdue, not completed) at some accepted point; never cleared by a later completion.
    public var everOverdue: Bool
    public var lastUpdateSeq: Int
    public var lastUpdateAt: Timestamp
    public var lastUpdateBy: String
    /// Number of progress/completed/delayed reports.
    public var reports: Int
    public var light: Light
    /// Why the light is what it is: the case and the days and numbers behind it, for reports to word
    /// in their own language.
    public var lightReasonCode: LightReason
    /// ``lightReasonCode`` as one stable English sentence (its `description`), for JSON and CSV
    /// consumers: `past deadline 2023-12-31 by 5 days`, `due in 9 days (deadline 2023-12-31)`,
    /// `behind schedule: 20% vs 55% expected`, `completed late: …`, `completed after delay: …`,
    /// `completed on time: …`, `on track: …`.
    public var lightReason: String
    /// The 销号 and 延期 workflow of version 2 records (empty for a task only version 1 records touched).
    public var workflow = TaskWorkflow()
    /// 序时进度 at the state's time: the share of the time from assignment to the deadline in force elapsed
    /// (100 once closed or past the deadline).
    public var schedule: Double
    /// The targets (by metric) not met, or without a reported value, at the state's time.
    public var unmetTargets: [String]
    /// Closed with a target unmet (办结但指标未达标): listed in the audit view, never plain green.
    public var closedTargetsUnmet: Bool
    /// Every target is one only published annual statistics can settle (待年终统计 after a year-end deadline).
    public var annualStatistics: Bool
    /// 督查发现 on the task not yet closed by their inspector (open or rectified, awaiting the inspector).
    public var openFindings: Int = 0

    /// Whole days past a missed deadline, in local calendar days of the ledger's UTC offset (a deadline
    /// day D ends at 00:00 of D+1 there): for a task overdue now, from ``missedDeadline`` to the state's
    /// time (1 on the day after it); for a late completion, from ``missedDeadline`` to the day it was
    /// completed. Nil for a task that missed nothing.
    ///
    /// The count the light reason states, and the one every report shows: the projector counts it once.
    public var daysLate: Int? { lightReasonCode.daysLate }

    /// The deadline a red task missed: the deadline in force for a task overdue now; for a late
    /// completion, the deadline in force when it first went overdue (a later delay does not excuse
    /// it). Nil for a task that missed nothing.
    public var missedDeadline: CalendarDay? { lightReasonCode.missedDeadline }
}

/// One unit's record (单位: county bureaus, and 驻县单位 such as 税务局 or 国网公司), and its place in the
/// 参考排名 (docs/JUDGEMENT.md, rule R).
public struct DepartmentState: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var tasksLed: Int
    public var tasksShared: Int
    public var completedOnTime: Int
    public var completedLate: Int
    public var delayed: Int
    public var overdue: Int
    public var reports: Int
    public var lastReportAt: Timestamp?
    /// Whole days from the last report (or, without one, from enrolment) to the state's time.
    public var daysSinceLastReport: Int?
    /// 1-based place in the 参考排名; nil for a unit not ranked (no task, or listed apart). Tied units share it.
    public var rank: Int?
    /// Another ranked unit has the same place (并列).
    public var tied: Bool = false
    /// The ranking score, 0…100; nil for a unit without a task.
    public var score: Double?
    /// A vertical or state-owned unit (驻县单位), listed apart from the ranking.
    public var stationed: Bool = false
    /// Sum of task weights: 1 per task led (牵头), 0.5 per task shared (配合/负责).
    public var weight: Double = 0
    /// Weighted mean of the task scores, 0…100; nil without a task.
    public var taskScore: Double?
    /// Targets met among the targets of its tasks that are closed or past their deadline.
    public var targetsMet: Int = 0
    /// Targets judged: those of its tasks that are closed or past their deadline.
    public var targetsJudged: Int = 0
    /// Months with at least one report among ``monthsDue`` (报送及时率 = reported ÷ due).
    public var monthsReported: Int = 0
    /// Full months in which it led (or, on a task without 牵头, shared) an open task and so owed a monthly report.
    public var monthsDue: Int = 0
    /// Tasks closed with a target unmet.
    public var closedTargetsUnmet: Int = 0
    /// 督查发现 not yet closed by their inspector: those on the unit, and those on tasks it answers for
    /// (its 牵头 tasks; on a task without 牵头, the designated unit, else every responsible unit).
    public var openFindings: Int = 0
    /// Tasks it is responsible for (牵头 or 配合) that are not done (办结).
    public var tasksOpen: Int = 0
    /// Silent, for the audit: responsible for at least one task not yet done, and more than
    /// ``ProjectionOptions/silenceDays`` whole days without a report (or, without one, since enrolment).
    /// A unit with no task, or whose tasks are all closed (办结), has nothing to report, so it is never silent.
    public var silent: Bool = false

    /// Responsible for at least one task.
    public var hasTasks: Bool { tasksLed + tasksShared > 0 }

    /// 指标达成率 (targets met ÷ judged), nil when nothing was judged yet.
    public var attainment: Double? { targetsJudged > 0 ? Double(targetsMet) / Double(targetsJudged) : nil }

    /// 报送及时率 (months reported ÷ months due), nil when no month was due yet.
    public var timeliness: Double? { monthsDue > 0 ? Double(monthsReported) / Double(monthsDue) : nil }

    /// The rule behind ``silent``, judged on this department's counts under `options`.
    func judgedSilent(under options: ProjectionOptions) -> Bool {
        guard let days = daysSinceLastReport, tasksOpen > 0 else { return false }
        return days > options.silenceDays
    }
}

/// A rule a record broke that the format alone does not catch (found when replaying a ledger that contains it).
public struct Finding: Sendable, Hashable, Codable {
    public var seq: Int
    public var task: String?
    public var department: String
    public var rule: String
    public var reason: String
}

/// The latest value one unit reported for a plan indicator.
public struct IndicatorSource: Sendable, Hashable, Codable {
    public var department: String
    /// The task whose report carried it.
    public var task: String?
    public var value: Double
    public var seq: Int
}

/// A headline or section target and its one value (docs/JUDGEMENT.md, rule V): the owner's latest, or
/// the only source's; when units disagree and none owns it, no value is chosen and ``sources`` shows each.
public struct PlanTargetState: Sendable, Hashable, Codable {
    public var scope: String
    public var target: Target
    /// The indicator's value, when one can be named (see the type's summary).
    public var latest: Double?
    /// ``TargetJudgement/ratio`` of ``latest``.
    public var achievement: Double?
    /// ``latest`` judged against the target.
    public var judgement: TargetJudgement?
    /// The unit designated to report the indicator, if any.
    public var owner: String?
    /// Each unit's latest value for the indicator, in department-code order.
    public var sources: [IndicatorSource] = []
    /// More than one value was reported and no owner is designated: ``latest`` is nil, ``sources`` are shown.
    public var conflicting: Bool = false
}

/// The state of the plan at one point of the log: what `ledger state` and every report show.
public struct ProjectedState: Sendable, Hashable, Codable {
    public var ledgerID: String
    public var title: String
    /// Records covered: 0…(recordCount-1).
    public var recordCount: Int
    public var head: String
    /// The acceptance time of the last covered record: "now" for lights.
    public var asOf: Timestamp
    public var tasks: [TaskState]
    public var departments: [DepartmentState]
    public var findings: [Finding]
    /// How units are ranked (参考排名), in words in each report language.
    public var rankingRule: RankingRuleText
    /// The plan's title from the last `plan` record, if any.
    public var planTitle: String? = nil
    /// The plan's sections (id and title), for headings.
    public var sections: [PlanSection] = []
    /// The plan's headline targets, then its section targets in section order, with the latest reported values.
    public var plan: [PlanTargetState] = []
    /// The thresholds the lights and the silence flag were judged by.
    public var options: ProjectionOptions = ProjectionOptions()
    /// The ledger's UTC offset in seconds east of UTC, from its genesis record (`+08:00` → 28800): the
    /// offset deadline days end in, and the one reports show times in.
    public var utcOffsetSeconds: Int = 0
    /// 督查发现 (inspection findings), in the order they were opened, with their age.
    public var inspections: [InspectionFinding] = []

    /// The title the plan gives section `id` (`"1"` → `（一）激发释放消费潜力`), if it names one.
    ///
    /// When the plan lists a section id twice, the first title counts.
    public func sectionTitle(_ id: String) -> String? {
        sections.first { $0.id == id }?.title
    }
}
