import LedgerCore

/// The latest value a task (or any task, for plan targets) reported for one metric and unit.
struct ReportedMetric: Sendable, Hashable, Codable {
    var metric: String
    var unit: String
    var value: Double
    var seq: Int
    var by: String

    /// The join key: a value counts towards a target only with the same metric name and unit.
    static func key(metric: String, unit: String) -> String { metric + "\u{1F}" + unit }
}

/// What the fold keeps about one task: everything ``TaskState`` shows except the light, which depends
/// on the time the state is judged at.
struct TaskFold: Sendable, Hashable, Codable {
    var id: String
    var section: String?
    var title: String
    var lead: [String]
    var co: [String]
    var originalDeadline: CalendarDay
    var deadline: CalendarDay
    var status: TaskStatus
    var percent: Double
    var targets: [Target]
    /// Latest value per metric and unit, in the order first reported.
    var reported: [ReportedMetric]
    var delays: [DelayEntry]
    var assignedSeq: Int
    var assignedAt: Timestamp
    var completedSeq: Int?
    var completedAt: Timestamp?
    var completedBy: String?
    var evidence: [Evidence]
    var completedLate: Bool
    var everOverdue: Bool
    var lastUpdateSeq: Int
    var lastUpdateAt: Timestamp
    var lastUpdateBy: String
    var reports: Int
    /// Version 2: the 销号 and 延期 workflow.
    var workflow = TaskWorkflow()
    /// The last percent a unit reported, restored when the office reopens a closed task.
    var reportedPercent: Double = 0
    /// Whether the office approved an extension: the status stays 已延期 while the task is open.
    var extended: Bool { workflow.extensionsApproved > 0 }

    init(id: String, assignment: Assignment, seq: Int, accepted: Timestamp, by: String) {
        self.id = id
        section = assignment.section
        title = assignment.title
        lead = assignment.lead
        co = assignment.co
        originalDeadline = assignment.deadline
        deadline = assignment.deadline
        status = .assigned
        percent = 0
        targets = assignment.targets
        reported = []
        delays = []
        assignedSeq = seq
        assignedAt = accepted
        evidence = []
        completedLate = false
        everOverdue = false
        lastUpdateSeq = seq
        lastUpdateAt = accepted
        lastUpdateBy = by
        reports = 0
    }

    var isCompleted: Bool { status.isDone }
    var responsible: [String] { lead + co }

    // MARK: Events (each O(1) in the number of records)

    /// Notes a report on the task accepted at `accepted`: if the task was past its deadline in force,
    /// it has been red, and stays marked so for good.
    mutating func noteReport(seq: Int, accepted: Timestamp, by: String, clock: LocalClock) {
        if !isCompleted, accepted >= clock.end(of: deadline) { everOverdue = true }
        lastUpdateSeq = seq
        lastUpdateAt = accepted
        lastUpdateBy = by
        reports += 1
    }

    mutating func progress(percent: Double, metrics: [MetricValue], seq: Int, by: String) {
        self.percent = percent
        reportedPercent = percent
        if status != .closeRequested { status = extended ? .delayed : .inProgress }
        for m in metrics {
            let value = ReportedMetric(metric: m.metric, unit: m.unit, value: m.value, seq: seq, by: by)
            if let i = reported.firstIndex(where: { $0.metric == m.metric && $0.unit == m.unit }) {
                reported[i] = value
            } else {
                reported.append(value)
            }
        }
    }

    mutating func complete(evidence: [Evidence], seq: Int, accepted: Timestamp, by: String, clock: LocalClock) {
        completedLate = accepted >= clock.end(of: deadline) || everOverdue
        status = .completed
        percent = 100
        completedSeq = seq
        completedAt = accepted
        completedBy = by
        self.evidence = evidence
    }

    mutating func delay(reason: String, until: CalendarDay, seq: Int, accepted: Timestamp, by: String) {
        delays.append(DelayEntry(seq: seq, accepted: accepted, department: by, reason: reason, previousDeadline: deadline, until: until))
        deadline = until
        status = .delayed
    }

