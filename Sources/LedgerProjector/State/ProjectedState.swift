import LedgerCore

/// A task's status as the log has it.
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
    /// The 销号 and 延期 workflow of version 2 records (empty for a task only version 1 records touched).
    public var workflow = TaskWorkflow()

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
    /// 督查发现 (inspection findings), in the order they were opened, with their age.
    public var inspections: [InspectionFinding] = []

    /// The title the plan gives section `id` (`"1"` → `（一）激发释放消费潜力`), if it names one.
    ///
    /// When the plan lists a section id twice, the first title counts.
    public func sectionTitle(_ id: String) -> String? {
        sections.first { $0.id == id }?.title
    }
}
