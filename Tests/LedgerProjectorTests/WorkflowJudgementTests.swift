import LedgerCore
import LedgerProjector
import Testing

/// A version 2 ledger for the judgement: tasks assigned on 1 January (+08:00), due 31 December;
/// 商务粮食局 (SWJ) leads 1.1, 住建局 (ZJJ) leads 1.2, 纪委监委 (JW) inspects.
private func judgedLedger(targets: [Target] = []) throws -> LedgerBuilder {
    var b = try LedgerBuilder(start: at("2022-12-31T15:00:00Z"))
    b.version = FormatVersion.v2
    try b.enrol("SWJ", name: "商务粮食局")
    try b.enrol("ZJJ", name: "住建局")
    try b.enrol("JW", name: "纪委监委", role: .inspector)
    try b.assign("1.1", lead: ["SWJ"], deadline: "2023-12-31", targets: targets, at: at("2022-12-31T16:00:00Z"))
    try b.assign("1.2", lead: ["ZJJ"], deadline: "2023-12-31", at: at("2022-12-31T16:00:00Z"))
    return b
}

private let evidence = [Evidence(name: "验收.pdf", digest: String(repeating: "cd", count: 32))]
private let office = LedgerBuilder.operatorCode

@Suite("The judgement on the workflow's facts: 销号, approved extensions, open 督查发现")
struct WorkflowJudgementTests {
    @Test("办结但指标未达标 applies to a task the office closed with a target unmet; an application alone, a return or a reopening is not a closure")
    func closedWithUnmet() throws {
        let target = Target(metric: "引进项目", value: 10, unit: "个")
        var b = try judgedLedger(targets: [target])
        try b.progress("1.1", by: "SWJ", percent: 90, metrics: [MetricValue(metric: "引进项目", value: 6, unit: "个")], at: at("2023-07-01T00:00:00Z"))
        try b.progress("1.2", by: "ZJJ", percent: 60, at: at("2023-07-01T00:00:01Z"))
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-07-10T00:00:00Z"))
        var state = b.project().state()
        var task = try #require(state.task("1.1"))
        #expect(task.status == .closeRequested && !task.closedTargetsUnmet && task.lightReasonCode.kind != .closedTargetsUnmet)
        #expect(state.tally.closedTargetsUnmet == 0 && state.auditTable(.closedTargetsUnmet).rows.isEmpty)

        try b.append(.closeReturned(task: "1.1", reason: "指标未达标"), by: office, at: at("2023-07-12T00:00:00Z"))
        task = try #require(b.project().state().task("1.1"))
        #expect(task.status == .inProgress && !task.closedTargetsUnmet && task.lightReasonCode.kind != .closedTargetsUnmet)

        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: "再次申请"), by: "SWJ", at: at("2023-07-20T00:00:00Z"))
        try b.append(.closeApproved(task: "1.1", note: "同意销号"), by: office, at: at("2023-07-25T00:00:00Z"))
        state = b.project().state()
        task = try #require(state.task("1.1"))
        #expect(task.status == .closed && task.closedTargetsUnmet && task.light == .yellow)
        #expect(task.lightReasonCode == .closedTargetsUnmet(completed: day("2023-07-20"), deadline: day("2023-12-31"), unmet: 1))
        #expect(state.tally.closedTargetsUnmet == 1)
        let audit = state.auditTable(.closedTargetsUnmet)
        #expect(audit.rows.count == 1 && audit.rows.first?.values.contains(.text("1.1")) == true)
        let swj = try #require(state.department("SWJ"))
        #expect(swj.completedOnTime == 1 && swj.closedTargetsUnmet == 1 && swj.targetsJudged == 1 && swj.targetsMet == 0)
        #expect(Ranking.taskScore(task) == 70)

        try b.append(.reopened(task: "1.1", reason: "复核"), by: office, at: at("2023-08-01T00:00:00Z"))
        state = b.project().state()
        #expect(state.task("1.1")?.closedTargetsUnmet == false && state.tally.closedTargetsUnmet == 0)
        #expect(state.department("SWJ")?.completedOnTime == 0)
    }

    @Test("An open 督查发现 on a task keeps it yellow and costs its lead unit points in the ranking until the inspector closes it")
    func findingsInLightAndRanking() throws {
        var b = try judgedLedger()
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-07-01T00:00:00Z"))
        try b.progress("1.2", by: "ZJJ", percent: 60, at: at("2023-07-01T00:00:01Z"))
        let t = at("2023-07-02T00:00:00Z")
        let clean = b.project().state(asOf: t)
        #expect(clean.task("1.1")?.light == .green && clean.department("SWJ")?.score == clean.department("ZJJ")?.score)

        let opened = try b.append(
            .findingOpened(subject: .task("1.1"), text: "台账不实", severity: .general, deadline: day("2023-07-31")), by: "JW", at: t)
        let id = opened.signed.statement.id
        var state = b.project().state(asOf: at("2023-07-03T00:00:00Z"))
        var task = try #require(state.task("1.1"))
        #expect(task.openFindings == 1 && task.light == .yellow && task.lightReasonCode == .findingsOpen(count: 1))
        var swj = try #require(state.department("SWJ")), zjj = try #require(state.department("ZJJ"))
        #expect(swj.openFindings == 1 && zjj.openFindings == 0)
        let (swjScore, zjjScore) = (try #require(swj.score), try #require(zjj.score))
        #expect(swjScore < zjjScore && swj.rank == 2 && zjj.rank == 1)

        // Rectified but not yet closed by the inspector: still open.
        try b.append(.findingRectified(finding: id, evidence: evidence, note: "已整改"), by: "SWJ", at: at("2023-07-10T00:00:00Z"))
        state = b.project().state(asOf: at("2023-07-11T00:00:00Z"))
        #expect(state.task("1.1")?.openFindings == 1 && state.task("1.1")?.light == .yellow)

        try b.append(.findingClosed(finding: id, note: "整改到位"), by: "JW", at: at("2023-07-12T00:00:00Z"))
        state = b.project().state(asOf: at("2023-07-13T00:00:00Z"))
        task = try #require(state.task("1.1"))
        swj = try #require(state.department("SWJ"))
        zjj = try #require(state.department("ZJJ"))
        #expect(task.openFindings == 0 && task.light == .green && swj.openFindings == 0 && swj.score == zjj.score)
    }

    @Test("A 督查发现 on a unit counts against that unit in the ranking, not against a task's light")
    func findingOnUnit() throws {
        var b = try judgedLedger()
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-07-01T00:00:00Z"))
        try b.progress("1.2", by: "ZJJ", percent: 60, at: at("2023-07-01T00:00:01Z"))
        try b.append(
            .findingOpened(subject: .department("ZJJ"), text: "连续未按时报送", severity: .general, deadline: day("2023-07-31")), by: "JW",
            at: at("2023-07-02T00:00:00Z"))
        let state = b.project().state(asOf: at("2023-07-03T00:00:00Z"))
        #expect(state.task("1.2")?.light == .green && state.task("1.2")?.openFindings == 0)
        let swj = try #require(state.department("SWJ")), zjj = try #require(state.department("ZJJ"))
        let (zjjScore, swjScore) = (try #require(zjj.score), try #require(swj.score))
        #expect(zjj.openFindings == 1 && zjjScore == swjScore - 2)
    }

    @Test("Only an approved extension is 已延期: a request awaiting the office or refused moves no deadline and counts nowhere")
    func approvedVersusRefused() throws {
        var b = try judgedLedger()
        try b.append(.extensionRequested(task: "1.1", reason: "拆迁未完成", until: day("2024-03-31")), by: "SWJ", at: at("2023-06-01T00:00:00Z"))
        try b.append(.extensionRequested(task: "1.2", reason: "资金未到位", until: day("2024-03-31")), by: "ZJJ", at: at("2023-06-01T00:00:01Z"))
        var state = b.project().state()
        #expect(state.tally.extended == 0 && state.tasks.allSatisfy { $0.delays.isEmpty && $0.deadline == day("2023-12-31") })
        #expect(state.auditTable(.pendingExtensions).rows.count == 2)

        try b.append(.extensionApproved(task: "1.1", note: nil), by: office, at: at("2023-06-05T00:00:00Z"))
        try b.append(.extensionRefused(task: "1.2", reason: "理由不充分"), by: office, at: at("2023-06-05T00:00:01Z"))
        state = b.project().state()
        let extended = try #require(state.task("1.1")), refused = try #require(state.task("1.2"))
        #expect(extended.status == .delayed && extended.originalDeadline == day("2023-12-31") && extended.deadline == day("2024-03-31"))
        #expect(refused.status != .delayed && refused.deadline == day("2023-12-31") && refused.delays.isEmpty)
        #expect(state.tally.extended == 1 && state.department("SWJ")?.delayed == 1 && state.department("ZJJ")?.delayed == 0)
        #expect(state.auditTable(.delays).rows.count == 1 && state.auditTable(.pendingExtensions).rows.isEmpty)

        // On 1 January the refused task is overdue; the extended one is not, and closes after its extension.
        let newYear = b.project().state(asOf: at("2024-01-02T00:00:00Z"))
        #expect(newYear.task("1.2")?.lightReasonCode.kind == .overdue && newYear.task("1.1")?.lightReasonCode.kind != .overdue)
        #expect(newYear.tally.overdue == 1)
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2024-02-01T00:00:00Z"))
        try b.append(.closeApproved(task: "1.1", note: "同意"), by: office, at: at("2024-02-03T00:00:00Z"))
        let closed = try #require(b.project().state().task("1.1"))
        #expect(closed.lightReasonCode.kind == .completedAfterDelay && Ranking.taskScore(closed) == 90)
    }

    @Test("The 月通报 counts closures by the office, extensions granted in the period, and the findings opened and closed between the two dates")
    func periodChanges() throws {
        var b = try judgedLedger()
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-06-01T00:00:00Z"))
        try b.progress("1.2", by: "ZJJ", percent: 60, at: at("2023-06-01T00:00:01Z"))
        let early = try b.append(
            .findingOpened(subject: .task("1.1"), text: "台账不实", severity: .general, deadline: day("2023-07-15")), by: "JW", at: at("2023-06-10T00:00:00Z"))
        // Asked for in June, decided in July: granted in July.
        try b.append(.extensionRequested(task: "1.2", reason: "资金未到位", until: day("2024-03-31")), by: "ZJJ", at: at("2023-06-20T00:00:00Z"))
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-06-25T00:00:00Z"))
        let juneEnd = b.records.count
        try b.append(.extensionApproved(task: "1.2", note: nil), by: office, at: at("2023-07-03T00:00:00Z"))
        try b.append(.closeApproved(task: "1.1", note: "同意"), by: office, at: at("2023-07-05T00:00:00Z"))
        try b.append(.findingClosed(finding: early.signed.statement.id, note: "整改到位"), by: "JW", at: at("2023-07-08T00:00:00Z"))
        try b.append(
            .findingOpened(subject: .department("ZJJ"), text: "未按时报送", severity: .serious, deadline: day("2023-08-31")), by: "JW",
            at: at("2023-07-10T00:00:00Z"))
        let before = b.project(juneEnd).state(asOf: at("2023-06-30T15:59:59Z"))
        let after = b.project().state(asOf: at("2023-07-31T15:59:59Z"))
        #expect(before.task("1.1")?.status == .closeRequested, "an application is no closure")
        let changes = PeriodChanges(before: before, after: after)
        #expect(changes.newlyClosed.map(\.id) == ["1.1"])
        #expect(changes.extensions.map(\.task) == ["1.2"] && changes.extensions.first?.delay.until == day("2024-03-31"))
        #expect(changes.findingsOpened.map(\.department) == ["ZJJ"] && changes.findingsOpened.first?.severity == .serious)
        #expect(changes.findingsClosed.map(\.id) == [early.signed.statement.id])
        #expect(changes.findingsOpen.count == 1)
        // June: the finding on 1.1 opened, nothing closed, the extension not yet granted.
        let june = PeriodChanges(before: b.project(4).state(asOf: at("2023-05-31T15:59:59Z")), after: before)
        #expect(june.findingsOpened.map(\.task) == ["1.1"] && june.findingsClosed.isEmpty && june.extensions.isEmpty && june.newlyClosed.isEmpty)
    }

    @Test("A unit whose tasks the office has all closed owes no report: it is not silent, however long it has not reported")
    func notSilentOnceClosed() throws {
        var b = try judgedLedger()
        try b.progress("1.1", by: "SWJ", percent: 90, at: at("2023-02-01T00:00:00Z"))
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-02-02T00:00:00Z"))
        var state = b.project().state(asOf: at("2023-06-01T00:00:00Z"))
        #expect(state.department("SWJ")?.silent == true, "awaiting the office, the task is still open")
        try b.append(.closeApproved(task: "1.1", note: "同意"), by: office, at: at("2023-02-05T00:00:00Z"))
        state = b.project().state(asOf: at("2023-06-01T00:00:00Z"))
        #expect(state.department("SWJ")?.silent == false && state.department("SWJ")?.tasksOpen == 0)
        #expect(state.department("ZJJ")?.silent == true, "its task is open and it never reported")
        try b.append(.reopened(task: "1.1", reason: "复核"), by: office, at: at("2023-06-01T00:00:00Z"))
        #expect(b.project().state(asOf: at("2023-06-01T00:00:00Z")).department("SWJ")?.silent == true)
    }
}