    // MARK: The 销号 and 延期 workflow (version 2)

    mutating func applyToClose(evidence: [Evidence], note: String?, seq: Int, accepted: Timestamp, by: String) {
        workflow.application = CloseApplication(seq: seq, accepted: accepted, department: by, evidence: evidence, note: note)
        workflow.applications += 1
        status = .closeRequested
    }

    /// 办结: done as of the approved application (completedAt is when the unit applied, which judges
    /// on time or late); closedAt is the office's decision.
    mutating func close(note: String, seq: Int, accepted: Timestamp, clock: LocalClock) {
        guard let application = workflow.application else { return }
        completedLate = application.accepted >= clock.end(of: deadline) || everOverdue
        status = .closed
        percent = 100
        completedSeq = application.seq
        completedAt = application.accepted
        completedBy = application.department
        evidence = application.evidence
        workflow.application = nil
        workflow.closedSeq = seq
        workflow.closedAt = accepted
        workflow.closeNote = note
    }

    /// 退回: the task is in progress again (已延期 if the office extended it).
    mutating func returnApplication(reason: String) {
        workflow.application = nil
        workflow.returned += 1
        workflow.lastReturnReason = reason
        status = extended ? .delayed : .inProgress
    }

    mutating func reopen(reason: String) {
        workflow.reopened += 1
        workflow.lastReopenReason = reason
        workflow.closedSeq = nil
        workflow.closedAt = nil
        workflow.closeNote = nil
        completedSeq = nil
        completedAt = nil
        completedBy = nil
        evidence = []
        completedLate = false
        percent = reportedPercent
        status = extended ? .delayed : .inProgress
    }

    mutating func requestExtension(reason: String, until: CalendarDay, seq: Int, accepted: Timestamp, by: String) {
        workflow.extensionRequest = ExtensionRequest(seq: seq, accepted: accepted, department: by, reason: reason, until: until)
    }

    /// 已延期: the requested date becomes the deadline in force, and the status says so for good.
    mutating func approveExtension() {
        guard let request = workflow.extensionRequest else { return }
        workflow.extensionRequest = nil
        workflow.extensionsApproved += 1
        delays.append(
            DelayEntry(
                seq: request.seq, accepted: request.accepted, department: request.department, reason: request.reason, previousDeadline: deadline,
                until: request.until))
        deadline = request.until
        if status != .closeRequested { status = .delayed }
    }

    mutating func refuseExtension(reason: String) {
        workflow.extensionRequest = nil
        workflow.extensionsRefused += 1
        workflow.lastRefusalReason = reason
    }

    // MARK: Judging at a point in time

    /// The task as shown at `asOf`: its light, its reason, and its metrics joined with their targets.
    func state(asOf: Timestamp, clock: LocalClock, options: ProjectionOptions) -> TaskState {
        let (light, reason) = light(asOf: asOf, clock: clock, options: options)
        let overdueNow = !isCompleted && asOf >= clock.end(of: deadline)
        return TaskState(
            id: id, section: section, title: title, lead: lead, co: co,
            originalDeadline: originalDeadline, deadline: deadline, status: status, percent: percent,
            metrics: metricStates, delays: delays, assignedSeq: assignedSeq, assignedAt: assignedAt,
            completedAt: completedAt, completedSeq: completedSeq, completedBy: completedBy, evidence: evidence,
            completedLate: completedLate, everOverdue: everOverdue || overdueNow,
            lastUpdateSeq: lastUpdateSeq, lastUpdateAt: lastUpdateAt, lastUpdateBy: lastUpdateBy,
            reports: reports, light: light, lightReasonCode: reason, lightReason: reason.description, workflow: workflow)
    }

