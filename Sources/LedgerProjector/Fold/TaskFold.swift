import LedgerCore

/// The latest value a task (or any task, for plan targets) reported for one metric and unit.
struct ReportedMetric: Sendable, Hashable, Codable {
    var metric: String
    var unit: String
    var value: Double
    var seq: Int
    var by: String
    /// The task whose report carried the value.
    var task: String?

    /// The join key: a value counts towards a target only with the same metric name and unit, compared
    /// as Unicode scalars (``ExactKey``).
    static func key(metric: String, unit: String) -> String { ExactKey.of(metric, unit) }

    /// Whether `value` is of `metric` and `unit`: the same scalars, as ``key(metric:unit:)`` and the
    /// format compare them (never `String` equality, which would join canonically equivalent names).
    static func joins(_ value: ReportedMetric, metric: String, unit: String) -> Bool {
        FormatRule.same(value.metric, metric) && FormatRule.same(value.unit, unit)
    }
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
    /// `responsible.contains(code)`, without building the list.
    func isResponsible(_ code: String) -> Bool { lead.contains(code) || co.contains(code) }

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
            let value = ReportedMetric(metric: m.metric, unit: m.unit, value: m.value, seq: seq, by: by, task: id)
            if let i = reported.firstIndex(where: { ReportedMetric.joins($0, metric: m.metric, unit: m.unit) }) {
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

    /// The task as shown at `asOf`: its light, its reason, and its metrics judged against their targets.
    /// - Parameter openFindings: 督查发现 on the task not yet closed by their inspector at `asOf`.
    func state(asOf: Timestamp, clock: LocalClock, options: ProjectionOptions, openFindings: Int = 0) -> TaskState {
        let metrics = metricStates(options: options)
        let unmet = metrics.filter { $0.target != nil && $0.judgement?.met != true }.map(\.metric)
        let schedule = isCompleted ? 100 : expectedPercent(asOf: asOf, clock: clock)
        let (light, reason) = LightRule.judge(
            facts(asOf: asOf, clock: clock, unmet: unmet.count, schedule: schedule, openFindings: openFindings), asOf: asOf, clock: clock,
            options: options)
        let overdueNow = !isCompleted && asOf >= clock.end(of: deadline)
        return TaskState(
            id: id, section: section, title: title, lead: lead, co: co,
            originalDeadline: originalDeadline, deadline: deadline, status: status, percent: percent,
            metrics: metrics, delays: delays, assignedSeq: assignedSeq, assignedAt: assignedAt,
            completedAt: completedAt, completedSeq: completedSeq, completedBy: completedBy, evidence: evidence,
            completedLate: completedLate, everOverdue: everOverdue || overdueNow,
            lastUpdateSeq: lastUpdateSeq, lastUpdateAt: lastUpdateAt, lastUpdateBy: lastUpdateBy,
            reports: reports, light: light, lightReasonCode: reason, lightReason: reason.description, workflow: workflow,
            schedule: schedule, unmetTargets: unmet, closedTargetsUnmet: isCompleted && !unmet.isEmpty,
            annualStatistics: annualStatistics, openFindings: openFindings)
    }

    /// The facts the light rules read (docs/JUDGEMENT.md, "Where the facts come from"). A task is closed
    /// once the office approved an application (销号, version 2) or a version 1 `completed` record
    /// said so; an application alone is not a closure, and 退回 or reopening clears it (``completedAt``
    /// is set by exactly those records). A closure is timed by the application the office approved, so
    /// the office's review time never makes a unit late. ``delays`` hold approved extensions only (and
    /// version 1 `delayed` records, which moved the deadline at once).
    func facts(asOf: Timestamp, clock: LocalClock, unmet: Int, schedule: Double, openFindings: Int) -> LightFacts {
        LightFacts(
            closedAt: isCompleted ? completedAt : nil, closedLate: completedLate, missedDeadline: missedDeadline(clock: clock),
            originalDeadline: originalDeadline, deadline: deadline, percent: percent, schedule: schedule, unmetTargets: unmet,
            lastReportAt: lastUpdateAt, annualStatistics: annualStatistics, openFindings: openFindings)
    }

    /// Every target is one only published annual statistics can settle (docs/JUDGEMENT.md, rule S).
    var annualStatistics: Bool { !targets.isEmpty && targets.allSatisfy(\.isAnnualStatistic) }

    /// Straight-line schedule (序时进度): the percent a task should have reached at `asOf`, 0…100.
    func expectedPercent(asOf: Timestamp, clock: LocalClock) -> Double {
        let start = assignedAt.secondsSinceEpoch, end = clock.end(of: deadline).secondsSinceEpoch
        guard end > start else { return 100 }
        return min(100, max(0, 100 * Double(asOf.secondsSinceEpoch - start) / Double(end - start)))
    }

    /// The deadline a late completion missed: the deadline in force at completion if it had passed,
    /// else the one in force when the task first went overdue, which the delay after it carries as
    /// its previous deadline (a report accepted past a deadline marks the task overdue, and only a
    /// delay accepted after that report can have moved the deadline beyond the completion).
    private func missedDeadline(clock: LocalClock) -> CalendarDay {
        if let completedAt, completedAt >= clock.end(of: deadline) { return deadline }
        return delays.first { $0.accepted >= clock.end(of: $0.previousDeadline) }?.previousDeadline ?? originalDeadline
    }

    /// Every target joined with the latest value of the same metric and unit and judged against it,
    /// then the values reported without a target, by metric name and unit.
    func metricStates(options: ProjectionOptions) -> [MetricState] {
        var out = targets.map { target in
            let latest = reported.first { ReportedMetric.joins($0, metric: target.metric, unit: target.unit) }
            let judgement = latest.map { TargetJudgement.judge(latest: $0.value, target: target, aboutTolerance: options.aboutTolerance) }
            return MetricState(
                metric: target.metric, unit: target.unit, target: target, latest: latest?.value,
                reportedSeq: latest?.seq, reportedBy: latest?.by, achievement: judgement?.ratio, judgement: judgement)
        }
        let untargeted =
            reported
            .filter { r in !targets.contains { ReportedMetric.joins(r, metric: $0.metric, unit: $0.unit) } }
            .sorted { a, b in
                // By metric, then unit, in scalar order: the same order whatever the names' normal forms.
                FormatRule.same(a.metric, b.metric)
                    ? a.unit.unicodeScalars.lexicographicallyPrecedes(b.unit.unicodeScalars) { $0.value < $1.value }
                    : a.metric.unicodeScalars.lexicographicallyPrecedes(b.metric.unicodeScalars) { $0.value < $1.value }
            }
        out += untargeted.map {
            MetricState(
                metric: $0.metric, unit: $0.unit, target: nil, latest: $0.value, reportedSeq: $0.seq, reportedBy: $0.by, achievement: nil, judgement: nil)
        }
        return out
    }
}
