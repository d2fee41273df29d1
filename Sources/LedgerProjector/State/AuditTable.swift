import LedgerCore

/// One list of the inspector's audit view as rows and columns of typed values: which items it holds,
/// in which order, and what is shown of each.
///
/// Every format of the audit view writes these tables as they are; a format only chooses how a value
/// is spelled (a local time or a UTC timestamp, a department's name or its code). Build them with
/// ``ProjectedState/auditTable(_:)``: they follow from the state alone.
public struct AuditTable: Sendable, Hashable {
    /// Which list a table is; the raw value is its stable English name.
    public enum Kind: String, Sendable, CaseIterable {
        /// Records that broke a transition rule, by seq.
        case findings
        /// Tasks completed late (逾期完成), in completion order.
        case lateCompletions
        /// Every reported delay, in log order, with its reason and signer.
        case delays
        /// Tasks nobody has reported on since assignment, in task order.
        case neverReported
        /// Departments the state judged ``DepartmentState/silent``, longest silence first.
        case silentDepartments
        /// Tasks past their deadline in force and not completed, in task order.
        case overdue
        /// Tasks closed with a target unmet or unreported (办结但指标未达标), in task order; a task the
        /// office closed shows the application it approved, as every closure is dated.
        case closedTargetsUnmet
        /// 督查发现 (inspection findings), in the order opened, with their status and age (version 2).
        case inspections
        /// Applications to close (申请销号) awaiting the office's decision, by seq (version 2).
        case pendingApplications
        /// Extension requests (申请延期) awaiting the office's decision, by seq (version 2).
        case pendingExtensions
    }

    /// What a column holds; the raw value is its stable English name. `allCases` is a fixed order in
    /// which a format that puts every table in one sheet lays the columns out.
    public enum Column: String, Sendable, CaseIterable {
        /// The record the row is about: the finding's, the completion's, the delay's, the assignment's.
        case seq
        /// The task id.
        case task
        /// The task's title.
        case title
        /// The department a row is about: who signed the finding or the completion, or who is silent.
        case department
        /// The department that signed a delay.
        case signer
        /// The task's lead departments.
        case lead
        /// The task's co-responsible departments.
        case co
        /// The deadline that matters to the list: the one a late completion missed, else the one in force.
        case deadline
        /// The deadline a delay moved from.
        case from
        /// The deadline a delay moved to.
        case until
        /// When a late completion was accepted.
        case completedAt
        /// When a delay was accepted.
        case acceptedAt
        /// When a task was assigned.
        case assignedAt
        /// When a department last reported (nil: never).
        case lastReport
        /// The last record about a task.
        case lastUpdate
        /// ``TaskState/daysLate`` of a late completion.
        case daysLate
        /// ``TaskState/daysLate`` of a task overdue now.
        case daysOverdue
        /// ``DepartmentState/daysSinceLastReport``.
        case daysSinceReport
        /// The task's reported progress.
        case percent
        /// Tasks a department leads.
        case led
        /// Tasks a department shares.
        case shared
        /// A 督查发现's severity.
        case severity
        /// A 督查发现's status: open, rectified (awaiting the inspector) or closed.
        case findingStatus
        /// Whole days a 督查发现 has been open (to its closing, once closed).
        case ageDays
        /// How many times the office returned (退回) a task's applications.
        case returned
        /// The transition rule a finding broke.
        case rule
        /// Why: a finding's reason, a delay's reason as the department signed it; a 督查发现's text.
        case reason
        /// The targets a closed task did not meet, each with its latest value and judgement.
        case unmet
    }

    /// One cell: a typed value that each format spells its own way.
    public enum Value: Sendable, Hashable {
        /// A record number or a count; nil when there is none.
        case integer(Int?)
        /// Text as the log holds it (an id, a title, a rule, a reason); nil when there is none.
        case text(String?)
        /// A department, by code.
        case department(String)
        /// Departments, by code, in the order the log lists them.
        case departments([String])
        /// A calendar day.
        case day(CalendarDay)
        /// A task's deadline in force and the original one (equal when no delay moved it).
        case deadline(original: CalendarDay, inForce: CalendarDay)
        /// An instant; nil for never.
        case time(Timestamp?)
        /// A percentage, 0…100.
        case percent(Double)
        /// A 督查发现's severity.
        case severity(FindingSeverity)
        /// A 督查发现's status.
        case findingStatus(FindingStatus)
        /// The last record about a task: its seq, acceptance time and signing department.
        case update(seq: Int, at: Timestamp, by: String)
        /// Targets with their latest values and judgements.
        case targets([MetricState])
    }

    /// One row: a value per column, and the light of the task it is about, if it is about one.
    public struct Row: Sendable, Hashable {
        /// The values, in the order of ``AuditTable/columns``.
        public var values: [Value]
        /// The light of the row's task; nil for rows about a record or a department.
        public var light: Light?
    }

    /// Which list this is.
    public var kind: Kind
    /// The columns every format shows, in order.
    public var columns: [Column]
    /// The items, in the list's order.
    public var rows: [Row]

    /// The value of `column` in `row`; nil when the table has no such column.
    public func value(_ column: Column, in row: Row) -> Value? {
        columns.firstIndex(of: column).map { row.values[$0] }
    }
}

