import LedgerProjector

/// Every word a report adds to the log's own text, in both languages.
///
/// One exhaustive switch keeps the two languages in step: a label without its translation does not compile.
enum ReportLabel: CaseIterable {
    case reportTitle, auditTitle, ledger, asOf, recordsCovered, headHash, timesIn
    case summary, byLight, byStatus, totalTasks, completionRate, count
    case tasks, otherSection, section
    case id, task, lead, co, leadShort, coShort, units, deadline, delayedTo, status, progress, light, reason, lastUpdate, targets, by
    case ranking, rankingRule, rank, department, led, shared, onTime, late, delays, overdue, daysSinceReport, reports, score
    case planTargets, scope, headline, target, latest, achievement, notReported
    case findings, findingsPointer, noFindings, auditHighlights
    case seq, rule, completedAt, signer, acceptedAt, movedFrom, movedTo
    case lateCompletions, delayRecords, neverReported, silentDepartments, overdueTasks
    case lastReport, never, assignedAt, daysOverdue, daysLate, none, silenceThreshold, days, more
    case inspections, pendingApplications, pendingExtensions, severity, findingStatus, ageDays, returned

    /// The label in both languages.
    var pair: (zh: String, en: String) {
        switch self {
        case .reportTitle: ("工作推进情况报告", "Work plan progress report")
        case .auditTitle: ("监督审计报告", "Audit report")
        case .ledger: ("台账", "Ledger")
        case .asOf: ("截至", "As of")
        case .recordsCovered: ("覆盖记录", "Records covered")
        case .headHash: ("链头哈希", "Head hash")
        case .timesIn: ("时间均为", "Times in")
        case .summary: ("总体情况", "Summary")
        case .byLight: ("按预警", "By light")
        case .byStatus: ("按状态", "By status")
        case .totalTasks: ("任务总数", "Tasks")
        case .completionRate: ("完成率", "Completed")
        case .count: ("数量", "Count")
        case .tasks: ("任务清单", "Tasks")
        case .otherSection: ("其他任务", "Other tasks")
        case .section: ("部分", "Section")
        case .id: ("编号", "ID")
        case .task: ("任务", "Task")
        case .lead: ("牵头单位", "Lead")
        case .co: ("责任单位", "Co-responsible")
        case .leadShort: ("牵头", "Lead")
        case .coShort: ("负责", "Co")
        case .units: ("牵头/责任单位", "Departments")
        case .deadline: ("截止日期", "Deadline")
        case .delayedTo: ("延期至", "delayed to")
        case .status: ("状态", "Status")
        case .progress: ("进度", "Progress")
        case .light: ("预警", "Light")
        case .reason: ("说明", "Reason")
        case .lastUpdate: ("最近更新", "Last update")
        case .targets: ("目标与实绩", "Targets vs results")
        case .by: ("报送", "by")
        case .ranking: ("部门排名", "Department ranking")
        case .rankingRule: ("排名规则", "Ranking rule")
        case .rank: ("名次", "Rank")
        case .department: ("部门", "Department")
        case .led: ("牵头", "Led")
        case .shared: ("参与", "Shared")
        case .onTime: ("按期完成", "On time")
        case .late: ("逾期完成", "Late")
        case .delays: ("延期", "Delayed")
        case .overdue: ("逾期未完成", "Overdue")
        case .daysSinceReport: ("距上次报告(天)", "Days since report")
        case .reports: ("报告次数", "Reports")
        case .score: ("得分", "Score")
        case .planTargets: ("年度目标", "Plan targets")
        case .scope: ("范围", "Scope")
        case .headline: ("总体目标", "Headline")
        case .target: ("目标", "Target")
        case .latest: ("最新值", "Latest")
        case .achievement: ("完成度", "Achievement")
        case .notReported: ("未报告", "not reported")
        case .findings: ("核查发现", "Findings")
        case .findingsPointer: ("详见监督审计报告", "see the audit report")
        case .noFindings: ("重放未发现违规记录", "Replay found no rule violations")
        case .auditHighlights: ("监督要点", "Audit highlights")
        case .seq: ("记录号", "Seq")
        case .rule: ("规则", "Rule")
        case .completedAt: ("完成时间", "Completed at")
        case .signer: ("签署部门", "Signed by")
        case .acceptedAt: ("受理时间", "Accepted at")
        case .movedFrom: ("原截止", "From")
        case .movedTo: ("新截止", "To")
        case .lateCompletions: ("逾期完成", "Late completions")
        case .delayRecords: ("延期记录", "Delays")
        case .neverReported: ("从未报告的任务", "Tasks never reported on")
        case .silentDepartments: ("长期未报告的部门", "Silent departments")
        case .overdueTasks: ("当前逾期任务", "Overdue tasks")
        case .lastReport: ("最近报告", "Last report")
        case .never: ("从未", "never")
        case .assignedAt: ("部署时间", "Assigned at")
        case .daysOverdue: ("逾期天数", "Days overdue")
        case .daysLate: ("逾期天数", "Days late")
        case .none: ("无", "None")
        case .silenceThreshold: ("未报告天数超过", "No report for more than")
        case .days: ("天", "days")
        case .more: ("其余", "more")
        case .inspections: ("督查发现", "Inspection findings")
        case .pendingApplications: ("待销号审核", "Applications to close awaiting review")
        case .pendingExtensions: ("待审批延期申请", "Extension requests awaiting decision")
        case .severity: ("问题等级", "Severity")
        case .findingStatus: ("整改状态", "Status")
        case .ageDays: ("已历天数", "Days open")
        case .returned: ("退回次数", "Times returned")
        }
    }

