import LedgerCore

/// A task's status as the log has it.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case assigned
    case inProgress = "in-progress"
    case completed
    case delayed
}

/// The traffic light of a task at the state's point in time, judged by acceptance time.
public enum Light: String, Sendable, Codable, CaseIterable {
    /// 逾期: past its (possibly delayed) deadline and not completed.
    case red
    /// 临期/滞后: due within the warning window, or behind the straight-line schedule.
    case yellow
    /// On track, or completed on time.
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
    /// latest / target value (for `<=` targets, target / latest), nil without both.
    public var achievement: Double?
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

/// One department's record.
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
    /// 1-based position under ``ProjectedState/rankingRule``.
    public var rank: Int
    public var score: Double
    /// Silent, for the audit: responsible for at least one task, and more than
    /// ``ProjectionOptions/silenceDays`` whole days without a report (or, without one, since enrolment).
    /// A department with no task has nothing to report, so it is never silent.
    public var silent: Bool = false

    /// The rule behind ``silent``, judged on this department's counts under `options`.
    func judgedSilent(under options: ProjectionOptions) -> Bool {
        guard let days = daysSinceLastReport, tasksLed + tasksShared > 0 else { return false }
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

/// A headline or section target with the latest reported value for its metric, from any task.
public struct PlanTargetState: Sendable, Hashable, Codable {
    public var scope: String
    public var target: Target
    public var latest: Double?
    public var achievement: Double?
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
    /// How departments are ranked, in words, shown with the ranking.
    public var rankingRule: String
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

    /// The title the plan gives section `id` (`"1"` → `（一）激发释放消费潜力`), if it names one.
    ///
    /// When the plan lists a section id twice, the first title counts.
    public func sectionTitle(_ id: String) -> String? {
        sections.first { $0.id == id }?.title
    }
}
