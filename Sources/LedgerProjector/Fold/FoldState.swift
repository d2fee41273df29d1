import LedgerCore
import LedgerCrypto

/// Everything the projector must remember to go on applying records: what a snapshot stores.
///
/// It grows with tasks, departments, distinct metrics and findings, never with the number of records.
/// Only string-keyed dictionaries appear, so its JSON form is canonical whatever the hash seeds.
struct FoldState: Sendable, Hashable, Codable {
    var ledgerID: String?
    var title = ""
    var suite: Suite?
    var utcOffsetSeconds = 0
    /// Records applied so far: the next record's seq.
    var recordCount = 0
    var lastAccepted: Timestamp?
    var planTitle: String?
    var planTargets: [PlanTarget] = []
    var planSections: [PlanSection] = []
    var tasks: [String: TaskFold] = [:]
    var departments: [String: DepartmentFold] = [:]
    /// Latest value of each metric and unit from each reporting unit (key: ``ExactKey`` of metric, unit and unit code), for
    /// the plan's indicators: values from two units are kept apart, never merged.
    var indicatorValues: [String: ReportedMetric] = [:]
    /// The unit the office designated (`indicator-owner-designated`) to report each plan indicator
    /// (key: ``FoldState/ownerKey(scope:metric:)``); a later designation replaces an earlier one.
    var indicatorOwners: [String: String] = [:]
    /// Records that broke a ``TransitionRule``, in log order.
    var findings: [Finding] = []
    /// 督查发现 by id (the opening statement's id).
    var inspections: [String: InspectionFinding] = [:]

    var clock: LocalClock { LocalClock(offsetSeconds: utcOffsetSeconds) }

