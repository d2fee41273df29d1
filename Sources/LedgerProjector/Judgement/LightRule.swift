import LedgerCore

/// What a task's light is judged from: the facts of one task at one instant, whatever record types
/// they came from.
///
/// The fold fills it from either format version (docs/JUDGEMENT.md, F1–F4): the office's 销号 or a
/// version 1 `completed` record is the closure, an approved extension or a version 1 `delayed` record
/// moves the deadline, and the 督查发现 not yet closed by their inspector are the open findings.
public struct LightFacts: Sendable, Hashable {
    /// When the task was closed (销号/办结), dated by the application the office approved (or the version 1
    /// `completed` record); nil while it is open, awaiting the office, returned or reopened.
    public var closedAt: Timestamp?
    /// Closed at or after the end of a deadline in force, or after having been overdue (逾期完成).
    public var closedLate: Bool
    /// The deadline a late closure missed (see ``TaskState/missedDeadline``).
    public var missedDeadline: CalendarDay
    /// The deadline set at assignment.
    public var originalDeadline: CalendarDay
    /// The deadline in force (moved by an extension).
    public var deadline: CalendarDay
    /// The reported progress, 0…100.
    public var percent: Double
    /// 序时进度 at the instant judged: the share of the time from assignment to deadline elapsed, 0…100.
    public var schedule: Double
    /// Targets not met, or without a reported value, at the instant judged.
    public var unmetTargets: Int
    /// The last report on the task by a responsible unit, or its assignment when none reported.
    public var lastReportAt: Timestamp
    /// Every target of the task can only be judged on published annual statistics (``Target/isAnnualStatistic``).
    public var annualStatistics: Bool
    /// Inspector findings (督查发现) on the task not yet closed by their inspector.
    public var openFindings: Int

    public init(
        closedAt: Timestamp?, closedLate: Bool, missedDeadline: CalendarDay, originalDeadline: CalendarDay, deadline: CalendarDay,
        percent: Double, schedule: Double, unmetTargets: Int, lastReportAt: Timestamp, annualStatistics: Bool, openFindings: Int = 0
    ) {
        self.closedAt = closedAt
        self.closedLate = closedLate
        self.missedDeadline = missedDeadline
        self.originalDeadline = originalDeadline
        self.deadline = deadline
        self.percent = percent
        self.schedule = schedule
        self.unmetTargets = unmetTargets
        self.lastReportAt = lastReportAt
        self.annualStatistics = annualStatistics
        self.openFindings = openFindings
    }
}

/// The light rules of docs/JUDGEMENT.md (rule L), in the order they are tried: the first that applies
/// decides the light and its reason.
public enum LightRule {
    /// The light of a task with `facts` at `asOf`, days counted in the ledger's UTC offset.
    /// - Parameter utcOffsetSeconds: the ledger's offset (``ProjectedState/utcOffsetSeconds``).
    public static func judge(_ facts: LightFacts, asOf: Timestamp, utcOffsetSeconds: Int, options: ProjectionOptions) -> (Light, LightReason) {
        judge(facts, asOf: asOf, clock: LocalClock(offsetSeconds: utcOffsetSeconds), options: options)
    }

    static func judge(_ f: LightFacts, asOf: Timestamp, clock: LocalClock, options: ProjectionOptions) -> (Light, LightReason) {
        if let closedAt = f.closedAt {
            let day = clock.day(of: closedAt)
            // L1: closed late is red for good; L2: closed with a target unmet is not plain green.
            if f.closedLate { return (.red, .completedLate(completed: day, deadline: f.missedDeadline)) }
            if f.unmetTargets > 0 { return (.yellow, .closedTargetsUnmet(completed: day, deadline: f.deadline, unmet: f.unmetTargets)) }
            if closedAt < clock.end(of: f.originalDeadline) { return (.green, .completedOnTime(completed: day, deadline: f.originalDeadline)) }
            return (.yellow, .completedAfterDelay(completed: day, originalDeadline: f.originalDeadline, deadline: f.deadline))
        }
        let today = clock.day(of: asOf)
        if asOf >= clock.end(of: f.deadline) {
            // L3: a year-end task judged on annual statistics waits for them; L4: anything else is overdue.
            let (_, month, dayOfMonth) = f.deadline.components
            let waitUntil = f.deadline.adding(days: options.statisticsDays)
            if f.annualStatistics, month == 12, dayOfMonth == 31, today <= waitUntil {
                return (.yellow, .awaitingStatistics(deadline: f.deadline, until: waitUntil))
            }
            return (.red, .overdue(deadline: f.deadline, daysLate: today.daysSinceEpoch - f.deadline.daysSinceEpoch))
        }
        // L5: nobody responsible reported for longer than the silence limit.
        let silent = Int((asOf.secondsSinceEpoch - f.lastReportAt.secondsSinceEpoch).floorDivided(by: 86_400))
        if silent > options.silenceDays { return (.red, .silent(days: silent, percent: f.percent)) }
        let expected = f.schedule.rounded()
        // L6: far behind 序时进度 is red; L7: behind or due soon is yellow.
        if f.percent < f.schedule - options.seriousLag { return (.red, .seriouslyBehind(percent: f.percent, expected: expected)) }
        let daysLeft = f.deadline.daysSinceEpoch - today.daysSinceEpoch
        let dueSoon = daysLeft <= options.warningDays
        let behind = f.percent < f.schedule - options.scheduleTolerance
        switch (dueSoon, behind) {
        case (true, true): return (.yellow, .dueSoonAndBehind(deadline: f.deadline, daysLeft: daysLeft, percent: f.percent, expected: expected))
        case (true, false): return (.yellow, .dueSoon(deadline: f.deadline, daysLeft: daysLeft))
        case (false, true): return (.yellow, .behindSchedule(percent: f.percent, expected: expected))
        case (false, false):
            // L8: an open inspector finding keeps an otherwise green task yellow.
            if f.openFindings > 0 { return (.yellow, .findingsOpen(count: f.openFindings)) }
            return (.green, .onTrack(percent: f.percent, expected: expected))
        }
    }
}