extension ProjectedState {
    /// The audit list `kind`, built from this state alone.
    public func auditTable(_ kind: AuditTable.Kind) -> AuditTable {
        switch kind {
        case .findings:
            let findings = self.findings.sorted { ($0.seq, $0.rule) < ($1.seq, $1.rule) }
            return AuditTable(
                kind: kind, columns: [.seq, .task, .department, .rule, .reason],
                rows: findings.map { f in
                    AuditTable.Row(values: [.integer(f.seq), .text(f.task), .department(f.department), .text(f.rule), .text(f.reason)])
                })
        case .lateCompletions:
            let late = tasksInOrder.filter(\.completedLate).sorted { a, b in
                let (x, y) = (a.completedSeq ?? 0, b.completedSeq ?? 0)
                return x != y ? x < y : NaturalOrder.precedes(a.id, b.id)
            }
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .department, .deadline, .completedAt, .daysLate],
                rows: late.map { t in
                    AuditTable.Row(
                        values: [
                            .integer(t.completedSeq), .text(t.id), .text(t.title), .department(t.completedBy ?? t.lastUpdateBy),
                            .day(t.missedDeadline ?? t.deadline), .time(t.completedAt), .integer(t.daysLate),
                        ], light: t.light)
                })
        case .delays:
            let delays = tasks.flatMap { task in task.delays.map { (task, $0) } }.sorted { a, b in
                a.1.seq != b.1.seq ? a.1.seq < b.1.seq : NaturalOrder.precedes(a.0.id, b.0.id)
            }
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .signer, .acceptedAt, .from, .until, .reason],
                rows: delays.map { task, d in
                    AuditTable.Row(values: [
                        .integer(d.seq), .text(task.id), .text(task.title), .department(d.department), .time(d.accepted),
                        .day(d.previousDeadline), .day(d.until), .text(d.reason),
                    ])
                })
        case .neverReported:
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .lead, .co, .deadline, .assignedAt],
                rows: tasksInOrder.filter { $0.reports == 0 }.map { t in
                    AuditTable.Row(
                        values: [
                            .integer(t.assignedSeq), .text(t.id), .text(t.title), .departments(t.lead), .departments(t.co),
                            .deadline(original: t.originalDeadline, inForce: t.deadline), .time(t.assignedAt),
                        ], light: t.light)
                })
        case .silentDepartments:
            let silent = departments.filter(\.silent).sorted {
                (-($0.daysSinceLastReport ?? 0), $0.code) < (-($1.daysSinceLastReport ?? 0), $1.code)
            }
            return AuditTable(
                kind: kind, columns: [.department, .daysSinceReport, .lastReport, .led, .shared],
                rows: silent.map { d in
                    AuditTable.Row(values: [
                        .department(d.code), .integer(d.daysSinceLastReport), .time(d.lastReportAt), .integer(d.tasksLed), .integer(d.tasksShared),
                    ])
                })
        case .overdue:
            let overdue = tasksInOrder.filter { $0.lightReasonCode.kind == .overdue }
            return AuditTable(
                kind: kind, columns: [.task, .title, .lead, .co, .deadline, .daysOverdue, .percent, .lastUpdate],
                rows: overdue.map { t in
                    AuditTable.Row(
                        values: [
                            .text(t.id), .text(t.title), .departments(t.lead), .departments(t.co),
                            .deadline(original: t.originalDeadline, inForce: t.deadline), .integer(t.daysLate), .percent(t.percent),
                            .update(seq: t.lastUpdateSeq, at: t.lastUpdateAt, by: t.lastUpdateBy),
                        ], light: t.light)
                })
        case .closedTargetsUnmet:
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .department, .completedAt, .unmet],
                rows: tasksInOrder.filter(\.closedTargetsUnmet).map { t in
                    AuditTable.Row(
                        values: [
                            .integer(t.completedSeq), .text(t.id), .text(t.title), .department(t.completedBy ?? t.lastUpdateBy),
                            .time(t.completedAt), .targets(t.metrics.filter { $0.target != nil && $0.judgement?.met != true }),
                        ], light: t.light)
                })
        case .inspections:
            return AuditTable(
                kind: kind, columns: [.seq, .task, .department, .signer, .severity, .reason, .deadline, .findingStatus, .ageDays],
                rows: inspections.map { f in
                    AuditTable.Row(values: [
                        .integer(f.seq), .text(f.task), f.department.map { .department($0) } ?? .text(nil),
                        f.inspectorName.map { .text($0) } ?? .department(f.inspector),
                        .severity(f.severity), .text(f.text), .day(f.deadline), .findingStatus(f.status), .integer(f.ageDays),
                    ])
                })
        case .pendingApplications:
            let pending = tasksInOrder.compactMap { t in t.workflow.application.map { (t, $0) } }.sorted { $0.1.seq < $1.1.seq }
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .department, .acceptedAt, .deadline, .returned],
                rows: pending.map { t, a in
                    AuditTable.Row(
                        values: [
                            .integer(a.seq), .text(t.id), .text(t.title), .department(a.department), .time(a.accepted),
                            .deadline(original: t.originalDeadline, inForce: t.deadline), .integer(t.workflow.returned),
                        ], light: t.light)
                })
        case .pendingExtensions:
            let pending = tasksInOrder.compactMap { t in t.workflow.extensionRequest.map { (t, $0) } }.sorted { $0.1.seq < $1.1.seq }
            return AuditTable(
                kind: kind, columns: [.seq, .task, .title, .signer, .acceptedAt, .from, .until, .reason],
                rows: pending.map { t, r in
                    AuditTable.Row(
                        values: [
                            .integer(r.seq), .text(t.id), .text(t.title), .department(r.department), .time(r.accepted), .day(t.deadline),
                            .day(r.until), .text(r.reason),
                        ], light: t.light)
                })
        }
    }

    /// The tasks in ``NaturalOrder`` of their ids, whatever order the array holds them in.
    private var tasksInOrder: [TaskState] { tasks.sorted { NaturalOrder.precedes($0.id, $1.id) } }
}