    /// The label in `language`.
    func text(_ language: ReportLanguage) -> String {
        language == .zh ? pair.zh : pair.en
    }
}

extension AuditTable.Kind {
    /// The list's name, as a heading or a count card shows it.
    var label: ReportLabel {
        switch self {
        case .findings: .findings
        case .lateCompletions: .lateCompletions
        case .delays: .delayRecords
        case .neverReported: .neverReported
        case .silentDepartments: .silentDepartments
        case .overdue: .overdueTasks
        case .inspections: .inspections
        case .pendingApplications: .pendingApplications
        case .pendingExtensions: .pendingExtensions
        }
    }
}

extension AuditTable.Column {
    /// The column's heading in the human formats.
    var label: ReportLabel {
        switch self {
        case .seq: .seq
        case .task: .id
        case .title: .task
        case .department: .department
        case .signer: .signer
        case .lead: .lead
        case .co: .co
        case .deadline: .deadline
        case .from: .movedFrom
        case .until: .movedTo
        case .completedAt: .completedAt
        case .acceptedAt: .acceptedAt
        case .assignedAt: .assignedAt
        case .lastReport: .lastReport
        case .lastUpdate: .lastUpdate
        case .daysLate: .daysLate
        case .daysOverdue: .daysOverdue
        case .daysSinceReport: .daysSinceReport
        case .percent: .progress
        case .led: .led
        case .shared: .shared
        case .rule: .rule
        case .reason: .reason
        case .severity: .severity
        case .findingStatus: .findingStatus
        case .ageDays: .ageDays
        case .returned: .returned
        }
    }
}

extension Light {
    /// The light's name as leadership knows it: 逾期 / 临期/滞后 / 正常.
    func label(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.red, .zh): "逾期"
        case (.yellow, .zh): "临期/滞后"
        case (.green, .zh): "正常"
        case (.red, .en): "Overdue"
        case (.yellow, .en): "Due soon/behind"
        case (.green, .en): "On track"
        }
    }

    /// 🔴 🟡 🟢.
    var emoji: String {
        switch self {
        case .red: "🔴"
        case .yellow: "🟡"
        case .green: "🟢"
        }
    }
}

extension FindingStatus {
    /// The status in the office's words: 整改中 / 已整改待核查 / 已销号.
    func label(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.open, .zh): "未整改"
        case (.rectified, .zh): "已整改待核查"
        case (.closed, .zh): "已销号"
        case (.open, .en): "Open"
        case (.rectified, .en): "Rectified, awaiting review"
        case (.closed, .en): "Closed"
        }
    }
}

extension TaskStatus {
    /// The status in words.
    func label(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.assigned, .zh): "已部署"
        case (.inProgress, .zh): "推进中"
        case (.completed, .zh): "已完成"
        case (.delayed, .zh): "已延期"
        case (.assigned, .en): "Assigned"
        case (.inProgress, .en): "In progress"
        case (.completed, .en): "Completed"
        case (.delayed, .en): "Delayed"
        case (.closeRequested, .zh): "待销号审核"
        case (.closed, .zh): "办结"
        case (.closeRequested, .en): "Awaiting closure review"
        case (.closed, .en): "Closed"
        }
    }
}
