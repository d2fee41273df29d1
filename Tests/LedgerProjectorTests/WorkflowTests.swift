import LedgerCore
import LedgerCrypto
import LedgerProjector
import Testing

/// A version 2 ledger (genesis written in version 1, continued in version 2, as an upgraded ledger is):
/// 发改局 the office, 商务粮食局 leads 1.1 with 住建局; 1.2 names no lead; 纪委监委 inspects.
private func workflowLedger() throws -> LedgerBuilder {
    var b = try LedgerBuilder()
    b.version = FormatVersion.v2
    try b.enrol("SWJ", name: "商务粮食局")
    try b.enrol("ZJJ", name: "住建局")
    try b.enrol("JW", name: "纪委监委", role: .inspector)
    try b.assign("1.1", lead: ["SWJ"], co: ["ZJJ"], deadline: "2023-06-30")
    try b.assign("1.2", co: ["SWJ", "ZJJ"], deadline: "2023-12-31")
    try b.progress("1.1", by: "SWJ", percent: 30, at: at("2023-02-01T00:00:00Z"))
    return b
}

private let evidence = [Evidence(name: "验收.pdf", digest: String(repeating: "cd", count: 32))]

extension LedgerBuilder {
    /// The rule `event` breaks as the next record: what `ledger append` refuses, by its rule's name.
    func refusal(_ event: Event, by department: String, at time: Timestamp) throws -> (code: RecordError.Code, field: String?)? {
        let candidate = try self.candidate(event, by: department, at: time)
        var chain = self.chain
        do {
            try chain.apply(candidate).run()
            try project().admissionCheck(candidate)
            return nil
        } catch {
            return (error.code, error.field)
        }
    }
}

