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
    case taskHistory, record, type, content, recordHash, previousRecord, nextRecord, statementID, loggedLine, backToReport, inclusionProof,
        inclusionProofLink
    case openFindings
    case inspections, pendingApplications, pendingExtensions, severity, findingStatus, ageDays, returned
    case tally, tallyOverdue, tallyLate, tallyExtended, tallyBehind, tallySeriouslyBehind, tallyDueSoon, tallySilent, tallyAwaiting, tallyClosedUnmet
    case stationedUnits, unrankedUnits, attainment, timeliness, tied, indicator, result, judged, sources, conflicting, owner, alsoReported
    case closedTargetsUnmet, unmetTargets, kind, yes, no, csvSection, csvLastUpdateSeq, csvLastUpdateAt, csvLastUpdateBy, csvDelays
    case bulletinTitle, period, bulletinSummary, mainIndicators, lightList, problems, requirements
    case newlyClosed, newlyRed, extensionsGranted, findingsOpened, findingsClosed, rankMoves, noFindingsYet, newMark, redList, yellowList

    /// The label in both languages.
    var pair: (zh: String, en: String) {
        switch self {
        case .reportTitle: ("工作推进情况报告", "Work plan progress report")
        case .auditTitle: ("监督核查报告", "Inspection report")
        case .ledger: ("台账", "Ledger")
        case .asOf: ("截至", "As of")
        case .recordsCovered: ("覆盖记录", "Records covered")
        case .headHash: ("链头哈希", "Head hash")
        case .timesIn: ("时间均为", "Times in")
        case .summary: ("总体情况", "Summary")
        case .byLight: ("按亮灯", "By light")
        case .byStatus: ("按状态", "By status")
        case .totalTasks: ("任务总数", "Tasks")
        case .completionRate: ("办结率", "Closed")
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
        case .units: ("牵头/责任单位", "Units")
        case .deadline: ("截止日期", "Deadline")
        case .delayedTo: ("延期至", "delayed to")
        case .status: ("状态", "Status")
        case .progress: ("进度", "Progress")
        case .light: ("亮灯", "Light")
        case .reason: ("说明", "Reason")
        case .lastUpdate: ("最近更新", "Last update")
        case .targets: ("目标与实绩", "Targets vs results")
        case .by: ("报送", "by")
        case .ranking: ("参考排名", "Reference ranking")
        case .rankingRule: ("排名规则", "Ranking rule")
        case .rank: ("名次", "Rank")
        case .department: ("单位", "Unit")
        case .led: ("牵头", "Led")
        case .shared: ("配合", "Shared")
        case .onTime: ("按期办结", "Closed on time")
        case .late: ("逾期办结", "Closed late")
        case .delays: ("延期", "Delayed")
        case .overdue: ("逾期未完成", "Overdue")
        case .daysSinceReport: ("距上次报送（天）", "Days since report")
        case .reports: ("报送次数", "Reports")
        case .score: ("得分", "Score")
        case .planTargets: ("主要指标", "Main indicators")
        case .scope: ("范围", "Scope")
        case .headline: ("总体目标", "Headline")
        case .target: ("目标", "Target")
        case .latest: ("实绩", "Result")
        case .achievement: ("完成情况", "Judgement")
        case .notReported: ("未报送", "not reported")
        case .findings: ("违规记录", "Rule breaks")
        case .findingsPointer: ("详见监督核查报告", "see the inspection report")
        case .noFindings: ("重放未发现违规记录", "Replay found no rule violations")
        case .auditHighlights: ("核查要点", "Inspection highlights")
        case .seq: ("记录号", "Seq")
        case .rule: ("规则", "Rule")
        case .completedAt: ("办结时间", "Closed at")
        case .signer: ("签署单位", "Signed by")
        case .acceptedAt: ("受理时间", "Accepted at")
        case .movedFrom: ("原截止", "From")
        case .movedTo: ("新截止", "To")
        case .lateCompletions: ("逾期办结", "Closed late")
        case .delayRecords: ("延期记录", "Delays")
        case .neverReported: ("从未报送的任务", "Tasks never reported on")
        case .silentDepartments: ("长期未报送的单位", "Silent units")
        case .overdueTasks: ("逾期未完成任务", "Overdue tasks")
        case .lastReport: ("最近报送", "Last report")
        case .never: ("从未", "never")
        case .assignedAt: ("交办时间", "Assigned at")
        case .daysOverdue: ("已逾期天数", "Days overdue")
        case .daysLate: ("逾期天数", "Days late")
        case .none: ("无", "None")
        case .silenceThreshold: ("未报送天数超过", "No report for more than")
        case .days: ("天", "days")
        case .more: ("其余", "more")
        case .taskHistory: ("任务办理记录", "Task history")
        case .record: ("记录", "Record")
        case .type: ("类型", "Type")
        case .content: ("内容", "Content")
        case .recordHash: ("记录哈希", "Record hash")
        case .previousRecord: ("上一条", "Previous")
        case .nextRecord: ("下一条", "Next")
        case .statementID: ("报送编号", "Statement id")
        case .loggedLine: ("台账原文（JSON）", "The record as logged (JSON)")
        case .backToReport: ("返回工作推进情况报告", "Back to the report")
        case .inclusionProof: ("存证证明", "Inclusion proof")
        case .inclusionProofLink: ("本记录在最新签名检查点中的包含证明（JSON）", "This record's inclusion proof in the latest signed checkpoint (JSON)")
        case .openFindings: ("未销号督查发现", "Open findings")
        case .inspections: ("督查发现", "Inspection findings")
        case .pendingApplications: ("待销号审核", "Applications to close awaiting review")
        case .pendingExtensions: ("待审批延期申请", "Extension requests awaiting decision")
        case .severity: ("问题等级", "Severity")
        case .findingStatus: ("整改状态", "Status")
        case .ageDays: ("已历天数", "Days open")
        case .returned: ("退回次数", "Times returned")
        case .tally: ("分类统计", "Counts")
        case .tallyOverdue: ("逾期未完成", "Overdue")
        case .tallyLate: ("逾期完成", "Closed late")
        case .tallyExtended: ("已延期（含办结）", "Extended (incl. closed)")
        case .tallyBehind: ("进度滞后", "Behind")
        case .tallySeriouslyBehind: ("严重滞后", "Far behind")
        case .tallyDueSoon: ("临期", "Due soon")
        case .tallySilent: ("未报送", "Not reported on")
        case .tallyAwaiting: ("待年终统计", "Awaiting statistics")
        case .tallyClosedUnmet: ("办结但指标未达标", "Closed, targets unmet")
        case .stationedUnits: ("驻县单位（单列，不参与排名）", "Vertical and state-owned units (listed apart, not ranked)")
        case .unrankedUnits: ("无交办任务、不参与排名的单位", "Units without a task (not ranked)")
        case .attainment: ("指标达成率", "Targets met")
        case .timeliness: ("报送及时率", "Reporting rate")
        case .tied: ("并列", "tied")
        case .indicator: ("指标", "Indicator")
        case .result: ("实绩", "Result")
        case .judged: ("完成情况", "Judgement")
        case .sources: ("来源", "Sources")
        case .conflicting: ("各单位报送数值不一，待指定责任单位", "units reported different values; no owner designated")
        case .owner: ("责任单位", "Owner")
        case .alsoReported: ("各单位报送", "also reported")
        case .closedTargetsUnmet: ("办结但指标未达标", "Closed with targets unmet")
        case .unmetTargets: ("未达标指标", "Targets unmet")
        case .kind: ("类别", "kind")
        case .yes: ("是", "true")
        case .no: ("否", "false")
        case .csvSection: ("所属部分", "section")
        case .csvLastUpdateSeq: ("最近更新记录号", "last_update_seq")
        case .csvLastUpdateAt: ("最近更新时间", "last_update_at")
        case .csvLastUpdateBy: ("最近更新单位", "last_update_by")
        case .csvDelays: ("延期次数", "delays")
        case .bulletinTitle: ("工作推进情况通报", "Progress bulletin")
        case .period: ("通报期间", "Period")
        case .bulletinSummary: ("一、总体情况", "1. Overall")
        case .mainIndicators: ("二、主要指标完成情况", "2. Main indicators")
        case .lightList: ("三、亮灯清单", "3. Lights")
        case .problems: ("四、存在问题", "4. Problems")
        case .requirements: ("五、下步督办要求", "5. Requirements")
        case .newlyClosed: ("本期办结", "Closed this period")
        case .newlyRed: ("本期新亮红灯", "Newly red")
        case .extensionsGranted: ("本期延期", "Extensions this period")
        case .findingsOpened: ("本期督查发现", "Findings opened")
        case .findingsClosed: ("本期整改销号", "Findings closed")
        case .rankMoves: ("参考排名变化", "Ranking moves")
        case .noFindingsYet: ("台账尚无督查发现记录", "the ledger holds no inspector findings yet")
        case .newMark: ("新增", "new")
        case .redList: ("红灯任务", "Red")
        case .yellowList: ("黄灯任务", "Yellow")
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
        case .closedTargetsUnmet: .closedTargetsUnmet
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
        case .unmet: .unmetTargets
        }
    }
}

extension Light {
    /// The light's name as a 督办 office says it: 红灯 / 黄灯 / 绿灯.
    func label(_ language: ReportLanguage) -> String {
        switch (self, language) {
        case (.red, .zh): "红灯"
        case (.yellow, .zh): "黄灯"
        case (.green, .zh): "绿灯"
        case (.red, .en): "Red"
        case (.yellow, .en): "Yellow"
        case (.green, .en): "Green"
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
        case (.assigned, .zh): "已交办"
        case (.inProgress, .zh): "推进中"
        case (.completed, .zh): "办结"
        case (.delayed, .zh): "已延期"
        case (.assigned, .en): "Assigned"
        case (.inProgress, .en): "In progress"
        case (.completed, .en): "Closed"
        case (.delayed, .en): "Extended"
        case (.closeRequested, .zh): "待销号审核"
        case (.closed, .zh): "办结"
        case (.closeRequested, .en): "Awaiting closure review"
        case (.closed, .en): "Closed"
        }
    }
}