    /// Applies one record that already passed the chain, signature and authority checks.
    mutating func apply(_ record: Record) {
        defer {
            recordCount += 1
            lastAccepted = record.accepted
        }
        let at = record.accepted, seq = record.seq, by = record.signed.statement.department
        let clock = self.clock
        if record.signed.statement.event.isReport { noteDepartmentReport(by, at: at) }
        // The judged task is taken out of the table while the record is judged and applied, and put back
        // after: one lookup, and the change mutates a uniquely referenced value, not a shared copy.
        let judgedID = record.signed.statement.event.judgedTask
        var judged = judgedID.flatMap { tasks.removeValue(forKey: $0) }
        defer { if let judgedID, let task = judged.take() { tasks[judgedID] = task } }
        func update(_ id: String, _ change: (inout TaskFold) -> Void) {
            // Task events judge the task they name, so `judged` is that task (nil when unassigned).
            if judged != nil { change(&judged!) }
        }
        if let (rule, reason) = TransitionRule.judge(record.signed.statement, task: judged, findings: inspections, planTargets: planTargets) {
            findings.append(Finding(seq: seq, task: record.signed.statement.event.task, department: by, rule: rule.rawValue, reason: reason))
            return
        }
        switch record.signed.statement.event {
        case .genesis(let genesis):
            ledgerID = record.signed.statement.ledger
            title = genesis.title
            suite = genesis.suite
            utcOffsetSeconds = genesis.utcOffsetSeconds
            enrol(genesis.department, name: genesis.name, role: .operator, at: at)
        case .keyEnrolled(let department, let name, let role, _):
            enrol(department, name: name, role: role, at: at)
        case .keyRotated, .keyRevoked:
            // A rotated key keeps its department and role; a revoked one leaves the department's history
            // (and its silence clock) as it was. Neither changes what the projection shows.
            break
        case .plan(let planTitle, let sections, let targets):
            self.planTitle = planTitle
            planSections = sections
            planTargets = targets
        case .assigned(let id, let assignment):
            tasks[id] = TaskFold(id: id, assignment: assignment, seq: seq, accepted: at, by: by)
            for code in assignment.responsible where departments[code] == nil {
                departments[code] = DepartmentFold(code: code, name: code)
            }
        case .progress(let id, let percent, let metrics, _):
            update(id) { task in
                task.noteReport(seq: seq, accepted: at, by: by, clock: clock)
                task.progress(percent: percent, metrics: metrics, seq: seq, by: by)
            }
            for m in metrics {
                indicatorValues[ExactKey.of(m.metric, m.unit, by)] =
                    ReportedMetric(metric: m.metric, unit: m.unit, value: m.value, seq: seq, by: by, task: id)
            }
        case .completed(let id, let evidence, _):
            update(id) { task in
                task.noteReport(seq: seq, accepted: at, by: by, clock: clock)
                task.complete(evidence: evidence, seq: seq, accepted: at, by: by, clock: clock)
            }
        case .delayed(let id, let reason, let until):
            update(id) { task in
                task.noteReport(seq: seq, accepted: at, by: by, clock: clock)
                task.delay(reason: reason, until: until, seq: seq, accepted: at, by: by)
            }
        case .leadDesignated(let id, let department):
            update(id) { $0.workflow.designatedLead = department }
        case .indicatorOwnerDesignated(let scope, let metric, let department):
            indicatorOwners[FoldState.ownerKey(scope: scope, metric: metric)] = department
        case .closeRequested(let id, let evidence, let note):
            update(id) { task in
                task.noteReport(seq: seq, accepted: at, by: by, clock: clock)
                task.applyToClose(evidence: evidence, note: note, seq: seq, accepted: at, by: by)
            }
        case .closeApproved(let id, let note):
            update(id) { $0.close(note: note, seq: seq, accepted: at, clock: clock) }
        case .closeReturned(let id, let reason):
            update(id) { $0.returnApplication(reason: reason) }
        case .reopened(let id, let reason):
            update(id) { $0.reopen(reason: reason) }
        case .extensionRequested(let id, let reason, let until):
            update(id) { task in
                task.noteReport(seq: seq, accepted: at, by: by, clock: clock)
                task.requestExtension(reason: reason, until: until, seq: seq, accepted: at, by: by)
            }
        case .extensionApproved(let id, _):
            update(id) { $0.approveExtension() }
        case .extensionRefused(let id, let reason):
            update(id) { $0.refuseExtension(reason: reason) }
        case .findingOpened(let subject, let text, let severity, let deadline):
            var finding = InspectionFinding(
                id: record.signed.statement.id, seq: seq, openedAt: at, inspector: by, task: nil, department: nil, text: text, severity: severity,
                deadline: deadline,
                status: .open)
            switch subject {
            case .task(let task): finding.task = task
            case .department(let department): finding.department = department
            }
            inspections[record.signed.statement.id] = finding
        case .findingRectified(let id, _, let note):
            inspections[id]?.status = .rectified
            inspections[id]?.rectifications += 1
            inspections[id]?.lastRectifiedAt = at
            inspections[id]?.lastRectificationNote = note
        case .findingClosed(let id, let note):
            inspections[id]?.status = .closed
            inspections[id]?.closedAt = at
            inspections[id]?.closeNote = note
        case .findingKeptOpen(let id, let reason):
            inspections[id]?.status = .open
            inspections[id]?.keptOpen += 1
            inspections[id]?.lastKeptOpenReason = reason
        }
    }

    /// The key of ``indicatorOwners``: a plan indicator is named by its scope and metric, as in the plan,
    /// compared as Unicode scalars (``ExactKey``).
    static func ownerKey(scope: String, metric: String) -> String { ExactKey.of(scope, metric) }

    private mutating func enrol(_ code: String, name: String, role: Role, at: Timestamp) {
        var department = departments[code] ?? DepartmentFold(code: code, name: name)
        if department.enrolledAt == nil {
            department.enrolledAt = at
            department.name = name
        }
        if role == .department { department.hasDepartmentKey = true }
        departments[code] = department
    }

    private mutating func noteDepartmentReport(_ code: String, at: Timestamp) {
        let month = clock.month(of: at)
        // Changed in place in the table (one lookup, no copy of the months list).
        FoldState.noteReport(&departments[code, default: DepartmentFold(code: code, name: code)], at: at, month: month)
    }

    private static func noteReport(_ department: inout DepartmentFold, at: Timestamp, month: Int) {
        department.reports += 1
        department.lastReportAt = at
        if department.reportMonths.last != month { department.reportMonths.append(month) }
    }
}

extension Event {
    /// The task whose state a transition rule judges the event against: the statement's task, or the
    /// task a finding is opened on.
    var judgedTask: String? {
        if case .findingOpened(.task(let task), _, _, _) = self { return task }
        return task
    }

    /// Whether the event is a department's report (progress, completed, delayed; an application to
    /// close or extend; a rectification).
    var isReport: Bool {
        switch self {
        case .progress, .completed, .delayed, .closeRequested, .extensionRequested, .findingRectified: true
        default: false
        }
    }
}