@Suite("The 督办 workflow of format version 2")
struct WorkflowTests {
    @Test("only a closed task is done: an application waits for the office, a return puts the task back in progress")
    func closeAndReturn() throws {
        var b = try workflowLedger()
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: "申请销号"), by: "SWJ", at: at("2023-06-01T00:00:00Z"))
        var task = try #require(b.project().state().task("1.1"))
        #expect(task.status == .closeRequested && !task.status.isDone && task.completedAt == nil)
        #expect(task.workflow.application?.department == "SWJ")

        try b.append(.closeReturned(task: "1.1", reason: "佐证材料不全"), by: LedgerBuilder.operatorCode, at: at("2023-06-03T00:00:00Z"))
        task = try #require(b.project().state().task("1.1"))
        #expect(task.status == .inProgress && task.workflow.returned == 1 && task.workflow.lastReturnReason == "佐证材料不全")
        #expect(task.workflow.application == nil)

        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-06-10T00:00:00Z"))
        try b.append(.closeApproved(task: "1.1", note: "同意销号"), by: LedgerBuilder.operatorCode, at: at("2023-07-05T00:00:00Z"))
        let state = b.project().state()
        task = try #require(state.task("1.1"))
        #expect(task.status == .closed && task.status.isDone)
        // Judged on time by the application (2023-06-10), though the office decided after the deadline.
        #expect(task.completedAt == at("2023-06-10T00:00:00Z") && !task.completedLate && task.light == .green)
        #expect(task.workflow.closedAt == at("2023-07-05T00:00:00Z") && task.workflow.closeNote == "同意销号")
        #expect(task.workflow.applications == 2)
        #expect(state.department("SWJ")?.completedOnTime == 1)
        #expect(state.findings.isEmpty)
    }

    @Test("the office can reopen a closed task, which is then in progress and not done")
    func reopen() throws {
        var b = try workflowLedger()
        try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-06-01T00:00:00Z"))
        try b.append(.closeApproved(task: "1.1", note: "同意"), by: LedgerBuilder.operatorCode, at: at("2023-06-02T00:00:00Z"))
        try b.append(.reopened(task: "1.1", reason: "复核未达标"), by: LedgerBuilder.operatorCode, at: at("2023-06-05T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.status == .inProgress && task.percent == 30 && task.completedAt == nil && task.workflow.reopened == 1)
        #expect(try b.refusal(.reopened(task: "1.1", reason: "再次"), by: LedgerBuilder.operatorCode, at: at("2023-06-06T00:00:00Z"))?.code == .illegalTransition)
    }

    @Test("an approved extension moves the deadline for good and the status stays 已延期 through later progress")
    func extensionApproved() throws {
        var b = try workflowLedger()
        try b.append(.extensionRequested(task: "1.1", reason: "拆迁未完成", until: day("2023-09-30")), by: "ZJJ", at: at("2023-05-01T00:00:00Z"))
        var task = try #require(b.project().state().task("1.1"))
        #expect(task.deadline == day("2023-06-30") && task.workflow.extensionRequest?.until == day("2023-09-30"))
        try b.append(.extensionApproved(task: "1.1", note: nil), by: LedgerBuilder.operatorCode, at: at("2023-05-03T00:00:00Z"))
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-07-01T00:00:00Z"))
        task = try #require(b.project().state().task("1.1"))
        #expect(task.status == .delayed && task.originalDeadline == day("2023-06-30") && task.deadline == day("2023-09-30"))
        #expect(task.delays.count == 1 && task.delays[0].department == "ZJJ" && task.workflow.extensionsApproved == 1)
    }

    @Test("a refused extension leaves the deadline, and the task goes overdue on it")
    func extensionRefused() throws {
        var b = try workflowLedger()
        try b.append(.extensionRequested(task: "1.1", reason: "拆迁未完成", until: day("2023-09-30")), by: "SWJ", at: at("2023-05-01T00:00:00Z"))
        try b.append(.extensionRefused(task: "1.1", reason: "理由不充分"), by: LedgerBuilder.operatorCode, at: at("2023-05-03T00:00:00Z"))
        try b.progress("1.1", by: "SWJ", percent: 60, at: at("2023-07-02T00:00:00Z"))
        let task = try #require(b.project().state().task("1.1"))
        #expect(task.deadline == day("2023-06-30") && task.status == .inProgress && task.light == .red)
        #expect(task.workflow.extensionsRefused == 1 && task.workflow.lastRefusalReason == "理由不充分" && task.delays.isEmpty)
    }

    @Test(
        "the office decides only what is open; a unit applies or asks once at a time; nothing follows 办结 but reopening",
        arguments: [
            "approve with no application", "return with no application", "second application", "approve with no request", "refuse with no request",
            "second request", "request not later", "progress after closing", "application after closing", "request after closing",
        ])
    func orderRules(name: String) throws {
        var b = try workflowLedger()
        let office = LedgerBuilder.operatorCode, t = at("2023-05-10T00:00:00Z")
        let (event, by): (Event, String)
        switch name {
        case "approve with no application": (event, by) = (.closeApproved(task: "1.1", note: "同意"), office)
        case "return with no application": (event, by) = (.closeReturned(task: "1.1", reason: "不全"), office)
        case "second application":
            try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-05-01T00:00:00Z"))
            (event, by) = (.closeRequested(task: "1.1", evidence: evidence, note: nil), "SWJ")
        case "approve with no request": (event, by) = (.extensionApproved(task: "1.1", note: nil), office)
        case "refuse with no request": (event, by) = (.extensionRefused(task: "1.1", reason: "否"), office)
        case "second request":
            try b.append(.extensionRequested(task: "1.1", reason: "拆迁", until: day("2023-09-30")), by: "SWJ", at: at("2023-05-01T00:00:00Z"))
            (event, by) = (.extensionRequested(task: "1.1", reason: "拆迁", until: day("2023-10-30")), "ZJJ")
        case "request not later": (event, by) = (.extensionRequested(task: "1.1", reason: "拆迁", until: day("2023-06-30")), "SWJ")
        default:
            try b.append(.closeRequested(task: "1.1", evidence: evidence, note: nil), by: "SWJ", at: at("2023-05-01T00:00:00Z"))
            try b.append(.closeApproved(task: "1.1", note: "同意"), by: office, at: at("2023-05-02T00:00:00Z"))
            switch name {
            case "progress after closing": (event, by) = (.progress(task: "1.1", percent: 50, metrics: [], note: nil), "SWJ")
            case "application after closing": (event, by) = (.closeRequested(task: "1.1", evidence: evidence, note: nil), "SWJ")
            default: (event, by) = (.extensionRequested(task: "1.1", reason: "拆迁", until: day("2023-09-30")), "SWJ")
            }
        }
        let refusal = try b.refusal(event, by: by, at: t)
        #expect(refusal?.code == .illegalTransition, "\(name): \(String(describing: refusal))")
        // Written by another tool, it is valid (§6) but a finding, and changes nothing.
        let before = b.project().state().task("1.1")
        try b.append(event, by: by, at: t)
        let state = b.project().state()
        #expect(state.findings.count == 1 && state.findings[0].seq == b.records.count - 1)
        #expect(state.task("1.1")?.status == before?.status && state.task("1.1")?.deadline == before?.deadline)
    }

    @Test(
        "who may apply, designate, decide and inspect is verification's rule",
        arguments: [
            ("co unit applies for a task with a lead", false), ("lead applies", true), ("any co unit applies before a designation", true),
            ("the designated unit applies", true), ("another co unit applies after a designation", false),
            ("a unit closes a task", false), ("a unit refuses an extension", false), ("the office applies", false),
            ("a unit opens a finding", false), ("the office opens a finding", false), ("an inspector opens a finding on an unknown task", false),
            ("an inspector asks for an extension", false), ("designation on a task with a lead", false),
        ])
    func authority(name: String, allowed: Bool) throws {
        var b = try workflowLedger()
        let office = LedgerBuilder.operatorCode, t = at("2023-05-10T00:00:00Z")
        let apply = Event.closeRequested(task: "1.2", evidence: evidence, note: nil)
        let (event, by): (Event, String)
        switch name {
        case "co unit applies for a task with a lead": (event, by) = (.closeRequested(task: "1.1", evidence: evidence, note: nil), "ZJJ")
        case "lead applies": (event, by) = (.closeRequested(task: "1.1", evidence: evidence, note: nil), "SWJ")
        case "any co unit applies before a designation": (event, by) = (apply, "ZJJ")
        case "the designated unit applies", "another co unit applies after a designation":
            try b.append(.leadDesignated(task: "1.2", department: "SWJ"), by: office, at: at("2023-05-01T00:00:00Z"))
            (event, by) = (apply, name == "the designated unit applies" ? "SWJ" : "ZJJ")
        case "a unit closes a task": (event, by) = (.closeApproved(task: "1.1", note: "同意"), "SWJ")
        case "a unit refuses an extension": (event, by) = (.extensionRefused(task: "1.1", reason: "否"), "SWJ")
        case "the office applies": (event, by) = (.closeRequested(task: "1.1", evidence: evidence, note: nil), office)
        case "a unit opens a finding":
            (event, by) = (.findingOpened(subject: .task("1.1"), text: "台账不实", severity: .general, deadline: day("2023-06-30")), "SWJ")
        case "the office opens a finding":
            (event, by) = (.findingOpened(subject: .department("SWJ"), text: "台账不实", severity: .general, deadline: day("2023-06-30")), office)
        case "an inspector opens a finding on an unknown task":
            (event, by) = (.findingOpened(subject: .task("9.9"), text: "台账不实", severity: .general, deadline: day("2023-06-30")), "JW")
        case "an inspector asks for an extension": (event, by) = (.extensionRequested(task: "1.1", reason: "拆迁", until: day("2023-09-30")), "JW")
        default: (event, by) = (.leadDesignated(task: "1.1", department: "ZJJ"), office)
        }
        let refusal = try b.refusal(event, by: by, at: t)
        if allowed {
            #expect(refusal == nil, "\(name): \(String(describing: refusal))")
        } else {
            #expect(refusal != nil && refusal?.code != .illegalTransition, "\(name): \(String(describing: refusal))")
        }
    }

    @Test("a finding is rectified by its unit, kept open, rectified again and closed by its inspector; its age stops at closing")
    func findingLifecycle() throws {
        var b = try workflowLedger()
        let opened = try b.append(
            .findingOpened(subject: .task("1.1"), text: "台账不实", severity: .serious, deadline: day("2023-04-30")), by: "JW", at: at("2023-04-01T00:00:00Z"))
        let id = opened.signed.statement.id
        try b.append(.findingRectified(finding: id, evidence: evidence, note: "已核实"), by: "ZJJ", at: at("2023-04-10T00:00:00Z"))
        var finding = try #require(b.project().state().inspections.first)
        #expect(finding.status == .rectified && finding.rectifications == 1 && finding.task == "1.1" && finding.severity == .serious)
        try b.append(.findingKeptOpen(finding: id, reason: "材料不全"), by: "JW", at: at("2023-04-12T00:00:00Z"))
        finding = try #require(b.project().state().inspections.first)
        #expect(finding.status == .open && finding.keptOpen == 1 && finding.ageDays == 11)
        try b.append(.findingRectified(finding: id, evidence: evidence, note: "已补齐"), by: "SWJ", at: at("2023-04-20T00:00:00Z"))
        try b.append(.findingClosed(finding: id, note: "整改到位"), by: "JW", at: at("2023-04-21T00:00:00Z"))
        try b.progress("1.1", by: "SWJ", percent: 40, at: at("2023-06-01T00:00:00Z"))
        finding = try #require(b.project().state().inspections.first)
        #expect(finding.status == .closed && finding.ageDays == 20 && finding.id == id)
        let refusal = try b.refusal(.findingRectified(finding: id, evidence: evidence, note: "再次"), by: "SWJ", at: at("2023-06-02T00:00:00Z"))
        #expect(refusal?.code == .illegalTransition && refusal?.field == "statement.body.finding")
        // A unit-level finding is answerable by that unit only; the state lists it open, with its age.
        let onUnit = try b.append(
            .findingOpened(subject: .department("ZJJ"), text: "未按时报送", severity: .general, deadline: day("2023-07-31")), by: "JW",
            at: at("2023-06-03T00:00:00Z"))
        let wrongUnit = try b.refusal(
            .findingRectified(finding: onUnit.signed.statement.id, evidence: evidence, note: "已整改"), by: "SWJ", at: at("2023-06-04T00:00:00Z"))
        #expect(wrongUnit?.code == .notAuthorized)
        let state = b.project().state(asOf: at("2023-06-13T00:00:00Z"))
        #expect(state.inspections.count == 2 && state.inspections[1].department == "ZJJ" && state.inspections[1].ageDays == 10)
    }

    @Test("a version 1 record after a version 2 record, and the v1 types in a v2 record, are refused")
    func versionOrder() throws {
        var b = try workflowLedger()
        b.version = FormatVersion.v1
        let progress = try b.candidate(.progress(task: "1.1", percent: 40, metrics: [], note: nil), by: "SWJ", at: at("2023-03-01T00:00:00Z"))
        var chain = b.chain
        let error = #expect(throws: RecordError.self) { try chain.apply(progress).run() }
        #expect(error?.field == "v" && error?.seq == progress.seq)
        let statement = Statement(
            ledger: b.ledgerID, time: at("2023-03-01T00:00:00Z"), department: "SWJ", keyID: b.keys["SWJ"]!.publicKey.keyID(in: b.suite),
            event: .completed(task: "1.1", evidence: evidence, note: nil))
        let refused = #expect(throws: RecordError.self) { _ = try statement.signed(with: b.keys["SWJ"]!, version: FormatVersion.v2) }
        #expect(refused?.field == "type")
    }
}