    /// Straight-line schedule: the percent a task should have reached at `asOf`, 0…100.
    func expectedPercent(asOf: Timestamp, clock: LocalClock) -> Double {
        let start = assignedAt.secondsSinceEpoch, end = clock.end(of: deadline).secondsSinceEpoch
        guard end > start else { return 100 }
        return min(100, max(0, 100 * Double(asOf.secondsSinceEpoch - start) / Double(end - start)))
    }

    /// The light at `asOf` and why.
    func light(asOf: Timestamp, clock: LocalClock, options: ProjectionOptions) -> (Light, LightReason) {
        if let completedAt {
            let day = clock.day(of: completedAt)
            if completedLate {
                return (.red, .completedLate(completed: day, deadline: missedDeadline(clock: clock)))
            }
            if completedAt < clock.end(of: originalDeadline) {
                return (.green, .completedOnTime(completed: day, deadline: originalDeadline))
            }
            return (.yellow, .completedAfterDelay(completed: day, originalDeadline: originalDeadline, deadline: deadline))
        }
        let today = clock.day(of: asOf)
        if asOf >= clock.end(of: deadline) {
            return (.red, .overdue(deadline: deadline, daysLate: today.daysSinceEpoch - deadline.daysSinceEpoch))
        }
        let schedule = expectedPercent(asOf: asOf, clock: clock)
        let expected = schedule.rounded()
        let daysLeft = deadline.daysSinceEpoch - today.daysSinceEpoch
        let dueSoon = daysLeft <= options.warningDays
        let behind = percent < schedule - options.scheduleTolerance
        switch (dueSoon, behind) {
        case (true, true): return (.yellow, .dueSoonAndBehind(deadline: deadline, daysLeft: daysLeft, percent: percent, expected: expected))
        case (true, false): return (.yellow, .dueSoon(deadline: deadline, daysLeft: daysLeft))
        case (false, true): return (.yellow, .behindSchedule(percent: percent, expected: expected))
        case (false, false): return (.green, .onTrack(percent: percent, expected: expected))
        }
    }

    /// The deadline a late completion missed: the deadline in force at completion if it had passed,
    /// else the one in force when the task first went overdue, which the delay after it carries as
    /// its previous deadline (a report accepted past a deadline marks the task overdue, and only a
    /// delay accepted after that report can have moved the deadline beyond the completion).
    private func missedDeadline(clock: LocalClock) -> CalendarDay {
        if let completedAt, completedAt >= clock.end(of: deadline) { return deadline }
        return delays.first { $0.accepted >= clock.end(of: $0.previousDeadline) }?.previousDeadline ?? originalDeadline
    }

    /// Every target joined with the latest value of the same metric and unit, then the values reported
    /// without a target, by metric name and unit.
    var metricStates: [MetricState] {
        var out = targets.map { target in
            let latest = reported.first { $0.metric == target.metric && $0.unit == target.unit }
            return MetricState(
                metric: target.metric, unit: target.unit, target: target, latest: latest?.value,
                reportedSeq: latest?.seq, reportedBy: latest?.by,
                achievement: latest.flatMap { Achievement.ratio(latest: $0.value, target: target) })
        }
        let untargeted =
            reported
            .filter { r in !targets.contains { $0.metric == r.metric && $0.unit == r.unit } }
            .sorted { ($0.metric, $0.unit) < ($1.metric, $1.unit) }
        out += untargeted.map {
            MetricState(metric: $0.metric, unit: $0.unit, target: nil, latest: $0.value, reportedSeq: $0.seq, reportedBy: $0.by, achievement: nil)
        }
        return out
    }
}

/// How far a reported value goes towards a target.
enum Achievement {
    /// latest / target; for an at-most target (a rank such as 前13名) target / latest, so that
    /// reaching 10th place against a target of 13th is 1.3. Nil when the divisor is zero.
    static func ratio(latest: Double, target: Target) -> Double? {
        let (numerator, denominator) = target.comparator == .atMost ? (target.value, latest) : (latest, target.value)
        guard denominator != 0 else { return nil }
        let ratio = numerator / denominator
        return ratio.isFinite ? ratio : nil
    }
}
